"""Datelines: the publication date a news body opens with ("Wed 05 Apr 2017", "Posted on
April 19 2017 by ...", "20.07.2016 - ..."), and the wire datelines that lead with the place and
credit an agency ("KABUL, Afghanistan, May 3, 2020 (AP) —", "BEIRUT, April 5 (Reuters) -").

Only what the text says is parsed: a year is required (a day and month alone date an article
only against the caller's reference date), and numeric dates are read day-first because the
outlets of this domain are not American; a month-first reading is used only when day-first is
impossible. The same date grammar reads date columns and HTML metadata (`parse_date_value`)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from sitrep.extract.dates import year_pattern
from sitrep.ingest.lexicon import agency_name, calendar, canonical_outlet, outlet_regex, place_particles

# How far into the body a dateline may start: the longest real prefixes ("Posted on ... by
# Asharq Al-Awsat English", a repeated title plus a wire name) fit well inside this.
BODY_WINDOW = 200
# Between a repeated title and the dateline there may be a short credit ("Monitor AFP",
# "Middle East Syria Military", "Sputnik Mikhail Voskresenskiy Middle East 2159") but not a
# sentence. Limits in words and in letters of those words.
MAX_CREDIT_WORDS = 8
MAX_CREDIT_CHARS = 60

# Spaces only, never a newline: a date must not run from the title line into the body.
_S = r"[^\S\n]"
_DAY = r"(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
# Words that announce a publication date; kept inside the dateline span.
_MARKER = (
    rf"(?:(?:posted|published|updated|last{_S}+updated?|date{_S}+of{_S}+publication|"
    rf"publication{_S}+date|first{_S}+published)(?:{_S}+(?:on|at))?{_S}*:?{_S}*)"
)
# A clock time right after the date: "at 0914", "18:32", "0147 PM", "190703".
_TIME = (
    rf"(?:,?{_S}+(?P<time>at{_S}+\d{{1,2}}:?\d\d(?::?\d\d)?"
    rf"|\d{{1,2}}:\d\d(?::\d\d)?(?:{_S}*[ap]\.?m\b\.?)?"
    rf"|\d{{3,4}}{_S}*[ap]\.?m\b\.?|\d{{6}}(?!\d)))?"
)


@dataclass(frozen=True)
class DateMatch:
    date: datetime.date
    start: int  # start of the whole dateline (marker and weekday included)
    end: int  # end of the date, or of the clock time that follows it
    date_start: int  # start of the date proper (after marker and weekday)
    has_marker: bool


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    cal = calendar()
    month = rf"(?P<month>{_alternation(cal['months'])})\.?"
    weekday = rf"(?:(?P<weekday>{_alternation(cal['weekdays'])})\.?,?{_S}+)?"
    head = rf"(?<![\w.])(?P<marker>{_MARKER})?{weekday}(?P<date>"
    year = rf"(?P<year>{year_pattern()})"
    forms = [
        rf"{_DAY}{_S}+(?:of{_S}+)?{month},?{_S}+{year})",  # 5 April 2017, Wed 05 Apr 2017
        rf"{month}{_S}+{_DAY},?{_S}+{year})",  # April 5 2017, Sun Aug 17 2014
        rf"{month}{_S}+(?P<day>0[1-9]|[12]\d|3[01]){year})",  # Apr 092017 (day glued to year)
        r"(?P<a>\d{1,2})(?P<sep>[-./])(?P<b>\d{1,2})(?P=sep)" + year + ")",  # 20.07.2016
        rf"(?P<iso>{year_pattern()}-\d\d-\d\d))(?:T[\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?",  # 2016-08-06
    ]
    # (?!\d) rather than \b after the year: scraped pages glue the next word on ("2017Get").
    return tuple(re.compile(head + f + rf"(?!\d){_TIME}", re.IGNORECASE) for f in forms)


def _numeric_date(a: int, b: int, year: int) -> datetime.date | None:
    """Day-first; month-first only when day-first is impossible and month-first is not."""
    for day, month in ((a, b), (b, a)):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return None


def _valid_time(time: str | None) -> bool:
    """A clock time is part of the dateline only if it is one (hh < 24, mm < 60)."""
    digits = re.sub(r"\D", "", time or "")
    if len(digits) in (3, 5):
        digits = "0" + digits
    if len(digits) not in (4, 6):
        return False
    hh, mm, ss = int(digits[:2]), int(digits[2:4]), int(digits[4:] or 0)
    return hh < 24 and mm < 60 and ss < 60


def _to_date(m: re.Match[str]) -> datetime.date | None:
    g = m.groupdict()
    try:
        if g.get("iso"):
            return datetime.date.fromisoformat(g["iso"])
        if g.get("a"):
            return _numeric_date(int(g["a"]), int(g["b"]), int(g["year"]))
        month = calendar()["months"][g["month"].lower()]
        return datetime.date(int(g["year"]), month, int(g["day"]))
    except ValueError:
        return None


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMatch]:
    """Every full date (with a year) starting in text[start:end], earliest first."""
    end = len(text) if end is None else end
    # A dateline is at most ~70 characters long ("Date of publication 30 September 2017 at
    # 23:59"); scanning past that would read the whole article for every window.
    endpos = min(len(text), end + 80)
    windows = _year_windows(text, start, endpos)
    found: dict[int, DateMatch] = {}
    for pattern in _patterns() if windows else ():
        for m in _matches_starting_before(pattern, text, windows, end):
            date = _to_date(m)
            if date is None:
                continue
            stop = m.end() if _valid_time(m.group("time")) else m.end("date")
            match = DateMatch(date, m.start(), stop, m.start("date"), bool(m.group("marker")))
            if m.start() not in found or found[m.start()].end < stop:
                found[m.start()] = match
    return sorted(found.values(), key=lambda d: d.start)


def _matches_starting_before(
    pattern: re.Pattern[str], text: str, windows: list[tuple[int, int]], end: int
) -> Iterator[re.Match[str]]:
    """The pattern's matches in the windows (left to right) that start before `end`."""
    for lo, hi in windows:
        for m in pattern.finditer(text, lo, hi):
            if m.start() >= end:
                return
            yield m


