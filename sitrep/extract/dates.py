"""Event dates (docs/codebook.md#dates).

Explicit dates, day-and-month without a year, month-and-year, weekdays and relative words.
Anything short of an explicit year is resolved against the article's publication date; with no
publication date it stays NULL and only its words are kept. A date is never invented."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from sitrep.extract.lexicon import lexicon


@dataclass(frozen=True, slots=True)
class DateMention:
    sentence_no: int
    char_start: int
    char_end: int
    text: str
    date: dt.date | None
    precision: str  # day | month | year
    weekday_conflict: bool  # "Saturday (14 January)" where 14 January was not a Saturday


@dataclass(frozen=True)
class _Patterns:
    full: re.Pattern
    day_month: re.Pattern
    month_year: re.Pattern
    weekday: re.Pattern
    relative: re.Pattern
    anchor: re.Pattern  # is there a date word at all (most sentences have none)
    months: dict
    weekdays: dict
    offsets: dict


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    cal = lexicon("calendar")
    months = cal["months"]
    full_weekdays = {k: v for k, v in cal["weekdays"].items() if len(k) > 4}
    rel = lexicon("dates")["relative_days"]
    # Capitalised month names only, and "May"/"Mar" only beside a day number (see below).
    mon = "|".join(sorted((m.capitalize() for m in months), key=len, reverse=True))
    wd = "|".join(sorted((w.capitalize() for w in full_weekdays), key=len, reverse=True))
    day = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<year>(?:19|20)\d\d)"
    month = rf"(?P<month>{mon})\.?"
    relative = "|".join(sorted(map(re.escape, rel), key=len, reverse=True))
    # Each pattern first looks at the character its matches can start with, so that most words
    # of a sentence fail at once instead of being tried against every alternative.
    m1, w1, r1 = _initials(mon.split("|")), _initials(wd.split("|")), _initials(rel)
    day_or_month = rf"(?=\d|[{m1}])"
    return _Patterns(
        full=re.compile(
            rf"\b{day_or_month}(?:{day}\s+(?:of\s+)?{month},?\s+{year}"
            rf"|(?P<month2>{mon})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<year2>(?:19|20)\d\d)"
            rf"|(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d))\b"
        ),
        day_month=re.compile(
            rf"\b{day_or_month}(?:{day}\s+(?:of\s+)?{month}"
            rf"|(?P<month2>{mon})\.?\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?)\b(?![-:]\d)"
        ),
        month_year=re.compile(rf"\b(?=[{m1}]){month}\s+{year}\b"),
        weekday=re.compile(rf"\b(?=[{w1}])(?P<weekday>{wd})\b"),
        relative=re.compile(rf"\b(?=[{r1}])({relative})\b", re.I),
        # words one of which every date above contains: most sentences have none
        anchor=re.compile(rf"\b(?=[{m1}{w1}12]|(?i:[{r1}]))(?:{mon}|{wd}|(?:19|20)\d\d-|(?i:{relative}))"),
        months={k.capitalize(): v for k, v in months.items()},
        weekdays={k.capitalize(): v for k, v in full_weekdays.items()},
        offsets={k.lower(): v for k, v in rel.items()},
    )


def _initials(words) -> str:
    """The first characters of `words`, as the inside of a character class."""
    return "".join(re.escape(c) for c in sorted({w[0] for w in words}))


# Placeholders such as 0001-01-01 and 9999-12-31 are no publication dates, and date arithmetic
# overflows at the calendar's edges: they resolve nothing.
_RESOLVABLE = (dt.date(1, 2, 1), dt.date(9999, 12, 1))


def find_dates(
    sentence_no: int, text: str, start: int, published_on: dt.date | None, skip: tuple[int, int] | None = None
) -> list[DateMention]:
    """Every date expression in one sentence (`text` starts at char `start` of the article).
    `skip` is the dateline's span: it dates the article, not an event."""
    if published_on is not None and not _RESOLVABLE[0] <= published_on <= _RESOLVABLE[1]:
        published_on = None
    p = _patterns()
    if not p.anchor.search(text):
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a, b):
        if skip and a + start < skip[1] and b + start > skip[0]:
            return False
        return all(b <= x or a >= y for x, y in taken)

    for m in p.full.finditer(text):
        if free(*m.span()):
            d = _full_date(m, p)
            if d:
                found.append(_mention(sentence_no, text, start, m.span(), d, "day", p))
                taken.append((found[-1].char_start - start, found[-1].char_end - start))
    for m in p.day_month.finditer(text):
        if free(*m.span()) and _plausible_day_month(m, text):
            d = _day_month(m, p, published_on)
            found.append(_mention(sentence_no, text, start, m.span(), d, "day", p))
            taken.append((found[-1].char_start - start, found[-1].char_end - start))
    for m in p.month_year.finditer(text):
        if free(*m.span()):
            d = dt.date(int(m.group("year")), p.months[m.group("month").capitalize()], 1)
            found.append(DateMention(sentence_no, start + m.start(), start + m.end(), m.group(), d, "month", False))
            taken.append(m.span())
    for m in p.weekday.finditer(text):
        if free(*m.span()):
            d = _last_weekday(published_on, p.weekdays[m.group("weekday")])
            found.append(DateMention(sentence_no, start + m.start(), start + m.end(), m.group(), d, "day", False))
            taken.append(m.span())
    for m in p.relative.finditer(text):
        if free(*m.span()):
            d = published_on - dt.timedelta(days=p.offsets[m.group(1).lower()]) if published_on else None
            found.append(DateMention(sentence_no, start + m.start(), start + m.end(), m.group(), d, "day", False))
            taken.append(m.span())
    return sorted(found, key=lambda x: x.char_start)


