"""The Prefect flows over the sitrep library: the pipeline flow and its deployments (serve)."""
