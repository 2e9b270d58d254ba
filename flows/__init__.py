"""The Prefect flows over the sitrep library: the pipeline flow and its deployments (serve).

Prefect reads its settings once, when it is imported, so sitrep's defaults are set here, before
any flow module imports it: no telemetry (offline, every run would log its failure), and the
temporary server given time to start on a busy machine."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