def _mention(sentence_no, text, start, span, d, precision, p) -> DateMention:
    """Widen a date to a weekday written just before it ("Saturday (14 January)")."""
    a, b = span
    m = re.search(r"\b(?P<weekday>[A-Z][a-z]+day),?\s*\(?\s*$", text[:a])
    conflict = False
    if m and m.group("weekday") in p.weekdays:
        a = m.start()
        if text[b : b + 1] == ")" and "(" in text[a : span[0]]:
            b += 1
        conflict = d is not None and d.weekday() != p.weekdays[m.group("weekday")]
    return DateMention(sentence_no, start + a, start + b, text[a:b], d, precision, conflict)


def _full_date(m: re.Match, p: _Patterns) -> dt.date | None:
    try:
        if m.group("iso"):
            return dt.date.fromisoformat(m.group("iso"))
        if m.group("month"):
            return dt.date(int(m.group("year")), p.months[m.group("month").capitalize()], int(m.group("day")))
        return dt.date(int(m.group("year2")), p.months[m.group("month2").capitalize()], int(m.group("day2")))
    except ValueError:
        return None


def _plausible_day_month(m: re.Match, text: str) -> bool:
    month = m.group("month") or m.group("month2")
    day = int(m.group("day") or m.group("day2"))
    if not 1 <= day <= 31:
        return False
    # "May 5" is a date; "may 5" is not (the pattern is case-sensitive), "Mar 5" rarely a date.
    return month.lower() not in ("mar",)


def _day_month(m: re.Match, p: _Patterns, published_on: dt.date | None) -> dt.date | None:
    """A day and month without a year: the latest such date not after publication (+2 days)."""
    if published_on is None:
        return None
    month = p.months[(m.group("month") or m.group("month2")).capitalize()]
    day = int(m.group("day") or m.group("day2"))
    for year in (published_on.year, published_on.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            continue
        if d <= published_on + dt.timedelta(days=2):
            return d
    return None


def _last_weekday(published_on: dt.date | None, weekday: int) -> dt.date | None:
    """ "On Saturday" in news means the latest Saturday on or before the publication day."""
    if published_on is None:
        return None
    return published_on - dt.timedelta(days=(published_on.weekday() - weekday) % 7)
