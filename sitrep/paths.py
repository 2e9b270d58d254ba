"""Where the SQL files are, installed or in a checkout: one answer for every module."""

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


@cache
def sql_dir() -> Path:
    """A wheel carries sql/ inside the package; an editable install reads the checkout's top-level sql/."""
    installed = PACKAGE / "sql"
    return installed if installed.is_dir() else PACKAGE.parent / "sql"
