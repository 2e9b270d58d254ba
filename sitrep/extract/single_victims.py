"""One victim without a number (docs/codebook.md#what-makes-a-report: a single victim is a report of 1):
"a child", "another man", "the officer", "his wife", "him", "Juan Perez, 34,".

Each finder returns a Quantity of 1 where such a phrase starts, with the index after the
phrase's head (the words up to there are the victim's, whatever they look like: "Ahmed" is no
verb, "a retired officer" one noun phrase); whether a casualty word governs it is decided in
casualties.py as for any figure. A phrase opening with "a"/"an" holds the article as its figure
("a child": the victim words follow it); any other is an empty figure at the phrase's first
word, so the victim words are the phrase itself ("the officer")."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from sitrep.extract.lexicon import PhraseTable, lexicon, phrases_by_value, positions
from sitrep.extract.numbers import Quantity

# Modifiers between a determiner and the person noun: "an assistant village headman".
_MODIFIER_REACH = 5
_MAX_NAME_WORDS = 5
_ARTICLES = frozenset({"a", "an"})
_OF = frozenset({"of"})
_POSSESSIVE = frozenset({"'s", "’s"})
_AGE_NOUN = re.compile(r"(?:\d+|[a-z]+(?:-[a-z]+)?)-(?:years?|months?|weeks?)-old$")
_AGE = re.compile(r"\d{1,3}$")
_ORDINALS = frozenset({"second", "third", "fourth", "fifth", "sixth", "latter", "former"})


@dataclass(frozen=True)
class _Lexicon:
    nouns: frozenset  # one person's head nouns: "man", "officer", "wife"
    nouns_before_of: frozenset  # "the head of", "the chief of"
    determiners: frozenset  # "the", "his", "another"
    object_pronouns: frozenset
    subject_pronouns: frozenset
    verbs: frozenset  # single-word casualty verbs before a victim: "killing", "shot"
    not_modifiers: frozenset  # words that end a noun phrase before its head
    titles: frozenset
    particles: frozenset
    prefixes: tuple
    not_name_words: frozenset
    name_anchors: frozenset  # words after a name that may begin its outcome: "was", "died"
    apposition_stops: frozenset  # words no apposition holds: outcome verbs, clause ends
    post_modifiers: frozenset  # words after a person noun that end its phrase: "known as"
    conditionals: frozenset
    name_verbs: frozenset  # verbs whose object may be a victim's name
    death_of: PhraseTable  # "the death of", "the killing of": a name may follow
    death_of_heads: frozenset  # the word before "of" in those: "death", "killing"
    outcome_words: frozenset  # words of the outcome phrases a name's outcome would begin with
    marks: frozenset  # every word a finder starts from
    person_suffixes: tuple
    not_person_words: frozenset
    number_words: frozenset  # "three", "twenty": a number, not a modifier, after "her"
    speech_words: frozenset  # "a fourth SANA said": the word after the ordinal is the source


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    c, v = lexicon("casualties"), lexicon("victims")
    verbs = frozenset(p for ps in c["outcome_before"].values() for p in ps if " " not in p)
    after_words = frozenset(p.split()[0] for ps in c["outcome_after"].values() for p in ps)
    kinds = frozenset(w for k in ("civilians", "state_forces", "armed_group", "unknown") for w in v[k])
    stop = (
        set(c["breaks"])
        | set(c["aux"])
        | set(c["negations"])
        | verbs
        | after_words
        | set(v["single_determiners"])
        | set(v["object_pronouns"])
        | set(v["subject_pronouns"])
        | _ARTICLES
        | {
            "and",
            "or",
            "of",
            "nor",
            "who",
            "whom",
            "it",
            "they",
            "them",
            "we",
            "i",
            "you",
            "its",
            "our",
            "your",
            "my",
            "one",
            "said",
            "say",
            "says",
            "to",
        }
    )
    months = {m.lower() for m in lexicon("calendar")["months"]}
    lex = _Lexicon(
        nouns=frozenset(w for w in v["single_victims"] + v["body_nouns"] if " " not in w),
        nouns_before_of=frozenset(v["single_victims_before_of"]),
        speech_words=frozenset(c["speech_words"]),
        determiners=frozenset(v["single_determiners"]),
        object_pronouns=frozenset(v["object_pronouns"]),
        subject_pronouns=frozenset(v["subject_pronouns"]),
        verbs=verbs,
        not_modifiers=frozenset(stop),
        titles=frozenset(v["name_titles"]),
        particles=frozenset(v["name_particles"]),
        prefixes=tuple(v["name_prefixes"]),
        not_name_words=(frozenset(v["not_name_words"]) | kinds | months | stop | set(c["address_words"]))
        - frozenset(v["name_titles"]),
        name_anchors=frozenset({"was", "has", "had", "is", "died", "dies", "succumbed", "later"}),
        apposition_stops=(
            verbs
            | {p for ps in c["outcome_after"].values() for p in ps if " " not in p}
            | set(c["negations"])
            | {"was", "were", ".", ";", ":", "!", "?", '"', "“", "”"}
        ),
        post_modifiers=frozenset(v["post_modifiers"]),
        conditionals=frozenset(c["conditionals"]),
        name_verbs=verbs | frozenset(v["name_object_verbs"]),
        death_of=phrases_by_value(c["noun_of"]),
        death_of_heads=frozenset(p.split()[-2] for ps in c["noun_of"].values() for p in ps if p.endswith(" of")),
        outcome_words=frozenset(
            w for t in ("outcome_after", "outcome_after_gapped") for ps in c[t].values() for p in ps for w in p.split()
        )
        - set(c["breaks"])
        - {"a", "an", "the", "to", "and", "of", "by", "at", "up"},
        person_suffixes=tuple(v["person_suffixes"]),
        not_person_words=frozenset(v["not_person_words"]),
        number_words=frozenset(lexicon("numbers")["units"]) | frozenset(lexicon("numbers")["tens"]),
        marks=frozenset(),
    )
    marks = (
        lex.nouns
        | lex.determiners
        | lex.object_pronouns
        | lex.subject_pronouns
        | lex.name_verbs
        | lex.name_anchors
        | _ARTICLES
        | _POSSESSIVE
        | {"of"}
    )
    return replace(lex, marks=marks)


def single_victims(words: list[str], toks, taken: set[int], actor_spans=()) -> list[tuple[Quantity, int]]:
    """Every phrase of the sentence that may name one victim, in order, one per start: its
    figure and the index after its head."""
    at = (words, positions(words, _lexicon().marks))  # where the words a finder starts from stand
    found = _pronouns(words, at)
    if any(map(_may_head, words)):  # most sentences name no single person by a noun
        found += (
            _with_article(words, taken, toks, at)
            + _with_determiner(words, taken, toks, at)
            + _role_after_verb(words, taken, toks, at)
            + _headline_nouns(words, toks, taken, at)
        )
    if toks is not None:
        found += _named_persons(words, toks, taken, actor_spans, at)
    starts, out = set(), []
    for q, end in sorted(found, key=lambda f: (f[0].first, f[0].last)):
        if q.first not in starts and q.first not in taken:
            starts.add(q.first)
            out.append((q, end))
    return out


def person_head(words: list[str], j: int, taken=frozenset(), toks=None) -> int | None:
    """The index after a one-person noun phrase starting at words[j] (after its determiner),
    or None. Its head is its last noun before a verb, preposition or punctuation, and must name
    one person: "assistant village headman", "Sunni Tehrik (ST) activist", "the victim's
    mother", "a 17-year-old", "the third"; a name may follow the role ("civilian Ahmed Ali")
    and a participle close the phrase ("a man walking home"). "The Sunni militants" has no such
    head, nor "a police officer's house"."""
    lex = _lexicon()
    k, modifiers, head = j, 0, None
    while k < len(words) and modifiers <= _MODIFIER_REACH and k not in taken:
        w = words[k]
        nxt = words[k + 1] if k + 1 < len(words) else ""
        if w == "(" and head is None:
            close = _paren_end(words, k)
            if close is None:
                break
            k = close  # "(MQM)": an acronym inside the phrase
            continue
        if w in _POSSESSIVE:
            head, k = None, k + 1  # "the victim's mother", "People's Army militant"
            continue
        if w.isdigit() and words[k + 1 : k + 3] in (["year", "old"], ["years", "old"]):
            k, modifiers = k + 3, modifiers + 1  # "his 28 year old wife"
            continue
        if is_person_noun(w) or (w in lex.nouns_before_of and nxt == "of"):
            head, k, modifiers = k, k + 1, modifiers + 1
            continue
        if (
            head is None
            and (_AGE_NOUN.match(w) or w in _ORDINALS)
            and (not _modifier(nxt, lex) or _source_follows(words, k + 1, lex))
            and not is_person_noun(nxt)
        ):
            return k + 1  # "a 17-year-old was shot", "the third was killed", "injuring a fourth SANA said"
        if not _modifier(w, lex):
            break
        if head is not None:
            if toks is not None and _is_name_word(words, toks, k):
                k, modifiers = k + 1, modifiers + 1  # "civilian Ahmed al-Ali": the name of the role
                continue
            if w.endswith("ing") or w.endswith("ed") or w in lex.post_modifiers:
                break  # "a man walking home", "a leader known as"
            head = None  # "the Shiite militia": the last noun decides
        k, modifiers = k + 1, modifiers + 1
    return None if head is None else k


def _source_follows(words: list[str], k: int, lex: _Lexicon) -> bool:
    """A one-word source and its speech verb at words[k]: "... injuring a fourth SANA said"."""
    return k + 1 < len(words) and words[k + 1] in lex.speech_words


def _paren_end(words: list[str], k: int) -> int | None:
    for m in range(k + 1, min(k + 5, len(words))):
        if words[m] == ")":
            return m + 1
    return None


def _where(at: tuple, vocabulary, before_last: int | None = None) -> list[int]:
    """The indices of the words of `vocabulary`, in order (those before `before_last` only)."""
    words, marks = at
    last = len(words) if before_last is None else before_last
    return [i for i in marks if i < last and words[i] in vocabulary]


@lru_cache(maxsize=65_536)
def _may_head(w: str) -> bool:
    return is_person_noun(w) or w in _lexicon().nouns_before_of or w in _ORDINALS or _AGE_NOUN.match(w) is not None


def is_person_noun(w: str) -> bool:
    """One person's noun: listed ("officer"), made with a person ending ("pastoralist",
    "tribesman"), or a compound ending in one ("lieutenant-colonel")."""
    lex = _lexicon()
    if w in lex.nouns:
        return True
    if "-" in w:
        return w.rsplit("-", 1)[1] in lex.nouns
    return len(w) >= 6 and w.endswith(lex.person_suffixes) and w not in lex.not_person_words


def _modifier(w: str, lex: _Lexicon) -> bool:
    return bool(w) and w not in lex.not_modifiers and (w[0].isalpha() or _AGE_NOUN.match(w) is not None)


def _one(i: int, first: int | None = None) -> Quantity:
    first = i if first is None else first
    return Quantity(first, i, 1, 1, "exact", first)


def _with_article(words, taken, toks, at) -> list:
    """ "a child", "an assistant village headman": the article is the figure."""
    out = []
    for i in _where(at, _ARTICLES):
        end = person_head(words, i + 1, taken, toks) if i not in taken else None
        if end:
            out.append((_one(i + 1, i), end))
    return out


def _with_determiner(words, taken, toks, at) -> list:
    """ "the officer", "his wife", "another man" (a plural or counted head is no single victim)."""
    out = []
    for i in _where(at, _lexicon().determiners):
        end = person_head(words, i + 1, taken, toks) if i not in taken else None
        if end:
            out.append((_one(i), end))
    if toks is not None:
        for i in _where(at, _POSSESSIVE):  # "Siddiqui's son": a name as the determiner
            end = person_head(words, i + 1, taken, toks) if i > 0 and toks[i - 1].is_capitalised else None
            if end:
                out.append((_one(i - 1), end))
    return out


def _pronouns(words, at) -> list:
    """ "killing him", "shot her": an object pronoun after a casualty verb; "he was killed",
    "she died": a subject pronoun, whose outcome the grammar then looks for."""
    lex = _lexicon()
    out = []
    for i in _where(at, lex.object_pronouns):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if (
            i > 0
            and words[i - 1] in lex.verbs
            and not (
                words[i] in ("her", "another") and (_modifier(nxt, lex) or nxt[:1].isdigit() or nxt in lex.number_words)
            )
        ):
            out.append((_one(i), i + 1))
    out += [
        (_one(i), i + 1) for i in _where(at, lex.subject_pronouns) if i == 0 or words[i - 1] not in lex.conditionals
    ]  # "until he died" reports no one
    return out


def _role_after_verb(words, taken, toks, at) -> list:
    """ "Blast Kills Grand Mosque Imam", "killing civilian Mohammad Ali": a role without an
    article right after a casualty verb."""
    lex = _lexicon()
    out = []
    for i in _where(at, lex.verbs, len(words) - 1):
        j = i + 1
        if words[j] in lex.determiners or words[j] in _ARTICLES or j in taken:
            continue
        end = person_head(words, j, taken, toks)
        if end:
            out.append((_one(j), end))
    return out


def _headline_nouns(words, toks, taken, at) -> list:
    """ "Child Killed 20 People Injured": a headline's bare singular noun before a participle."""
    lex = _lexicon()
    out = []
    for i in _where(at, lex.nouns, len(words) - 1):
        if (
            words[i + 1] in ("killed", "wounded", "injured", "dead", "martyred")
            and i not in taken
            and (i == 0 or (toks is not None and toks[i].is_capitalised) or not words[i - 1].isalpha())
        ):
            out.append((_one(i), i + 1))
    return out


