"""Reports (sql/reports/*.sql), their filters and their parameters.

A report's SQL says what it can be filtered by: it uses the filters it applies as bound
parameters, `$country`, `$admin1`, `$since`, `$until`, `$actor`, `$event_type`, and may use
others of its own (`$limit`), which `--param NAME=VALUE` sets. DuckDB's parser lists the
parameters a query uses, so a filter a report cannot apply, or a --param it does not use, is
refused in one line before the warehouse is opened. Every parameter a report uses is bound,
to NULL when not given, which its SQL reads as "no filter" (`$country IS NULL OR ...`) or as
its default (`coalesce($limit, 500)`). Values are always bound, never pasted into SQL."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sitrep.errors import SitrepError
from sitrep.paths import sql_dir

SQL_DIR = sql_dir()
REPORTS_DIR = SQL_DIR / "reports"
DATA_DIR = Path(__file__).resolve().parent / "data"

# The filters every report that reads events or incidents applies: parameter -> its option.
FILTERS = {
    "country": "--country",
    "admin1": "--admin1",
    "since": "--since",
    "until": "--until",
    "actor": "--actor",
    "event_type": "--event-type",
}


class ReportError(SitrepError, ValueError):
    """A report asked for with a filter or parameter it cannot take, or one that does not exist."""


@dataclass(frozen=True)
class Report:
    name: str
    sql: str
    parameters: frozenset[str]

    @property
    def description(self) -> str:
        for line in self.sql.splitlines():
            if line.startswith("--"):
                return line.lstrip("- ").strip()
        return ""

    @property
    def filters(self) -> list[str]:
        return [name for name in FILTERS if name in self.parameters]

    @property
    def own_parameters(self) -> list[str]:
        return sorted(self.parameters - FILTERS.keys())

    def takes(self) -> str:
        """What it can be given, for the list of reports."""
        filters = (
            "all filters"
            if len(self.filters) == len(FILTERS)
            else " ".join(FILTERS[f] for f in self.filters) or "no filters"
        )
        return "; ".join([filters] + [f"--param {p}=..." for p in self.own_parameters])


def all_reports() -> list[Report]:
    return [report(path.stem) for path in sorted(REPORTS_DIR.glob("*.sql"))]


def report(name: str) -> Report:
    path = REPORTS_DIR / f"{name}.sql"
    if not name.isidentifier() or not path.is_file():
        raise ReportError(f"no report {name!r}; run 'sitrep report' to list them")
    sql = path.read_text(encoding="utf-8")
    return Report(name, sql, query_parameters(sql) or frozenset())


def query_parameters(sql: str) -> frozenset[str] | None:
    """The `$name` parameters the SQL uses, as DuckDB's parser finds them (not in comments or
    strings); None when it does not parse, so that running it says why."""
    import duckdb

    try:
        with duckdb.connect() as con:
            return frozenset(name for statement in con.extract_statements(sql) for name in statement.named_parameters)
    except duckdb.Error:
        return None


def report_parameters(rep: Report, filters: dict, params: dict[str, str]) -> dict:
    """The values to bind for `rep`: the filters given (by parameter name, None when not given)
    and the --param values; every parameter the report uses, NULL when not given."""
    given = {name: value for name, value in filters.items() if value is not None}
    cannot = [name for name in given if name not in rep.parameters]
    if cannot:
        can = ", ".join(FILTERS[f] for f in rep.filters)
        raise ReportError(
            f"report {rep.name!r} cannot be filtered by {', '.join(FILTERS[c] for c in cannot)} "
            f"({'its filters: ' + can if can else 'it takes no filters'})"
        )
    as_filter = [name for name in params if name in FILTERS]
    if as_filter:
        name = as_filter[0]
        raise ReportError(f"--param {name}= is the filter {FILTERS[name]}; give {FILTERS[name]} VALUE")
    _refuse_unused(params, rep.parameters, f"report {rep.name!r}")
    return {name: params.get(name, given.get(name)) for name in rep.parameters}


def query_params(sql: str, params: dict[str, str]) -> dict[str, str] | None:
    """The --param values of an ad-hoc query: each must be one it uses, and each it uses given."""
    used = query_parameters(sql)
    if used is None:
        return params or None  # it does not parse: running it says why
    _refuse_unused(params, used, "the query")
    missing = sorted(used - params.keys())
    if missing:
        raise ReportError(
            f"the query uses {', '.join('$' + m for m in missing)}; give "
            + " ".join(f"--param {m}=VALUE" for m in missing)
        )
    return params or None


def _refuse_unused(params: dict, used: frozenset[str], what: str) -> None:
    unused = sorted(params.keys() - used)
    if unused:
        own = sorted(used - FILTERS.keys()) if what.startswith("report") else sorted(used)
        takes = f"its parameters: {', '.join(own)}" if own else "it takes no --param"
        raise ReportError(f"{what} has no parameter {', '.join('$' + u for u in unused)} ({takes})")


# --- filter values, checked where they are given (argparse types) -----------------------------


def country_code(text: str) -> str:
    code = text.strip().upper()
    if code not in _country_codes():
        raise argparse.ArgumentTypeError(f"{text!r} is no ISO 3166-1 alpha-2 country code (SY, NG, UA, ...)")
    return code


def event_type(text: str) -> str:
    """The ACLED event type or sub-event type `text` names, in any case, as the warehouse spells it."""
    names = _event_types()
    found = names.get(text.strip().casefold())
    if found:
        return found
    close = difflib.get_close_matches(text.strip().casefold(), names, n=1, cutoff=0.6)
    hint = f"did you mean {names[close[0]]!r}? " if close else ""
    raise argparse.ArgumentTypeError(
        f"{text!r} is no ACLED event type or sub-event type ({hint}one of: {', '.join(sorted(set(names.values())))})"
    )


def iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is no date YYYY-MM-DD") from None


@lru_cache(maxsize=1)
def _country_codes() -> frozenset[str]:
    with open(DATA_DIR / "countries" / "countries.csv", encoding="utf-8", newline="") as f:
        return frozenset(row["iso2"] for row in csv.DictReader(f))


@lru_cache(maxsize=1)
def _event_types() -> dict[str, str]:
    """Folded name -> name of every event type and sub-event type the extractor codes."""
    from sitrep.extract.lexicon import lexicon

    names = {}
    for kind, sub_kind in lexicon("events")["sub_events"].values():
        names[kind.casefold()] = kind
        names[sub_kind.casefold()] = sub_kind
    return names
