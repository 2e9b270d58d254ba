"""A progress bar for long runs in a terminal: files done, articles coded, articles/s, ETA.

The CLI turns it on only when standard error is a terminal; scheduled runs, CI and pipes get
none (their record is Prefect's log and the run's artifacts)."""

from __future__ import annotations

import sys
import time
from contextlib import contextmanager

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

_enabled = False


def enable(on: bool | None = None) -> None:
    """On when asked, or by default when stderr is a terminal."""
    global _enabled
    _enabled = sys.stderr.isatty() if on is None else on


def is_enabled() -> bool:
    return _enabled


class _Bar:
    def __init__(self, progress: Progress | None, task_id, started: float):
        self._progress, self._task, self._started, self._articles = progress, task_id, started, 0

    def update(self, files_done: int, articles: int) -> None:
        self._articles += articles
        if self._progress is None:
            return
        rate = self._articles / max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, completed=files_done, articles=f"{self._articles:,} articles, {rate:,.0f}/s")


@contextmanager
def files_bar(total_files: int):
    if not _enabled or total_files == 0:
        yield _Bar(None, None, time.monotonic())
        return
    progress = Progress(
        TextColumn("coding"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[articles]}"),
        TimeRemainingColumn(),
        transient=True,
    )
    with progress:
        task_id = progress.add_task("coding", total=total_files, articles="")
        yield _Bar(progress, task_id, time.monotonic())