def _named_persons(words, toks, taken, actor_spans, at) -> list:
    """A person's name as the object of a casualty verb ("shot and killed Salman Alayev") or the
    subject of an outcome ("Juan Perez, 34, was killed", "Kent died")."""
    lex = _lexicon()
    out = []
    for i in sorted(_where(at, lex.name_verbs, len(words) - 1) + _ends_of(words, lex.death_of, at)):
        j = i + 1
        if _AGE_NOUN.match(words[j]):
            j += 1  # "the shooting death of 21-year-old Ikeem Cantrell"
        j += j < len(words) and words[j] in lex.titles and toks[j].is_capitalised
        end = _name_end(words, toks, j)
        if (
            end
            and (
                end - j >= 2
                or j > i + 1
                or appositive_end(words, end)
                or _role_apposition(words, end)
                or (end < len(words) and words[end] in lex.outcome_words)
            )
            and _is_person_name(words, j, end, taken, actor_spans)
        ):
            out.append((_one(i + 1), end))
    for k in _where(at, lex.name_anchors):
        if lex.outcome_words.isdisjoint(words[k : k + 5]):
            continue  # "Kabul was", "Smith has": no outcome follows
        start = _name_before(words, toks, k)
        end = _name_end(words, toks, start) if start is not None else None
        if start is not None and end and _is_person_name(words, start, end, taken, actor_spans):
            out.append((_one(start), end))
    return out


