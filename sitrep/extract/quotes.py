"""Direct quotes and their speakers (docs/codebook.md#quotes).

A quote is text inside quotation marks with a speaker: '"..." he added', 'Coe said "..."',
'"..." said X', a partial quote inside a sentence whose speaker is the sentence's, or a quote
whose closing mark is missing (it runs to the next opening mark or the paragraph's end). Scare
quotes ("a "mistake"") are too short to be speech and are left out. News text often loses its
commas, so attribution never relies on them."""

from __future__ import annotations

import re
from collections import ChainMap
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from sitrep.extract.actors import ActorCatalog, ActorMention
from sitrep.extract.lexicon import with_derived

_OPENING, _CLOSING, _EITHER = "“", "”", '"'
_WORD = re.compile(r"[\w'’.-]+")


@dataclass(frozen=True, slots=True)
class Quote:
    sentence_no: int
    speaker: str | None
    speaker_actor_id: str | None
    text: str
    char_start: int  # the words inside the marks
    char_end: int

    @property
    def reports_casualties(self) -> bool:
        """A quote that counts the dead or wounded ('"At least 30 fighters were killed when ..."
        the monitor said') is its source's report of an event, read like any sentence; other
        speech ("It was a premeditated attack") reports no event."""
        return any(_key(w) in _lexicon()["casualty_words"] for w in _WORD.finditer(self.text))


class _Span(NamedTuple):
    start: int  # first character inside the marks
    end: int  # one past the last character inside the marks
    closed: bool


class _Speaker(NamedTuple):
    name: str
    actor_id: str | None
    is_person: bool


_UNRESOLVED = _Speaker("", None, False)


@lru_cache(maxsize=1)
def _lexicon() -> ChainMap:
    lex = with_derived("quotes")
    for key in (
        "speech_verbs",
        "speech_participles",
        "clause_breaks",
        "pronouns",
        "person_pronouns",
        "determiners",
        "organisation_words",
        "person_words",
        "name_particles",
        "auxiliaries",
        "first_person",
        "quoting_verbs",
        "prepositions",
        "document_words",
        "not_names",
        "casualty_words",
    ):
        lex[key] = frozenset(str(w).lower() for w in lex[key])
    lex["titles"] = frozenset(str(t).lower() for t in lex["titles"])
    return lex


@lru_cache(maxsize=1)
def _cap_run() -> re.Pattern:
    """A run of capitalised words, with the particles that join names ("Bashar al-Assad")."""
    particles = "|".join(sorted(_lexicon()["name_particles"], key=len, reverse=True))
    word = r"[A-Z][\w'’.-]*"
    joined = rf"(?:{particles})-\w+"
    return re.compile(rf"(?:{word}|{joined})(?:\s+(?:{word}|{joined}|(?:{particles})(?=\s+[A-Z])))*")


def find_quotes(text: str, sentences, mentions: list[ActorMention], catalog: ActorCatalog) -> list[Quote]:
    context = _Context(text, sentences, mentions, catalog)
    quotes: list[Quote] = []
    spans = _quoted_spans(text)
    context.spans = spans
    for s in sentences:
        inside = [sp for sp in spans if s.start <= sp.start < s.end]
        previous: _Speaker | None = None
        for span in inside:
            quote = context.attribute(span, s, previous)
            if quote is not None:
                quotes.append(quote)
                previous = context.last = context.speaker_of(quote)
        if not any(sp.start < s.end and s.start < sp.end for sp in spans):
            context.note_speaker(s)
        context.note_people(s)
    return quotes


# --- quotation marks ---------------------------------------------------------------------


def _quoted_spans(text: str) -> list[_Span]:
    """The quoted stretches of each paragraph, long enough to be speech."""
    spans: list[_Span] = []
    offset = 0
    for line in text.split("\n"):
        spans += [_Span(offset + a, offset + b, c) for a, b, c in _paragraph_spans(line)]
        offset += len(line) + 1
    return [sp for sp in spans if len(_WORD.findall(text[sp.start : sp.end])) >= _lexicon()["min_words"]]


