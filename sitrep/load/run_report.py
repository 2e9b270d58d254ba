"""What a run found, for the lines `sitrep run` prints after it (sql/runs/*.sql): events by
type and country, the articles that gave no event, what was quarantined; and the rows of one
quality check, for `sitrep check`."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sitrep.load.readers import read_query, reading
from sitrep.load.timeouts import DEFAULT_TIMEOUT
from sitrep.load.warehouse import CHECK_DEFAULTS, CHECKS, SQL_DIR

_RUNS = SQL_DIR / "runs"


def _sql(name: str) -> str:
    return (_RUNS / f"{name}.sql").read_text(encoding="utf-8")


@dataclass
class RunFindings:
    found: list[tuple] = field(default_factory=list)  # event_type, country, events, killed, wounded
    without_events: list[tuple] = field(default_factory=list)  # source_uri, title
    quarantined: list[tuple] = field(default_factory=list)  # reason, inputs


def run_findings(warehouse: str | Path, run_id: str) -> RunFindings:
    params = {"run_id": run_id}
    with reading(warehouse) as read:  # one connection for the three
        return RunFindings(
            found=read(_sql("found_by_type_country"), params)[1],
            without_events=read(_sql("articles_without_events"), params)[1],
            quarantined=read(_sql("quarantined"), params)[1],
        )


def check_names() -> list[str]:
    return sorted(p.stem for p in CHECKS.glob("*.sql"))


def check_rows(
    warehouse: str | Path, name: str, run_id: str | None = None, timeout: float | None = None
) -> tuple[str, list[str], list[tuple]]:
    """(run_id, columns, rows) of the check `name` over the run (the latest run by default),
    with the run's own settings (its casualty ceiling) bound."""
    path = CHECKS / f"{name}.sql"
    if not path.exists():
        raise ValueError(f"no check {name!r}; the checks are: {', '.join(check_names())}")
    _, found = read_query(warehouse, _sql("run_settings"), {"run_id": run_id})
    if not found:
        raise ValueError(f"no run {run_id!r} in {warehouse}" if run_id else f"no run yet in {warehouse}")
    run_id, settings = found[0]
    params = {**CHECK_DEFAULTS, **_check_settings(settings), "run_id": run_id}
    sql = path.read_text(encoding="utf-8")
    bound = {k: v for k, v in params.items() if re.search(rf"\${k}\b", sql)}
    columns, rows = read_query(warehouse, sql, bound, timeout=timeout or DEFAULT_TIMEOUT)
    return run_id, columns, rows


def _check_settings(settings: str | None) -> dict:
    try:
        recorded = json.loads(settings or "{}")
    except ValueError:
        return {}
    return {k: recorded[k] for k in CHECK_DEFAULTS if k in recorded}