def _ends_of(words, table, at) -> list[int]:
    """The last index of each phrase of `table` in the sentence ("death of")."""
    heads = _lexicon().death_of_heads
    return [k for k in _where(at, _OF) if k > 0 and words[k - 1] in heads and table.ending_at(words, k + 1)]


def _is_name_word(words, toks, k) -> bool:
    w = words[k]
    return (
        (toks[k].is_capitalised and w[:1].isalpha())
        or w in _lexicon().particles
        or (w.startswith(_lexicon().prefixes) and len(w) > 4)
    )


def _name_end(words, toks, j) -> int | None:
    """The end of a run of capitalised words starting at j ("Qassem al-Najdi"), or None."""
    if j >= len(words) or not toks[j].is_capitalised or not words[j][:1].isalpha():
        return None
    k = j
    while k < len(words) and k - j < _MAX_NAME_WORDS and _is_name_word(words, toks, k):
        k += 1
    if k < len(words) and _is_name_word(words, toks, k):
        return None  # too long a run for a name: a title or heading
    if k < len(words) and words[k][:1].isalpha() and words[k] not in _lexicon().not_modifiers:
        return None  # "killed Afghan soldiers": a modifier, not a name
    while k > j and words[k - 1] in _lexicon().particles:
        k -= 1
    return k