# Every form ends with its year, and in single-spaced text (every article text is) no dateline
# runs more than this many characters before its year ("Date of publication: Wednesday, 30th of
# September ", 57) or after it (", at 12:34:56 p.m.", 18, plus the 3 a year found inside a longer
# number may be off by). So only the stretches around a year are scanned: the patterns are tried
# at every word of what they scan, and that was a fifth of the flow process's time.
_BEFORE_YEAR = 80
_AFTER_YEAR = 48
_WIDE_SPACE = re.compile(r"[^\S\n]{2}|[^\S\n ]")


def _year_windows(text: str, start: int, endpos: int) -> list[tuple[int, int]]:
    """The merged stretches of text[start:endpos] that could hold a date; all of it where runs
    of spaces or tabs could stretch a date past the bounds (an unnormalised value)."""
    years = [m.start() for m in _years_anywhere().finditer(text, start, endpos)]
    if not years:
        return []  # every form has a year: most windows have none, found in one C-level pass
    if _WIDE_SPACE.search(text, start, endpos):
        return [(start, endpos)]
    windows: list[tuple[int, int]] = []
    for y in years:
        lo, hi = max(start, y - _BEFORE_YEAR), min(endpos, y + _AFTER_YEAR)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


@cache
def _years_anywhere() -> re.Pattern[str]:
    return re.compile(year_pattern())


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_LEAD = re.compile(r"(?:[^\w\n]|_)*")


def _match_end(always_matches: re.Pattern[str], text: str, pos: int) -> int:
    """Where a pattern that also matches the empty string (`(...)*`) stops matching at `pos`."""
    m = always_matches.match(text, pos)
    assert m is not None  # a starred pattern matches the empty string at any position
    return m.end()


def _tokens(s: str) -> list[str]:
    return [t.replace("'", "").replace("’", "").lower() for t in _TOKEN.findall(s)]


def _repeat_end(wanted: list[str], text: str, body_start: int) -> int | None:
    pos = body_start
    for word, m in zip(wanted, _TOKEN.finditer(text, body_start), strict=False):
        if m.group().replace("'", "").replace("’", "").lower() != word:
            return None
        pos = m.end()
    return pos if pos > body_start else None


def title_repeat_end(text: str, title_end: int, body_start: int) -> int | None:
    """Where a body that opens by repeating its title stops repeating it; None if it does not.

    FA-KES bodies repeat the title with apostrophes and punctuation differing, and without the
    site suffix the title carries ("... kills 12 NGO - Region - World - Ahram Online")."""
    title = text[:title_end]
    parts = re.split(r"\s+[-–—|]\s+", title)
    for n in range(len(parts), 0, -1):
        wanted = _tokens(" ".join(parts[:n]))
        if len(wanted) >= 3 or (wanted and n == len(parts)):
            end = _repeat_end(wanted, text, body_start)
            if end is not None:
                return end
    return None


# "... Ghouta: On August 21 2013" is a sentence about an event, not a credit and a dateline.
_PREPOSITIONS = frozenset(
    {
        "on",
        "in",
        "at",
        "since",
        "until",
        "till",
        "by",
        "from",
        "of",
        "to",
        "before",
        "after",
        "during",
        "between",
        "and",
        "or",
    }
)


