"""Direct quotes and their speakers (docs/codebook.md#quotes).

A quote is text inside quotation marks with a speaker: '"...," he added', 'Coe said "..."',
'"..." said X'. Scare quotes ("a "mistake"") are too short to be speech and are left out."""

from __future__ import annotations

import re
from collections import ChainMap
from dataclasses import dataclass
from functools import lru_cache

from sitrep.extract.actors import ActorCatalog, ActorMention
from sitrep.extract.lexicon import with_derived

_QUOTED = re.compile(r"[\"“]([^\"“”\n]{2,}?)[\"”]")


@dataclass(frozen=True, slots=True)
class Quote:
    sentence_no: int
    speaker: str | None
    speaker_actor_id: str | None
    text: str
    char_start: int  # the words inside the marks
    char_end: int


@lru_cache(maxsize=1)
def _lexicon() -> ChainMap:
    lex = with_derived("quotes")
    lex["speech_verbs"] = frozenset(lex["speech_verbs"])
    lex["titles"] = frozenset(t.lower() for t in lex["titles"])
    lex["pronouns"] = frozenset(lex["pronouns"])
    return lex


_NAME_WORD = r"[A-Z][\w'’.-]*"
_CAP_RUN = re.compile(rf"(?:{_NAME_WORD}|al-|el-|bin|ibn|de|van|von)(?:\s+(?:{_NAME_WORD}|al-\w+|bin|ibn|de|al|el))*")


def find_quotes(text: str, sentences, mentions: list[ActorMention], catalog: ActorCatalog) -> list[Quote]:
    lex = _lexicon()
    quotes: list[Quote] = []
    last_speaker: tuple[str | None, str | None] = (None, None)
    people = _people_named(text, mentions, catalog)
    for s in sentences:
        for m in _QUOTED.finditer(s.text):
            words = m.group(1).strip()
            if len(words.split()) < lex["min_words"]:
                continue  # a scare quote or a term, not speech
            before, after = s.text[: m.start()], s.text[m.end() :]
            speaker = _speaker_after(after) or _speaker_before(before)
            if speaker is None and _continues_quote(before):
                speaker = "he"  # a quote opening its sentence with no verb continues the last speaker
            name, actor_id = _resolve(speaker, last_speaker, people, catalog)
            if name is None:
                continue
            start = s.start + m.start(1)
            quotes.append(
                Quote(s.no, name, actor_id, m.group(1).rstrip(" ,"), start, start + len(m.group(1).rstrip(" ,")))
            )
            last_speaker = (name, actor_id)
    return quotes


def _continues_quote(before: str) -> bool:
    return not before.strip()


def _speaker_after(after: str) -> str | None:
    """'"...," he added' / '"..." Coe said' / '"..." said the minister'."""
    lex = _lexicon()
    m = re.match(r"\s*[,.]?\s*(\w+)\s+(\w+)", after)
    if not m:
        return None
    first, second = m.group(1), m.group(2)
    if first.lower() in lex["speech_verbs"]:
        run = _CAP_RUN.match(after[m.start(2) :])
        return run.group() if run else None
    run = _CAP_RUN.match(after.lstrip(" ,."))
    if run:
        rest = after.lstrip(" ,.")[run.end() :].split()
        if rest and rest[0].lower().strip(".,;:") in lex["speech_verbs"]:
            return run.group()
    if first.lower() in lex["pronouns"] and second.lower() in lex["speech_verbs"]:
        return first
    return None


def _speaker_before(before: str) -> str | None:
    """'President Bashar al-Assad said: "..."' / 'Barazi told state TV "..."'."""
    lex = _lexicon()
    words = before.split()
    for i in range(len(words) - 1, max(-1, len(words) - 13), -1):
        if words[i].strip(":,").lower() in lex["speech_verbs"]:
            subject = " ".join(words[max(0, i - 8) : i])
            runs = list(_CAP_RUN.finditer(subject))
            if runs and runs[-1].end() >= len(subject.rstrip()) - 1:
                return runs[-1].group()
            tail = subject.split()[-1:] if subject.split() else []
            if tail and tail[0].lower() in lex["pronouns"]:
                return tail[0]
            return None
    return None


def _strip_titles(name: str) -> str:
    """ "US Air Force Brigadier General Richard Coe" -> "Richard Coe": the name after the last title."""
    titles = _lexicon()["titles"]
    words = name.replace("’", "'").split()
    words = [w[:-2] if w.endswith("'s") else w for w in words]
    keep: list[str] = []
    for w in reversed(words):
        if w.lower().strip(".") in titles or (w.isupper() and len(w) > 1 and keep):
            break
        keep.insert(0, w)
    return " ".join(keep[-4:])


def _clean(name: str) -> str:
    """A run of capitalised words may cross a sentence end ("Syria. Johnson") or end in a
    particle ("Syria de"): keep the name itself."""
    name = name.split(". ")[-1].strip().rstrip(".,;:")
    words = name.split()
    while words and words[-1][:1].islower() and not _arabic_article_name(words[-1]):
        words.pop()
    return " ".join(words)


def _arabic_article_name(word: str) -> bool:
    """ "al-Assad": lower-case article, capitalised name."""
    return "-" in word and word.split("-", 1)[1][:1].isupper()


def _resolve(speaker: str | None, last, people: dict, catalog: ActorCatalog):
    if speaker is None:
        return None, None
    if speaker.lower() in _lexicon()["pronouns"]:
        return last
    speaker = _clean(speaker)
    if not speaker:
        return None, None
    actor = catalog.resolve(speaker)
    if actor is None:
        speaker = _strip_titles(speaker)
        if not speaker:
            return None, None
        actor = catalog.resolve(speaker)
    if actor is not None:
        return actor.name, actor.actor_id
    full = people.get(speaker.split()[-1].lower())
    if full and full.endswith(speaker):
        return full, catalog.resolve(full).actor_id if catalog.resolve(full) else None
    return speaker, None


def _people_named(text: str, mentions, catalog: ActorCatalog) -> dict[str, str]:
    """Surname -> the fullest name written in the article ("Coe" -> "Richard Coe")."""
    people: dict[str, str] = {}
    for found in map(_person_named, _CAP_RUN.findall(text)):
        if found is not None:
            surname, name = found
            if len(name) > len(people.get(surname, "")):
                people[surname] = name
    return people


@lru_cache(maxsize=65_536)  # the same capitalised runs recur, in an article and across articles
def _person_named(run: str) -> tuple[str, str] | None:
    """(surname, name) of a person's name of two to four words in a run of capitalised words."""
    name = _strip_titles(_clean(run))
    parts = name.split()
    if 2 <= len(parts) <= 4 and not any(p.lower() in _lexicon()["titles"] for p in parts):
        return parts[-1].lower(), name
    return None