def _name_before(words, toks, k) -> int | None:
    """The start of a name ending right before words[k], or before its appositive
    ("Juan Perez, 34, was"), when words[k] may begin an outcome."""
    end = k
    if end >= 2 and words[end - 1] == ",":
        opening = next(
            (c for c in range(end - 2, max(0, end - 24), -1) if words[c] == "," and apposition_end(words, c) == end),
            None,
        )
        end = opening if opening is not None else end - 1  # "Juan Perez, 34, was", "Ali Khan, a driver, was"
    j = end
    while j > 0 and end - j < _MAX_NAME_WORDS and _is_name_word(words, toks, j - 1):
        j -= 1
    if j == end or (j > 0 and _is_name_word(words, toks, j - 1)) or not toks[j].is_capitalised:
        return None
    if j > 0 and words[j - 1] in _lexicon().determiners | _ARTICLES:
        return None  # "the Taliban was": a group, not a person
    return j


def apposition_end(words: list[str], k: int) -> int | None:
    """After one victim's phrase, an apposition that the outcome follows: an age (", 34,"),
    a role (", a security guard,"), a name (", Mrs. Krue,", ", identified as Ali Khan,")."""
    return appositive_end(words, k) or _descriptive_apposition_end(words, k)


def _descriptive_apposition_end(words: list[str], k: int) -> int | None:
    if k + 2 >= len(words) or words[k] != ",":
        return None
    lex = _lexicon()
    j = k + 1
    if words[j] in ("identified", "named", "known") and words[j + 1] in ("as", "only"):
        j += 2 + (words[j + 1] == "only")
    elif words[j] in _ARTICLES or words[j] in lex.determiners:
        if person_head(words, j + 1) is None:
            return None
        j += 1
    elif words[j] in ("who", "which", "including"):
        j += 1  # ", who worked for the convoy,", ", including a child,"
    elif not _modifier(words[j], lex):
        return None
    counted = words[k + 1] == "including"
    for m in range(j, min(j + 20, len(words))):
        if words[m] == ",":
            return m + 1 if m > j else None
        if words[m] in lex.apposition_stops or (
            not counted and words[m][:1].isdigit() and not (_AGE.match(words[m]) or _AGE_NOUN.match(words[m]))
        ):
            return None  # the outcome itself, or a new clause or figure
    return None


def appositive_end(words: list[str], k: int) -> int | None:
    """After a name, ", 34," or ", 34, of Springfield," or "(34)": the index after it."""
    if k + 2 < len(words) and words[k] == "(" and _AGE.match(words[k + 1]) and words[k + 2] == ")":
        return k + 3
    if not (k + 2 < len(words) and words[k] == "," and _AGE.match(words[k + 1]) and words[k + 2] == ","):
        return None
    j = k + 3
    if j < len(words) and words[j] == "of":
        for m in range(j + 1, min(j + 6, len(words))):
            if words[m] == ",":
                return m + 1
            if not words[m][:1].isalpha():
                return j
    return j


def _role_apposition(words, k) -> bool:
    """ "Sayed, a police officer": a name followed by the person's role."""
    return (
        k + 1 < len(words)
        and words[k] == ","
        and words[k + 1] in _ARTICLES | _lexicon().determiners
        and person_head(words, k + 2) is not None
    )


def _is_person_name(words, start, end, taken, actor_spans) -> bool:
    if end is None or end <= start or any(k in taken for k in range(start, end)):
        return False
    lex = _lexicon()
    if any(words[k] in lex.not_name_words for k in range(start, end)):
        return False
    return not any(a < end and start < b for a, b in actor_spans)
