"""One run: its settings, its tallies, how it ended, and its summary for the Prefect UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitrep.ingest import IngestOptions, Rejected
from sitrep.ingest.web import FetchOptions
from sitrep.load.warehouse import CHECK_DEFAULTS

# Each batch pays a commit and a checkpoint: loading took 1.1 ms an article in batches of 250,
# 0.5 ms in batches of 1,000. Two batches are in memory at once (one coding, one loading).
DEFAULT_BATCH_SIZE = 1000


@dataclass(frozen=True)
class RunSettings:
    """The limits of one run; recorded as JSON in `pipeline_runs.settings`."""

    batch_size: int = DEFAULT_BATCH_SIZE
    max_file_mb: float = IngestOptions.max_file_bytes / 1_000_000
    max_article_chars: int = IngestOptions.max_article_chars
    casualty_ceiling: int = CHECK_DEFAULTS["casualty_ceiling"]
    workers: int = 1  # processes coding articles
    task_runner: str = "local"  # local (a process pool here) or dask (a Dask cluster)
    follow_symlinks: bool = False  # read files links lead to outside the inputs
    fetch_delay: float = FetchOptions.delay  # news feeds: seconds between requests to one host
    fetch_timeout: float = FetchOptions.timeout
    max_page_mb: float = FetchOptions.max_bytes / 1_000_000


@dataclass
class RunSummary:
    run_id: str
    warehouse: str
    read: int = 0
    new: int = 0
    replaced: int = 0  # of the new: new versions of a source that replaced its earlier one
    unchanged: int = 0
    quarantined: int = 0
    events: int = 0
    casualties: int = 0
    warnings: int = 0
    failed_batches: int = 0
    interrupted_runs: list[str] = field(default_factory=list)
    reasons: dict[str, int] = field(default_factory=dict)  # quarantine reason -> inputs
    input_warnings: list[str] = field(default_factory=list)  # "file: what of it was not read"
    errors: list[str] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    incidents: dict = field(default_factory=dict)  # sql/artifacts/incidents.sql's row
    feeds: list[dict] = field(default_factory=list)  # per feed: its poll and what it brought
    status: str = "running"

    def counts(self) -> dict:
        return dict(
            read=self.read,
            new=self.new,
            replaced=self.replaced,
            unchanged=self.unchanged,
            quarantined=self.quarantined,
            events=self.events,
            casualties=self.casualties,
            warnings=self.warnings,
            failed_batches=self.failed_batches,
        )

    def incidents_note(self) -> str:
        """', 6 incidents (5 new, 1 told by several articles)' for the terminal; '' before any."""
        i = self.incidents
        if not i or not i.get("incidents"):
            return ""
        return f", {i['incidents']} incidents ({i['founded']} new, {i['reported_by_several']} told by several articles)"

    def feeds_note(self) -> str:
        """'; feeds: 2 polled (1 unchanged), 18 new items fetched, 1 failing' for the terminal."""
        if not self.feeds:
            return ""
        polled = sum(f["status"] != "resting" for f in self.feeds)
        unchanged = sum(f["status"] == "not_modified" for f in self.feeds)
        resting = len(self.feeds) - polled
        fetched = sum(f["pages_fetched"] for f in self.feeds)
        failing = sum(f["failing"] for f in self.feeds)
        resting_note = f", {resting} resting after failures" if resting else ""
        failing_note = f", {failing} failing again and again" if failing else ""
        return (
            f"; feeds: {polled} polled ({unchanged} unchanged{resting_note}), {fetched} new items fetched{failing_note}"
        )

    def refused(self, rejected: list[Rejected]) -> None:
        self.quarantined += len(rejected)
        for r in rejected:
            self.reasons[r.reason] = self.reasons.get(r.reason, 0) + 1

    def final_status(self) -> str:
        if self.failed_batches and not self.new and not self.unchanged:
            return "failed"
        if self.failed_batches or self.quarantined or self.input_warnings or any(c["failures"] for c in self.checks):
            return "completed_with_warnings"
        return "completed"


def failure_reason(e: BaseException) -> str:
    if isinstance(e, KeyboardInterrupt):
        return "stopped by Ctrl-C or SIGTERM"
    return f"{type(e).__name__}: {e}"


# --- the run's summary as Markdown (the Prefect UI's artifact) ---------------------------------


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    """A Markdown table; a '|' inside a cell would end it, so it becomes '/'."""
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(str(cell).replace("|", "/") for cell in line) + " |" for line in lines)


def summary_markdown(s: RunSummary, outcomes: list[dict], incidents: dict) -> str:
    """The run summary artifact: counts, quality checks, quarantine reasons, warnings, errors, feeds."""
    sections = [
        f"# sitrep run `{s.run_id}`: {s.status}",
        f"Warehouse: `{s.warehouse}`",
        markdown_table(["what", "count"], _count_rows(s, outcomes, incidents)),
        "## Quality checks",
        markdown_table(
            ["check", "severity", "failures"], [[c["check_name"], c["severity"], c["failures"]] for c in s.checks]
        ),
    ]
    if s.reasons:
        sections += [
            "## Quarantined inputs",
            markdown_table(["reason", "inputs"], [[r, n] for r, n in sorted(s.reasons.items())]),
        ]
    if s.input_warnings:
        sections += ["## Inputs read with warnings", "\n".join(f"- {w}" for w in s.input_warnings[:50])]
    if s.errors:
        sections += ["## Errors", "\n".join(f"- {e}" for e in s.errors[:20])]
    if s.feeds:
        sections.append(feeds_markdown(s.feeds))
    return "\n\n".join(sections) + "\n"


def _count_rows(s: RunSummary, outcomes: list[dict], incidents: dict) -> list[list]:
    rows: list[list] = [
        ["articles read", s.read],
        ["new", s.new],
        ["  of them new versions that replaced an earlier one", s.replaced],
        ["unchanged", s.unchanged],
        ["quarantined", s.quarantined],
        ["events", s.events],
        ["casualty reports", s.casualties],
    ]
    if incidents:
        rows += [
            ["incidents founded or joined (one per real-world event)", incidents["incidents"]],
            [
                "  of them new / reported by several articles",
                f"{incidents['founded']} / {incidents['reported_by_several']}",
            ],
            ["  killed (each incident's best estimate, summed)", incidents["killed_best"]],
        ]
    rows += [["failed batches", s.failed_batches], ["earlier runs found interrupted", len(s.interrupted_runs)]]
    rows += [
        [f"{o['outcome']} (reports / people in firm figures)", f"{o['reports']} / {o['people'] or 0}"] for o in outcomes
    ]
    return rows


def feeds_markdown(feeds: list[dict]) -> str:
    """The run's feeds; the ones failing again and again first, with when they are tried next."""
    if not feeds:
        return ""
    rows = [
        [
            f["feed_url"],
            f["title"] or "",
            f["status"],
            f["items"],
            f["pages_fetched"],
            f["pages_refused"],
            f"{f['consecutive_failures']}"
            + (f" (failing: rests until {f['next_check_after']})" if f["failing"] else ""),
            f["error"] or "",
        ]
        for f in sorted(feeds, key=lambda f: (not f["failing"], f["feed_url"]))
    ]
    header = ["feed", "title", "status", "items", "pages fetched", "refused", "failures in a row", "error"]
    return "## Feeds\n\n" + markdown_table(header, rows)