def _paragraph_spans(line: str) -> list[tuple[int, int, bool]]:
    """Pairs opening and closing marks. A straight mark opens when a word follows it and closes
    when it follows a word. An opening mark while a quote is open starts a nested quote if a
    closing mark comes for it; else the first quote lost its closing mark and ends there."""
    opened: list[tuple[int, int]] = []  # (where the mark starts, where the words start)
    inner: list[tuple[int, int, int]] = []  # closed while an earlier quote stayed open
    spans: list[tuple[int, int, bool]] = []
    for mark_start, mark_end, kind in _marks(line):
        if kind == "open":
            opened.append((mark_start, mark_end))
        elif kind == "close" and opened:
            at, start = opened.pop()
            if opened:
                inner.append((at, start, mark_start))
            else:
                spans.append((start, mark_start, True))
                inner = []  # a quote within a quote is part of it
    if opened:
        # a quote still open at the paragraph's end lost its closing mark: it runs to the next
        # opening mark (the quotes after it are quotes of their own) or to the paragraph's end
        marks = sorted([at for at, _ in opened] + [at for at, _, _ in inner])
        for _, o in opened:
            end = next((x for x in marks if x > o), len(line))
            spans.append((o, end, False))
        spans += [(a, b, True) for _, a, b in inner]
    return sorted((a, _trim_end(line, a, b), c) for a, b, c in spans)


