"""sitrep: news articles about armed conflict, coded into a conflict-event warehouse.

Prefect reads its settings once, when it is first imported, and every way into sitrep imports
this package before Prefect: so sitrep's defaults for it are set here (a user's own settings
win). No telemetry: offline, every run would log its failure. The temporary server is given
time to start on a busy machine."""

import os

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