def _is_credit_gap(gap: str) -> bool:
    """A short run of capitalised names, numbers and symbols ("Monitor AFP", "Middle East Syria
    Military", "© Sputnik Mikhail Voskresenskiy Middle East 2159"), not a sentence."""
    if re.search(r"[.!?;\"“”]", gap):
        return False
    # Mojibake and symbols between the names ("_â__â©") are not words and do not count.
    words = [w for w in gap.split() if re.search(r"[A-Za-z0-9]", w)]
    return (
        len(words) <= MAX_CREDIT_WORDS
        and sum(map(len, words)) <= MAX_CREDIT_CHARS
        and all(w[0].isupper() or w[0].isdigit() for w in words)
        and not (words and words[-1].lower().strip(":,") in _PREPOSITIONS)
    )


def _after_outlet(text: str, start: int, body_start: int) -> bool:
    """A date right after a wire or outlet name ("... Reuters Wednesday 7 Aug 2013")."""
    before = text[body_start:start].rstrip(" -–—:,|")
    m = outlet_regex().search(before, max(0, len(before) - 40))
    while m and m.end() != len(before):
        m = outlet_regex().search(before, m.end())
    return m is not None


class Dateline(NamedTuple):
    date: datetime.date | None  # None: a day and month without a year, and no reference date
    span: tuple[int, int]  # in the text: "Wed 05 Apr 2017", "KABUL, May 3, 2020 (AP)"


def parse_dateline(text: str, reference: datetime.date | None = None) -> tuple[datetime.date, tuple[int, int]] | None:
    """The dateline of an article text (title on the first line, then the body) and its span
    in `text`, if it gives a date (see `find_dateline`)."""
    found = find_dateline(text, reference)
    if found is None or found.date is None:
        return None
    return found.date, found.span


def find_dateline(text: str, reference: datetime.date | None = None) -> Dateline | None:
    """The dateline of an article text (title on the first line, then the body), with its span
    in `text`. Without a newline the whole text is read as a body.

    Accepted, in this order: a wire dateline with a date opening the body ("KABUL, May 3, 2020
    (AP) -"; without a year its date is the latest such day on or before `reference`, or None);
    a date opening the body (after a marker like "Posted on" and a weekday); a date right after
    the body's repeat of the title and a short credit; a date alone on a line of its own, or
    after a byline ("By Jane Doe | April 5, 2017"); a date right after a wire or outlet name; a
    date ending the title line. A date inside a sentence ("On August 21 2013 ...") is not a
    dateline."""
    title_end = text.find("\n")
    body_start = title_end + 1 if title_end >= 0 else 0
    lead = _match_end(_LEAD, text, body_start)
    wire = opening_wire_dateline(text, lead, reference)
    if wire is not None and wire.dated:
        return Dateline(wire.date, wire.span)
    candidates = find_dates(text, body_start, body_start + BODY_WINDOW)
    repeat_end = title_repeat_end(text, title_end, body_start) if title_end > 0 else None
    for d in candidates:
        if d.start == lead or _fills_its_line(text, d, body_start):
            return Dateline(d.date, (d.start, d.end))
        if repeat_end is not None and d.start >= repeat_end and _is_credit_gap(text[repeat_end : d.start]):
            return Dateline(d.date, (d.start, d.end))
    for d in candidates:
        if _after_outlet(text, d.start, body_start):
            return Dateline(d.date, (d.start, d.end))
    if title_end > 0:
        title = text[:title_end].rstrip(" .,;:-–—)]")
        for d in find_dates(text, 0, title_end):
            if d.end == len(title):
                return Dateline(d.date, (d.start, d.end))
    return None


# What may follow a date that ends its line: punctuation, or a time zone ("10:32 GMT").
_LINE_END = re.compile(r"[^\S\n]*(?:[A-Z]{2,4}\b)?[^\w\n]*(?:\n|$)")


def _fills_its_line(text: str, d: DateMatch, body_start: int) -> bool:
    """A date that ends its line, with at most a credit before it: "April 5, 2017" on a line
    of its own, "By Jane Doe | April 5, 2017" (a byline line, then the date)."""
    line_start = text.rfind("\n", 0, d.start) + 1
    return (
        line_start >= body_start
        and _LINE_END.match(text, d.end) is not None
        and _is_credit_gap(text[line_start : d.start])
    )


class WireDateline(NamedTuple):
    span: tuple[int, int]  # place to credit: "KABUL, Afghanistan, May 3, 2020 (AP)"
    dated: bool  # it gives a day and month
    date: datetime.date | None  # that day: None without a year and a reference date, or if impossible
    agency: str | None  # the credited wire, as outlets.txt spells it


