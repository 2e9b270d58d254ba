"""Who published an article, as the article itself says: a copyright line, a wire credit, a
byline naming an outlet. Never guessed: a name that is only a person ("by Youssef Diab") or
that appears nowhere gives None."""

from __future__ import annotations

import re
from functools import cache

from sitrep.extract.dates import year_pattern
from sitrep.ingest.datelines import opening_wire_dateline
from sitrep.ingest.lexicon import agency_name, canonical_outlet, outlet_regex

_COPYRIGHT_MARK = re.compile(r"©|\(c\)|\bcopyright\b", re.IGNORECASE)
# Where a name stops: a sentence end, a separator, a comma.
_NAME_END = re.compile(r"\.(?:\s|$)|[|;,]|\s[-–—]\s")
# Share-button words scraped onto the end of a body ("... (Source: Syrian Coalition) Twitter").
_TRAILING_SHARE = re.compile(
    r"(?:\s+(?:twitter|facebook|whatsapp|e-?mail|print|share|tweet|linkedin|telegram))+\s*$", re.IGNORECASE
)
# A name of up to five words; words may be hyphenated ("Al-Ahram") but a dash run separates.
_NAME = r"[A-Za-z][\w&'.]*(?:-[\w&'.]+)*(?: [\w&'.]+(?:-[\w&'.]+)*){0,4}"
_TRAILING_CREDITS = (
    re.compile(r"\(\s*source\s*:?\s*(?P<name>[^()]{2,60}?)\s*\)\W*$", re.IGNORECASE),  # (Source: X)
    re.compile(r"\(\s*(?P<name>[^()]{2,40}?)\s*\)\W*$"),  # (AFP)
    re.compile(rf"(?:-{{2,}}|[–—])\s*(?P<name>{_NAME})\W*$"),  # -- REUTERS
    re.compile(rf"\bsource\s*:?\s+(?P<name>{_NAME})\W*$", re.IGNORECASE),  # Source Reuters
)
_BYLINE = re.compile(r"\bposted\s+on\b[^\n]{0,40}?\bby\s+", re.IGNORECASE)


def _clean(name: str) -> str | None:
    name = " ".join(name.split()).strip(" .,:;-–—'\"")
    if not (2 <= len(name) <= 60) or not re.search(r"[^\W\d_]", name) or len(name.split()) > 6:
        return None
    return canonical_outlet(name) or name


@cache
def _copyright_noise() -> re.Pattern[str]:
    """The words of a copyright line that are no name: the mark, "all rights reserved", years."""
    year = year_pattern()
    return re.compile(rf"©|\(c\)|\bcopyright\b|\ball rights reserved\b|\b{year}(?:\s*[-–]\s*{year})?\b", re.IGNORECASE)


def from_copyright(line: str) -> str | None:
    """ "© Copyright IBTimes 2024. All rights reserved." -> "IBTimes"; "Copyright 2017 Reuters"
    -> "Reuters"; "All rights reserved" alone -> None."""
    if not _COPYRIGHT_MARK.search(line):
        return None
    rest = _copyright_noise().sub(" ", line)
    for chunk in _NAME_END.split(rest):
        if chunk and chunk.strip(" .,:;-–—"):
            return _clean(chunk)
    return None


def from_trailing_credit(text: str) -> str | None:
    """A wire credit ending the text: "-- REUTERS", "---Reuters", "(AFP)", "(Source: X)"."""
    tail = _TRAILING_SHARE.sub("", text[-300:].rstrip())
    labelled, plain_paren, dashed, source_word = _TRAILING_CREDITS
    m = labelled.search(tail)
    if m:
        return _clean(m.group("name"))
    for pattern in (plain_paren, dashed, source_word):
        m = pattern.search(tail)
        # unlabelled, a credit counts only if it names a wire: "(AFP)", not "(Photo ... by AFP)"
        if m and (name := agency_name(m.group("name").strip(" ."))):
            return name
    return None


def from_byline(body: str) -> str | None:
    """ "Posted on April 19 2017 by Asharq Al-Awsat English ..." -> the outlet, when the byline
    names one we know (a byline usually runs straight into the title, so only a known name
    tells where it ends)."""
    m = _BYLINE.search(body, 0, 300)
    if not m:
        return None
    outlet = outlet_regex().match(body, m.end())
    return canonical_outlet(outlet.group()) if outlet else None


def from_leading_credit(body: str, dateline_start: int | None) -> str | None:
    """A wire named just before the dateline ("... Monitor AFP Saturday 6 Aug 2016") or in a
    wire dateline opening the body ("BEIRUT (Reuters) -", "New Delhi, May 3 (PTI)")."""
    if dateline_start is not None:
        before = body[:dateline_start].rstrip(" -–—:,|")
        for m in outlet_regex().finditer(before, max(0, len(before) - 40)):
            if m.end() == len(before):
                return canonical_outlet(m.group())
    wire = opening_wire_dateline(body, len(body) - len(body.lstrip()))
    return wire.agency if wire else None


def from_title_suffix(title: str) -> str | None:
    """ "... kills 12 NGO - Region - World - Ahram Online" -> the outlet, if we know it."""
    parts = re.split(r"\s+[-–—|]\s+", title)
    return canonical_outlet(parts[-1]) if len(parts) > 1 else None


def find_publisher(title: str, body: str, removed: list[str], dateline_start: int | None = None) -> str | None:
    """The first the article offers, most explicit first: copyright line, trailing wire credit,
    byline, a wire credit before the dateline, the title's site suffix."""
    for line in removed:
        if name := from_copyright(line):
            return name
    return (
        from_trailing_credit(body)
        or from_byline(body)
        or from_leading_credit(body, dateline_start)
        or from_title_suffix(title)
    )
