"""The one base of sitrep's own errors.

Every failure sitrep foresees (a warehouse that is busy, damaged or too new; a report, filter or
output it cannot make; a feed list it cannot read; an article it cannot find; an input it refuses)
is a `SitrepError`: its message is written for the user, and the `sitrep` command prints it as
one line, without a traceback. Each class keeps the built-in base it had (ValueError,
LookupError, RuntimeError), so code that caught those still does."""


class SitrepError(Exception):
    """A failure sitrep foresaw; the message says what happened and, where it can, what to do."""