def _marks(line: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each quotation mark, with the marks that the FA-KES collection's
    encoding turned into runs of "_" and "â" (kind read from the run's neighbours)."""
    found = [(i, i + 1, _mark_kind(line, i)) for i, ch in enumerate(line) if ch in (_OPENING, _CLOSING, _EITHER)]
    mangled = []
    for m in _mangled_mark().finditer(line):
        before = line[m.start() - 1] if m.start() else " "
        after = line[m.end()] if m.end() < len(line) else " "
        if before.isspace() and after.isalnum():
            mangled.append((m.start(), m.end(), "open"))
        elif not before.isspace() and (after.isspace() or after in ".,;:"):
            mangled.append((m.start(), m.end(), "close"))
    # such a run may also have been a dash or a bullet: only an opening run that a closing run
    # follows is a quotation
    for here, following in pairwise(mangled):
        if here[2] == "open" and following[2] == "close":
            found += [here, following]
    return sorted(found)


@lru_cache(maxsize=1)
def _mangled_mark() -> re.Pattern:
    return re.compile(_lexicon()["mangled_mark"])


def _mark_kind(line: str, i: int) -> str:
    ch = line[i]
    if ch == _OPENING:
        return "open"
    if ch == _CLOSING:
        return "close"
    before = line[i - 1] if i else " "
    after = line[i + 1] if i + 1 < len(line) else " "
    if (before.isspace() or before in "([—–-") and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return "none"


def _trim_end(line: str, start: int, end: int) -> int:
    while end > start and line[end - 1] in " ,;:":
        end -= 1
    return end


# --- attribution ---------------------------------------------------------------------------


class _Context:
    """What the article has said so far: who spoke last, the people and actors it names."""

    def __init__(self, text: str, sentences, mentions: list[ActorMention], catalog: ActorCatalog):
        self.text = text
        self.sentences = sentences
        self.mentions = mentions
        self.catalog = catalog
        self.people = _people_named(text)
        self.spans: list[_Span] = []
        self.last: _Speaker | None = None
        self.last_person: _Speaker | None = None
        self.last_organisation: _Speaker | None = None
        self.named_person: _Speaker | None = None  # the last person the text named, speaking or not
        self.person_is_newer = False  # was a person named after the last person who spoke?

    def speaker_of(self, quote: Quote) -> _Speaker:
        return self._remember(_Speaker(quote.speaker or "", quote.speaker_actor_id, self._is_person(quote)))

    def _is_person(self, quote: Quote) -> bool:
        if quote.speaker_actor_id:
            return self._actor_is_person(quote.speaker_actor_id)
        return not _names_organisation(quote.speaker or "")

    def _actor_is_person(self, actor_id: str) -> bool:
        actor = self.catalog.by_id.get(actor_id)
        return actor is not None and actor.actor_type == "person"

    def _remember(self, speaker: _Speaker) -> _Speaker:
        self.last = speaker
        if speaker.is_person:
            self.last_person = speaker
            self.person_is_newer = False
        else:
            self.last_organisation = speaker
        return speaker

    def note_people(self, sentence) -> None:
        """The last person a sentence names, for a later 'he said' ('... UNICEF director Jane
        Doe. "..." she said')."""
        for run in _cap_run().finditer(self.text, sentence.start, sentence.end):
            if self._inside_quote(run.start()):
                continue
            name = _clean(run.group())
            person = self._person(name) if " " in name else None
            if person is not None:
                self.named_person = person
                self.person_is_newer = person != self.last_person

    def note_speaker(self, sentence) -> None:
        """A sentence that reports speech without quoting ('X said the strikes ...') makes X the
        one a later 'he said' stands for."""
        verb = _first_verb(self.text, sentence.start, sentence.end)
        if verb is None:
            return
        speaker = self._subject(sentence.start, verb.start(), named_only=True)
        if speaker is not None:
            self._remember(speaker)

    def _inside_quote(self, pos: int) -> bool:
        return any(sp.start <= pos < sp.end for sp in self.spans)

    def attribute(self, span: _Span, sentence, previous: _Speaker | None) -> Quote | None:
        text_end = span.end
        speaker = None
        if not span.closed:
            text_end, speaker = self._inside(span)
        end = _trim_end(self.text, span.start, text_end)
        if speaker is None:
            speaker = self._after(end, self._sentence_at(text_end))
        if speaker is None:
            speaker = self._before(span.start, sentence, previous)
        if speaker is None and not self.text[sentence.start : span.start - 1].strip():
            speaker = self.last  # a quote opening its sentence with no verb goes on the last speaker's words
        if speaker is None or not speaker.name:
            return None
        words = self.text[span.start : end]
        if len(_WORD.findall(words)) < _lexicon()["min_words"]:
            return None
        return Quote(sentence.no, speaker.name, speaker.actor_id, words, span.start, end)

    def _sentence_at(self, pos: int):
        for s in self.sentences:
            if s.start <= pos <= s.end:
                return s
        return self.sentences[-1]

    def _inside(self, span: _Span) -> tuple[int, _Speaker | None]:
        """A quote without its closing mark may carry its attribution inside:
        '"It was quiet said Omar Khalil a resident ... "But ...' or '... the sources said'."""
        lex = _lexicon()
        first_sentence = self._sentence_at(span.start)
        words = list(_WORD.finditer(self.text, span.start, min(span.end, first_sentence.end)))
        for i, w in enumerate(words):
            if i == 0 or _key(w) not in lex["speech_verbs"] or not w.group()[0].islower():
                continue
            before = [_key(x) for x in words[max(0, i - 3) : i]]
            if before and (before[-1] in lex["first_person"] or before[-1] in lex["auxiliaries"]):
                continue  # "as I have said": speech inside the quote, not its attribution
            at = next((j for j in range(i - 1, max(-1, i - 4), -1) if _key(words[j]) in lex["determiners"]), None)
            if at is not None:  # "... attacks the sources said; FNA reported"
                speaker = self._described(words[at].start(), w.start())
                if speaker is not None:
                    return words[at].start(), speaker
            speaker = self._object(w.end(), span.end, names_only=True)
            if speaker is not None:
                return w.start(), speaker
        return span.end, None

    def _after(self, quote_end: int, sentence) -> _Speaker | None:
        """'"..." X said', '"..." said X', '"..." the statement said', '"..." according to X'."""
        start = quote_end
        while start < sentence.end and self.text[start] in ' ,;:.?!"”':
            start += 1  # past the closing mark and the punctuation inside it
        mangled = _mangled_mark().match(self.text, start)
        if mangled:
            start = mangled.end()
            while start < sentence.end and self.text[start] in " ,;:.?!":
                start += 1
        if any(ch in ".?!" for ch in self.text[quote_end + 1 : start]):
            return None  # '"...". The next sentence': the sentence ended with the quote
        stop = _clause_end(self.text, start, sentence.end)
        verb = _first_verb(self.text, start, stop)
        if verb is None:
            return None
        ends_sentence = self.text[quote_end - 1 : quote_end] in ".?!"
        far = len(self.text[start : verb.start()].split()) > 6 or self.text[start : start + 1].isupper()
        if ends_sentence and far:
            # a quote that ends its own sentence is attributed right after it ('"...?" asked X',
            # '"...." he said'); a capitalised word after it begins the next sentence
            return None
        if _key(verb) == "according":
            return self._according_to(verb.end(), stop)
        if not self.text[start : verb.start()].strip():
            found = self._object(verb.end(), stop)
        else:
            found = self._subject(start, verb.start())
        return found or _UNRESOLVED  # attributed to someone the text does not let us name

    def _before(self, quote_start: int, sentence, previous: _Speaker | None) -> _Speaker | None:
        """'X said "..."', 'X said the strikes were "..."', 'according to X "..."', and a second
        quote of the sentence with no verb before it ('X called it "..." and "..."')."""
        open_at = quote_start - 1
        last_close = max(self.text.rfind('"', sentence.start, open_at), self.text.rfind("”", sentence.start, open_at))
        verbs = [v for v in _verbs(self.text, sentence.start, open_at) if not self._inside_quote(v.start())]
        if previous is not None and not any(v.start() > last_close for v in verbs):
            return previous
        for verb in reversed(verbs):
            key = _key(verb)
            if key in _lexicon()["speech_participles"]:
                quoted = self._quoted_as_saying(sentence.start, verb.start())
                if quoted is not None:
                    return quoted
                if previous is not None:
                    return previous
                continue
            if key == "according":
                return self._according_to(verb.end(), open_at)
            found = self._subject(sentence.start, verb.start())
            if found is not None:
                return found
        return None

    def _according_to(self, start: int, stop: int) -> _Speaker | None:
        """ "according to Hezbollah's television station Al-Manar", "according to a statement"."""
        words = list(_WORD.finditer(self.text, start, stop))
        if not words or _key(words[0]) != "to":
            return None
        words = words[1:9]
        if not words:
            return None
        a, b = words[0].start(), words[-1].end()
        if _key(words[0]) in _lexicon()["determiners"]:
            return self._described(a, b)
        return self._named(a, b)

    def _quoted_as_saying(self, start: int, participle_start: int) -> _Speaker | None:
        """ "It quoted activists as saying ..." speaks for the activists."""
        words = list(_WORD.finditer(self.text, start, participle_start))
        if len(words) < 3 or _key(words[-1]) != "as":
            return None
        at = next(
            (
                i
                for i in range(len(words) - 2, max(-1, len(words) - 8), -1)
                if _key(words[i]) in _lexicon()["quoting_verbs"]
            ),
            None,
        )
        if at is None:
            return None
        found = self._object(words[at].end(), words[-1].start())
        if found is None:
            phrase = " ".join(w.group() for w in words[at + 1 : -1])
            found = _Speaker(phrase, None, not _names_organisation(phrase)) if phrase else None
        return found

    def _subject(self, start: int, verb_start: int, named_only: bool = False) -> _Speaker | None:
        """Who a verb's subject names: the words just before the verb, back to a clause break."""
        words = list(_WORD.finditer(self.text, start, verb_start))
        lex = _lexicon()
        window: list[re.Match] = []
        while words and _key(words[-1]) in lex["auxiliaries"]:
            words.pop()  # "the brigade has announced", "he also said"
        for w in reversed(words):
            key = _key(w)
            if key in lex["clause_breaks"] or key in lex["speech_verbs"] or len(window) >= 10:
                break
            window.insert(0, w)
        if not window:
            return None
        a, b = window[0].start(), window[-1].end()
        last = _key(window[-1])
        if last in lex["pronouns"]:
            return None if named_only else self._pronoun(last)
        lex_determiners = lex["determiners"]
        d = next((i for i in range(len(window) - 1, -1, -1) if _key(window[i]) in lex_determiners), None)
        if d is not None and not self._actor_ends_at(b) and not self._person_before(window, d):
            described = _described_head(window[d:])
            if described is not None:
                # "the devastated man", "the ministry in Moscow": a role, not the names around it
                return self._described(window[d].start(), described)
        return self._named(a, b, verb_start)

    def _runs_after_actors(self, actors: list[ActorMention], b: int) -> list[re.Match]:
        """ "Police Chief Joseph Zikuski": the name after an actor's name in one capitalised run."""
        found = []
        for m in actors:
            if self.text[m.char_end : m.char_end + 1] == " " and self.text[m.char_end + 1 : m.char_end + 2].isupper():
                run = _cap_run().match(self.text, m.char_end + 1, b)
                if run and not _overlaps(run, actors):
                    found.append(run)
        return found

    def _actor_ends_at(self, b: int) -> bool:
        """ "... village of Tokhar Amnesty International said": a known actor right at the verb."""
        return any(m.char_end == b for m in self.mentions)

    def _person_before(self, window: list[re.Match], d: int) -> bool:
        """ "Rami Abdel Rahman the Observatory's director said": a name, then its description."""
        if d == 0 or not window[d - 1].group()[0].isupper():
            return False
        runs = list(_cap_run().finditer(self.text, window[0].start(), window[d - 1].end()))
        return bool(runs) and self._person(_clean(runs[-1].group())) is not None

    def _object(self, start: int, stop: int, names_only: bool = False) -> _Speaker | None:
        """The speaker after the verb: 'said Nadim Houry deputy director ...', 'said a resident'."""
        words = list(_WORD.finditer(self.text, start, stop))[:8]
        if not words:
            return None
        first = words[0].group()
        if _key(words[0]) in _lexicon()["pronouns"]:
            return None if names_only else self._pronoun(_key(words[0]))
        if not first[:1].isupper() and not names_only:
            words = self._after_role(words)  # "said observatory head Rami Abdel Rahman"
            first = words[0].group()
        if first[:1].isupper():
            run = _cap_run().match(self.text, words[0].start())
            if run and ". " in run.group():  # "said Abdel Rahman. The Observatory ...": the name only
                run = _cap_run().match(self.text, run.start(), run.start() + run.group().index(". ") + 1)
            if run and run.group().endswith(("'s", "’s")):
                return self._possessed(run, stop)
            return self._run_speaker(run, alone_ok=True) if run else None
        if names_only or _key(words[0]) not in _lexicon()["determiners"]:
            return None
        return self._described(words[0].start(), words[-1].end(), determiner_first=True)

    def _after_role(self, words: list[re.Match]) -> list[re.Match]:
        """The words from the name on, when one to three lower-case role words come before it."""
        lex = _lexicon()
        for i, w in enumerate(words[:4]):
            if w.group()[0].isupper():
                return words[i:] if i else words
            if _key(w) in lex["determiners"] or _key(w) in lex["clause_breaks"] or not w.group().isalpha():
                break
        return words

    def _possessed(self, run: re.Match, stop: int) -> _Speaker | None:
        """ "said Omar's brother Karim Saleh" is Karim Saleh; "said Omar's brother" the brother."""
        words = list(_WORD.finditer(self.text, run.end(), stop))[:4]
        role = []
        for w in words:
            if w.group()[0].isupper():
                name = _cap_run().match(self.text, w.start())
                return self._run_speaker(name, alone_ok=False) if name else None
            if _key(w) in _lexicon()["clause_breaks"] or not w.group()[0].isalpha():
                break
            role.append(w.group().rstrip("."))
            if w.group().endswith("."):
                break
        return _Speaker(f"{run.group()} {role[0]}", None, True) if role else None

    def _named(self, a: int, b: int, verb_start: int | None = None) -> _Speaker | None:
        """The name in a verb's subject. A person's name followed by a description is the
        speaker ('Riad Hijab coordinator of the HNC wrote'); otherwise the name nearest the verb
        ('Observatory head Rami Abdel Rahman said', 'state news agency SANA reported')."""
        actors = [m for m in self.mentions if a <= m.char_start and m.char_end <= b]
        runs = [r for r in _cap_run().finditer(self.text, a, b) if not _overlaps(r, actors)]
        runs += self._runs_after_actors(actors, b)
        candidates = [(r.end(), r) for r in runs] + [(m.char_end, m) for m in actors]
        candidates.sort(key=lambda c: c[0], reverse=True)
        speakers = [(end, self._candidate(found, end, b)) for end, found in candidates]
        for end, speaker in reversed(speakers):
            if speaker is not None and speaker.is_person and self._described_after(end, b):
                return speaker
        return next((sp for _, sp in speakers if sp is not None), None)

    def _candidate(self, found, end: int, b: int) -> _Speaker | None:
        if isinstance(found, ActorMention):
            return self._actor_speaker(found)
        return self._run_speaker(found, alone_ok=not self.text[end:b].strip())

    def _described_after(self, at: int, b: int) -> bool:
        """ "Riad Hijab coordinator of ..." / "Shuhud al-Hussein a member of ...": a lower-case
        description follows the name."""
        following = self.text[at:b].split()
        return bool(following) and following[0][:1].islower() and following[0] not in _lexicon()["organisation_words"]

    def _actor_speaker(self, mention: ActorMention) -> _Speaker | None:
        actor = self.catalog.by_id.get(mention.actor_id)
        if actor is None:
            return None
        surfaces = [m.surface for m in self.mentions if m.actor_id == actor.actor_id]
        name = _fullest(max(surfaces, key=len, default=mention.surface), actor.name)
        if name != actor.name and actor.actor_type != "person":
            person = self._person(
                name, filed_under_actor=True
            )  # a spokesman's surname the catalogue files under his ministry
            if person is not None:
                return _Speaker(person.name, actor.actor_id, True)
        return _Speaker(name, actor.actor_id, actor.actor_type == "person")

    def _run_speaker(self, run: re.Match, alone_ok: bool) -> _Speaker | None:
        """A capitalised run as a speaker. One unknown word is a name only right at the verb
        ('asked Jihad', 'Jihad said'), not anywhere in the subject ('in February 2016')."""
        name = _clean(run.group())
        if not name or _lone_title(name):
            return None
        following = _WORD.match(self.text, run.end() + 1)
        if following and _key(following) in _lexicon()["organisation_words"]:
            return _Speaker(_strip_article(name) + " " + following.group(), None, False)  # "Sawaiq al-Rahman brigade"
        return self._resolve(name, alone_ok)

    def _person(self, name: str, filed_under_actor: bool = False) -> _Speaker | None:
        """A person's name of two to four words, or a surname the article wrote in full."""
        actor = None if filed_under_actor else self.catalog.resolve(name)
        if actor is not None:
            return _Speaker(actor.name, actor.actor_id, True) if actor.actor_type == "person" else None
        stripped = _strip_titles(name)
        parts = stripped.split()
        if not parts or _names_organisation(stripped):
            return None
        full = self.people.get(_surname_key(parts[-1]))
        if full and len(full.split()) > len(parts) and full.endswith(parts[-1]):
            return _Speaker(full, None, True)
        if 2 <= len(parts) <= 4:
            return _Speaker(stripped, None, True)
        return None

    def _resolve(self, name: str, alone_ok: bool) -> _Speaker | None:
        actor = self.catalog.resolve(name) or self.catalog.resolve(_strip_titles(name) or name)
        if actor is not None:
            return _Speaker(_fullest(name, actor.name), actor.actor_id, actor.actor_type == "person")
        person = self._person(name)
        if person is not None:
            return person
        stripped = _strip_titles(name)
        if not stripped or (" " not in stripped and not alone_ok):
            return None
        return _Speaker(stripped, None, not _names_organisation(stripped))

    def _described(self, a: int, b: int, determiner_first: bool = False) -> _Speaker | None:
        """'the ministry' is the organisation the article named with that word, else the one that
        spoke last; 'the devastated man' the person who spoke last; a description with no one to
        stand for is kept as written ('sources', 'one child')."""
        lex = _lexicon()
        words = list(_WORD.finditer(self.text, a, b))
        order = range(len(words)) if determiner_first else range(len(words) - 1, -1, -1)
        at = next((i for i in order if _key(words[i]) in lex["determiners"]), None)
        if at is None:
            return None
        phrase: list[re.Match] = []
        for w in words[at + 1 :]:
            key = _key(w)
            if key in lex["clause_breaks"] or key in lex["speech_participles"] or key in lex["speech_verbs"]:
                break  # "a resident of the district adding that ..."
            if key in lex["determiners"] and (not phrase or _key(phrase[-1]) not in lex["prepositions"]):
                break  # "the UN official the economy ...": a second phrase begins
            phrase.append(w)
            if w.group().endswith(".") and len(w.group()) > 2:
                break  # the sentence ended: "... the victim's aunt. NOLA.com"
        if not phrase:
            return None
        heads = {_key(w).removesuffix("'s").removesuffix("’s") for w in phrase}
        written = " ".join(w.group() for w in phrase).rstrip(".")
        if heads & lex["organisation_words"]:
            return self._organisation_described(heads, written)
        if heads & lex["person_words"] and self.last_person is not None:
            return self.last_person
        return _Speaker(written, None, True)

    def _organisation_described(self, heads: set[str], written: str) -> _Speaker:
        """ "the statement" is the organisation that spoke last; "the ministry" the actor named
        with that word, or the organisation that spoke last if it was the last to speak at all
        ("the charity said" after "the Red Crescent announced"); else the words as written."""
        lex = _lexicon()
        kinds = heads & lex["organisation_words"]
        last = self.last_organisation
        if kinds <= lex["document_words"] and last is not None:
            return last
        named = self._named_organisation(kinds - lex["document_words"])
        if named is not None:
            return named
        if last is not None and (kinds & set(last.name.lower().split()) or self.last == last):
            return last
        return _Speaker(written, None, False)

    def _named_organisation(self, heads: set[str]) -> _Speaker | None:
        """'the ministry': the last actor the article named with that word."""
        kinds = heads & _lexicon()["organisation_words"]
        if not kinds:
            return None
        for m in reversed(self.mentions):
            actor = self.catalog.by_id.get(m.actor_id)
            if actor is not None and kinds & set(actor.name.lower().split()):
                return _Speaker(actor.name, actor.actor_id, False)
        return None

    def _pronoun(self, pronoun: str) -> _Speaker | None:
        """ "he" is the last person who spoke, or a person named since; "it" the last
        organisation that spoke. Never the other kind: a wrong speaker is worse than none."""
        if pronoun in _lexicon()["person_pronouns"]:
            if self.person_is_newer or self.last_person is None:
                return self.named_person
            return self.last_person
        return self.last_organisation


def _described_head(window: list[re.Match]) -> int | None:
    """Where a described subject ends: 'the UN deputy spokesman in February' is described by
    'spokesman', a lower-case role; 'the Syrian Observatory for Human Rights' is a name."""
    lex = _lexicon()
    if _key(window[0]) not in lex["determiners"]:
        return None
    head = None
    for w in window[1:]:
        if _key(w) in lex["clause_breaks"] or _key(w) in lex["prepositions"]:
            break
        head = w
    if head is None or not head.group()[0].islower():
        return None
    named = any(w.group()[0].isupper() for w in window[1:] if w.end() <= head.start())
    if named and _key(head) in lex["organisation_words"]:
        return None  # "the Sawaiq al-Rahman brigade", "the state-run SANA news agency": a name
    return head.end()


def _names_organisation(name: str) -> bool:
    return any(w.lower() in _lexicon()["organisation_words"] for w in name.split())


def _verbs(text: str, start: int, stop: int):
    lex = _lexicon()
    for w in _WORD.finditer(text, start, stop):
        lower = _key(w)
        # a capitalised "Said" mid-sentence is a name, and verbs of attribution are not sentence-initial
        attributes = lower in lex["speech_verbs"] or lower in lex["speech_participles"]
        if attributes and (w.group()[0].islower() or lower == "according"):
            yield w


def _first_verb(text: str, start: int, stop: int) -> re.Match | None:
    return next((w for w in _verbs(text, start, stop) if _key(w) in _lexicon()["speech_verbs"]), None)


def _clause_end(text: str, start: int, sentence_end: int) -> int:
    """Attribution after a quote ends at the sentence's end or the next opening mark."""
    ends = [i for i in (text.find('"', start, sentence_end), text.find("“", start, sentence_end)) if i >= 0]
    return min([*ends, sentence_end])


def _lone_title(name: str) -> bool:
    """ "The", "When" or "In" at a sentence's start is capitalised without being a name."""
    lower = name.lower()
    return " " not in name and (lower in _lexicon()["titles"] or lower in _lexicon()["not_names"])


def _overlaps(run: re.Match, mentions: list[ActorMention]) -> bool:
    return any(m.char_start < run.end() and run.start() < m.char_end for m in mentions)


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", name)


def _fullest(surface: str, canonical: str) -> str:
    """The name as the article writes it, unless it is a short form of the catalogue's name
    ("the Observatory", "SNHR" -> "Syrian Network for Human Rights"); "Pentagon" stays."""
    written = _strip_article(surface.strip())
    if set(canonical.lower().split()) < set(written.lower().split()):
        return written  # "Qatar Red Crescent Society" says more than "Qatar Red Crescent"
    short_form = set(written.lower().split()) <= set(canonical.lower().split())
    return canonical if short_form or _acronym_of(written, canonical) else written


def _acronym_of(written: str, canonical: str) -> bool:
    """ "SNHR" is "Syrian Network for Human Rights": its capitals' initials."""
    initials = "".join(w[0] for w in canonical.split() if w[:1].isupper())
    return written.isupper() and len(written) > 1 and written == initials


def _surname_key(word: str) -> str:
    """ "al-Hussein" and "Hussein" are one surname."""
    lower = word.lower()
    head, _, rest = lower.partition("-")
    return rest if rest and head in _lexicon()["name_particles"] else lower


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


def _people_named(text: str) -> dict[str, str]:
    """Surname -> the fullest name written in the article ("Coe" -> "Richard Coe")."""
    people: dict[str, str] = {}
    for found in map(_person_named, _cap_run().findall(text)):
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
        return _surname_key(parts[-1]), name
    return None


def _key(word: re.Match) -> str:
    """A word as the lexicon lists it: "said." and "Ministry's" are "said" and "ministry's"."""
    return word.group().lower().strip(".")