def wire_dateline(text: str, start: int, reference: datetime.date | None = None) -> WireDateline | None:
    """A wire dateline at `start`: the place (in capitals unless an agency is credited), its
    region, a date, the agency, and a separator ("KABUL, Afghanistan, May 3, 2020 (AP) —",
    "New Delhi, May 3 (PTI)", "Kabul [Afghanistan], May 3 (ANI):", "MOSCOW, May 3. /TASS/.",
    "Damascus, SANA -", "BEIRUT, April 5, 2017 -"). None if the text does not open with one."""
    m = _wire_pattern().match(text, start)
    if m is None:
        return None
    credit = m.group("paren") or m.group("slash") or m.group("named")
    agency = agency_name(credit) if credit else None
    if credit and agency is None:
        return None  # "(Homs)", "(VIDEO)": a bracket, not a wire's credit
    if credit is None and not m.group("place").split()[0].isupper():
        return None  # without a credit only the wires' capitals say "dateline"
    if m.group("paren") and not (m.group("sep") or m.group("date")) and canonical_outlet(credit) is None:
        return None  # "Free Syrian Army (FSA) fighters": an acronym in a sentence
    if credit:
        end = m.end("named") if m.group("named") else m.end("paren") + 1 if m.group("paren") else m.end("slash") + 1
    else:
        end = m.end("date")
    date = _wire_date(m, reference) if m.group("date") else None
    return WireDateline((m.start(), end), bool(m.group("date")), date, agency)


# A byline or desk credit may stand before a wire dateline ("Staff Reports - KOKOMO, Ind. (WISH) --").
_CREDIT_BEFORE_WIRE = re.compile(rf"([^\n]{{2,40}}?){_S}+[-–—|]{{1,2}}{_S}+")


def opening_wire_dateline(text: str, start: int, reference: datetime.date | None = None) -> WireDateline | None:
    """The wire dateline a body opens with at `start`, or after a short credit there."""
    found = wire_dateline(text, start, reference)
    if found is None and (m := _CREDIT_BEFORE_WIRE.match(text, start)) and _is_credit_gap(m.group(1)):
        found = wire_dateline(text, m.end(), reference)
    return found


_CAPITAL = "A-ZÀ-ÖØ-Þ"


@cache
def _wire_pattern() -> re.Pattern[str]:
    """place [region] [, date] credit [separator] | PLACE [, region], date separator."""
    particle = rf"(?:{_alternation(place_particles())})"
    word = rf"(?:{particle}[-'’])?[{_CAPITAL}][\w'’.-]*"  # KABUL, Wyo., al-Ain, D.C.
    name = rf"{word}(?:{_S}+(?:{particle}{_S}+){{0,2}}{word}){{0,3}}"  # New Delhi, Rio de Janeiro
    months = f"(?i:{_alternation(calendar()['months'])})"
    month_day = rf"(?P<month>{months})\.?{_S}+(?P<day>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?!\d)"
    day_month = rf"(?P<day2>0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?{_S}+(?P<month2>{months})\.?"
    date = rf",{_S}*(?P<date>(?:{month_day}|{day_month})(?:,?{_S}+(?P<year>{year_pattern()})(?!\d))?)\.?"
    dash = rf"{_S}*(?:[-–—]{{1,3}}|\.-|:)"
    # a separator may touch the next word ("(CBS)—On"); without one, a space follows ("(PTI) The")
    credited = (
        rf"{_S}*(?:\((?P<paren>[^()\n]{{2,40}})\)|/(?P<slash>[^/\n]{{2,40}})/)"
        rf"(?:(?P<sep>{dash})|\.?(?=\s|$))"
        rf"|,{_S}*(?P<named>(?i:{outlet_regex().pattern})){dash}"
    )
    return re.compile(
        rf"(?P<place>{name})(?:{_S}*\[{name}\])?(?:,{_S}*{name}){{0,2}}(?:{date})?"
        rf"(?:{credited}|(?(date){_S}*[-–—]{{1,3}}|(?!)))"
    )


def _wire_date(m: re.Match[str], reference: datetime.date | None) -> datetime.date | None:
    """The day a wire dateline says; without a year, the latest such day on or before
    `reference` (a wire story is dated the day it is filed)."""
    month = calendar()["months"][(m.group("month") or m.group("month2")).lower()]
    day = int(m.group("day") or m.group("day2"))
    if m.group("year"):
        try:
            return datetime.date(int(m.group("year")), month, day)
        except ValueError:
            return None
    if reference is None:
        return None
    for year in range(reference.year, reference.year - 8, -1):  # 29 February: a leap year back
        try:
            candidate = datetime.date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return candidate
    return None


def parse_date_value(value: object) -> datetime.date | None:
    """A date column or metadata value (date, datetime, ISO or written string) as a date; None
    when it does not say a full date."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return datetime.datetime.fromisoformat(s).date()
    except ValueError:
        pass
    found = find_dates(s)
    return found[0].date if found else None
