"""Casualty reports: every figure that says how many people were killed or wounded
(docs/codebook.md#casualties).

For each quantity in a sentence, and each phrase naming one victim ("a child", "the officer",
"him", "Juan Perez, 34,"; see single_victims.py), the grammar asks, in order: is it a count of
people at all (not a unit, date, age, address or weapon count)? Does a verb before it govern it
("killing 62", "the death toll rose to 70", "shot him")? Does an outcome word follow its victim
phrase ("20 IS terrorists were killed", "30 dead", "was pronounced dead")? Does it continue a
list whose outcome is known ("12 soldiers and 20 fighters were killed" is two rows)? Does it
open a subset ("including seven children")? A negation ("no one was hurt", "was not injured"),
a zero, an active verb whose object follows ("the gunman killed his wife": the gunman is no
victim) or an outcome joined to another fate ("killed or captured") gives no report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from sitrep.extract.actors import ActorCatalog, ActorMention
from sitrep.extract.dates import is_year
from sitrep.extract.document import Document
from sitrep.extract.lexicon import GappedTable, PhraseTable, lexicon, phrases, phrases_by_value, positions
from sitrep.extract.numbers import Quantity, find_quantities_in, match_phrase
from sitrep.extract.single_victims import apposition_end, single_victims
from sitrep.extract.sources import reporting_source
from sitrep.extract.text import Sentence

_MAX_VICTIM_WORDS = 7
_FATAL_REACH = 12  # words after a wound in which its clause may go on to a death
_CLAUSE_ENDS = frozenset({".", ";", "!", "?"})


@dataclass(frozen=True, slots=True)
class CasualtyReport:
    sentence_no: int
    outcome: str  # killed | wounded
    count_low: int | None
    count_high: int | None
    qualifier: str
    victim_group: str | None
    victim_kind: str
    victim_actor_id: str | None
    perpetrator_actor_id: str | None
    reported_by: str | None
    reported_by_actor_id: str | None
    char_start: int
    char_end: int
    is_subset: bool  # a part of another figure ("including seven children")
    list_id: int | None  # figures of one list ("12 soldiers and 20 fighters") share it
    first: int  # token indices of the whole report, for linking to events
    last: int


@dataclass(frozen=True)
class _Lexicon:
    after: PhraseTable  # phrase -> killed | wounded | hit (a wound unless a death follows) | none
    after_gapped: GappedTable  # the same, with "suffered ... injuries" forms
    before: PhraseTable
    toll_heads: PhraseTable
    wounded_toll_heads: PhraseTable
    toll_verbs: frozenset
    toll_rises: PhraseTable
    nouns: dict  # word -> outcome
    noun_of: PhraseTable
    needs_introducer: frozenset
    participles: frozenset  # outcome participles that may close a report: "6 civilians killed 35 injured"
    figure_determiners: frozenset  # "killed the two men", "wounded another 23"
    speech_words: frozenset  # "said", "according": a victim phrase ends before its source
    toll_nouns: frozenset  # "the toll ... 2130": a figure, not a time of day
    subset_followers: PhraseTable  # "12 civilians 5 of them children"
    copulas: frozenset  # "among the dead were four children"
    cause_prepositions: frozenset  # "died of cancer", "killed in a car crash"
    introducers: PhraseTable
    headline_killers: frozenset
    subset_openers: PhraseTable
    among: PhraseTable
    part_links: PhraseTable
    aux: frozenset
    breaks: frozenset
    not_people: frozenset
    not_people_before: frozenset
    months: frozenset
    kinds: dict  # victim word -> kind
    verbs_before: frozenset
    headline_verbs: frozenset
    kind_modifiers: dict  # modifier -> kind
    triggers: frozenset  # a report needs one of these words in its sentence
    negations: frozenset
    other_fates: frozenset
    passive_aux: frozenset
    object_openers: frozenset
    person_words: frozenset  # nouns for people that, right after a verb, are its object
    sequel_openers: frozenset
    subject_pronouns: frozenset
    determiners: frozenset
    address_words: frozenset
    irrealis: PhraseTable
    base_forms: frozenset
    legal_charges: frozenset
    legal_words: frozenset
    pp_openers: frozenset
    body_nouns: frozenset
    found_verbs: frozenset
    modals: frozenset
    fatal_complements: PhraseTable
    animals: frozenset
    furniture: PhraseTable
    furniture_capitals: frozenset
    furniture_title_case: frozenset
    furniture_words: frozenset
    np_participles: frozenset
    apposition_openers: frozenset
    natural_causes: PhraseTable


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    c, v = lexicon("casualties"), lexicon("victims")
    kinds = {}
    for kind in ("unknown", "armed_group", "state_forces", "civilians"):  # later kinds win ties
        kinds.update({w: kind for w in v[kind]})
    after = {
        o: c["outcome_after"].get(o, []) + c["outcome_after_gapped"].get(o, [])
        for o in set(c["outcome_after"]) | set(c["outcome_after_gapped"])
    }
    outcome_words = {
        w
        for o in ("outcome_after", "outcome_before", "outcome_nouns")
        for ps in c[o].values()
        for p in ps
        for w in p.split()
    }
    return _Lexicon(
        after=phrases_by_value(c["outcome_after"]),
        after_gapped=GappedTable(after),
        before=phrases_by_value(c["outcome_before"]),
        toll_heads=phrases(c["toll_heads"]),
        wounded_toll_heads=phrases(c["wounded_toll_heads"]),
        toll_verbs=frozenset(w for p in c["toll_verbs"] for w in p.split()),
        toll_rises=phrases(c["toll_rises"]),
        nouns={w: o for o, ws in c["outcome_nouns"].items() for w in ws if " " not in w},
        noun_of=phrases_by_value(c["noun_of"]),
        needs_introducer=frozenset(c["needs_introducer"]),
        participles=frozenset(c["outcome_participles"]),
        figure_determiners=frozenset(c["determiners_before_figures"]),
        speech_words=frozenset(c["speech_words"]),
        toll_nouns=frozenset(c["toll_nouns"]),
        subset_followers=phrases(c["subset_followers"]),
        copulas=frozenset(c["copulas"]),
        cause_prepositions=frozenset(c["cause_prepositions"]),
        introducers=phrases(c["noun_introducers"]),
        headline_killers=frozenset(c["headline_killers"]),
        subset_openers=phrases(c["subset_openers"]),
        among=phrases_by_value(c["among_outcome"]),
        part_links=phrases(c["part_links"]),
        aux=frozenset(c["aux"]),
        breaks=frozenset(c["breaks"]),
        not_people=frozenset(str(w) for w in c["not_people"]),
        not_people_before=frozenset(str(w) for w in c["not_people_before"]),
        months=frozenset(lexicon("calendar")["months"]),
        kinds=kinds,
        verbs_before=frozenset(p for ps in c["outcome_before"].values() for p in ps if " " not in p),
        headline_verbs=frozenset(c["headline_verbs"]),
        kind_modifiers={w: k for k, ws in v["kind_modifiers"].items() for w in ws},
        triggers=_triggers(c),
        negations=frozenset(c["negations"]),
        other_fates=frozenset(c["other_fates"]),
        passive_aux=frozenset(c["passive_aux"]),
        object_openers=frozenset(c["object_openers"]),
        person_words=frozenset(
            w
            for w in list(kinds) + list(v["single_victims"])
            if w not in outcome_words and w not in c["not_object_nouns"]
        ),
        sequel_openers=frozenset(c["fatal_sequel_openers"]),
        subject_pronouns=frozenset(v["subject_pronouns"]) | {"they"},  # "..., where they died"
        determiners=frozenset(v["single_determiners"]),
        address_words=frozenset(c["address_words"]),
        irrealis=phrases(c["irrealis"]),
        base_forms=frozenset(c["base_forms"]),
        modals=frozenset(c["modals"]),
        legal_charges=frozenset(c["legal_charges"]),
        legal_words=frozenset(c["legal_words"]),
        pp_openers=frozenset(c["pp_openers"]),
        body_nouns=frozenset(v["body_nouns"]),
        found_verbs=frozenset(v["found_verbs"]),
        fatal_complements=phrases(c["fatal_complements"]),
        animals=frozenset(c["animals"]),
        natural_causes=phrases(c["natural_causes"]),
        furniture=phrases(c["page_furniture"]),
        furniture_capitals=frozenset(w.lower() for w in c["page_furniture_capitals"]),
        furniture_title_case=frozenset(w.lower() for w in c["page_furniture_title_case"]),
        furniture_words=frozenset(w.lower() for w in c["page_furniture_capitals"] + c["page_furniture_title_case"])
        | frozenset(str(p).split()[0] for p in c["page_furniture"]),
        np_participles=frozenset(c["np_participles"]),
        apposition_openers=frozenset(c["apposition_openers"]),
    )


def _triggers(c: Mapping) -> frozenset:
    """One word of every phrase that can give a report its outcome (an outcome word of its own
    if it holds one, else its longest, the rarest): a sentence with none of them holds no report."""
    tables = [
        c["outcome_after"],
        c["outcome_after_gapped"],
        c["outcome_before"],
        c["outcome_nouns"],
        c["noun_of"],
        c["among_outcome"],
    ]
    lists = [p for t in tables for o, ps in t.items() if o != "none" for p in ps]
    lists += c["toll_heads"] + c["wounded_toll_heads"] + c["headline_killers"]
    words = [str(p).lower().replace(" ... ", " ").split() for p in lists]
    outcome_words = {ws[0] for ws in words if len(ws) == 1}  # "killed", "shot", "dead"
    return frozenset(max(reversed(ws), key=lambda w: (w in outcome_words, len(w))) for ws in words)


class _SentenceFacts(dict):
    """Where each one-victim phrase of the sentence starts -> the end of its head ("the officer",
    "Juan Perez"), and which tokens are capitalised: "United" in "United Nations peacekeepers" is
    a name, not a verb that ends the victim phrase (read only if asked)."""

    def __init__(self, items, toks=(), words=()):
        super().__init__(items)
        self._toks, self._words, self._title_case = toks, words, None

    def capitalised(self, k: int) -> bool:
        if not self._toks or not self._toks[k].text[:1].isupper():
            return False
        if self._title_case is None:  # in a Title Cased Headline capitals tell nothing
            caps = sum(1 for t in self._toks if t.text[:1].isupper())
            self._title_case = caps * 2 >= sum(1 for w in self._words if w[:1].isalpha())
        return not self._title_case


@dataclass
class _Candidate:
    q: Quantity
    np_end: int  # token index after the victim phrase
    outcome: str | None = None
    via_left_verb: bool = False
    subset: bool = False
    chained_to: int | None = None  # index of the next candidate whose outcome this one shares
    evidence_end: int = 0
    among: bool = False  # "... were among the dead": part of a figure given elsewhere
    list_id: int | None = None
    single: bool = False  # one victim named without a number ("the officer", "him")
    noun_at: int | None = None  # the victims' noun where it follows a link ("96 were children")

    @property
    def one(self) -> bool:
        """One victim, with a number or without: appositions may follow ("One man, 34, ...")."""
        return self.single or (self.q.low == 1 and self.q.high in (1, None))


def find_casualties(
    doc: Document, sentence: Sentence, mentions: list[ActorMention], catalog: ActorCatalog
) -> list[CasualtyReport]:
    rng = doc.token_range(sentence.no)
    words = doc.words()[rng.start : rng.stop]
    if _lexicon().triggers.isdisjoint(words):
        return []  # most sentences: no word of death or injury, found in one C-level pass
    toks = doc.tokens[rng.start : rng.stop]
    local_mentions = [m for m in mentions if m.sentence_no == sentence.no]
    quantities = find_quantities_in(words)
    taken = {i for q in quantities for i in range(q.first, q.last)}
    found = single_victims(words, toks, taken, [(m.first - rng.start, m.last - rng.start) for m in local_mentions])
    singles = _SentenceFacts(((q.first, end) for q, end in found), toks, words)
    quantities = sorted(quantities + [q for q, _ in found], key=lambda q: q.first)
    furniture = _page_furniture(words, toks)
    if furniture:
        quantities = [q for q in quantities if not any(a <= q.first < b for a, b in furniture)]
    cands = _outside_victim_phrases([_classify(q, words, sentence.no == 0, toks, singles) for q in quantities])
    _resolve_chains(cands, words, singles)
    _parts_named_after(cands, words)
    if not any(c.outcome for c in cands):
        return []  # no figure of the dead or wounded, no source to look for
    reports = []
    source = reporting_source(doc, sentence, local_mentions, catalog)
    victim_spans = [(rng.start + c.q.last, rng.start + c.np_end) for c in cands if c.outcome]
    perpetrator = _perpetrator(local_mentions, victim_spans, source, catalog)
    previous = None
    for c in cands:
        if not c.outcome:
            continue
        report = _report(
            doc, sentence, rng.start, toks, words, c, local_mentions, catalog, perpetrator, source, previous
        )
        reports.append(report)
        previous = report
    return reports


def _page_furniture(words: list[str], toks) -> list[tuple[int, int]]:
    """Spans of related-story headlines and captions ("More: Man shot dead in ...", "CAPTION
    ...", "Related Blast Kills 12 In ...", "AP Photo Jane Doe Rebels Kill 20 ..."), each from
    its marker to the end of its sentence: a full stop, or a capitalised word between two
    lower-case ones, where a page without full stops starts its next sentence
    ("More: Man accused of robbery | According to the warrant ...")."""
    lex = _lexicon()
    if lex.furniture_words.isdisjoint(words):
        return []
    starts = [k for k in positions(words, lex.furniture.first_words) if lex.furniture.match(words, k)]
    starts += [k for k in positions(words, lex.furniture_capitals) if toks[k].text.isupper()]
    starts += [
        k
        for k in positions(words, lex.furniture_title_case)
        if toks[k].text[:1].isupper() and k + 1 < len(toks) and toks[k + 1].text[:1].isupper()
    ]
    return [(k, _furniture_end(words, toks, k)) for k in sorted(starts)]


def _furniture_end(words: list[str], toks, k: int) -> int:
    last = min(k + 40, len(words))
    for j in range(k + 2, last):
        if words[j] in _CLAUSE_ENDS:
            return j
        if (
            j + 1 < len(words)
            and toks[j].text[:1].isupper()
            and toks[j - 1].text[:1].islower()
            and toks[j + 1].text[:1].islower()
        ):
            return j
    return last


def _outside_victim_phrases(cands: list) -> list[_Candidate]:
    """A number inside another figure's victim phrase ("five civilians of one family") is not a figure."""
    kept: list[_Candidate] = []
    for c in cands:
        if c is None:
            continue
        if kept and kept[-1].q.last <= c.q.first < kept[-1].np_end and _may_be_victims(kept[-1]):
            continue
        kept.append(c)
    return kept


def _may_be_victims(c: _Candidate) -> bool:
    """A phrase that found an outcome, or a list that may take one, holds victims; a name's
    phrase that ran on with no outcome ("Hama has cost the lives of 41 civilians") does not."""
    return c.outcome is not None or c.chained_to is not None or not c.single


def _classify(q: Quantity, words: list[str], in_title: bool, toks=None, singles=frozenset()) -> _Candidate | None:
    single = q.first in singles
    if not single and (_not_a_head_count(q, words, toks) or not q.value):
        return None  # "no one", "0 fatalities" and "zero casualties" report no one
    cand = _Candidate(q, np_end=q.last, evidence_end=q.last, single=single)
    left = None if _closes_earlier_figure(q, words, singles) else _outcome_before(q, words)
    cand.subset = _opens_subset(q, words) or _subset_follows(words, q.first)
    if left and q.first > 0 and words[q.first - 1] in _lexicon().participles:
        # "Child killed 9 civilians injured": a participle before the figure may close the
        # report before it; an outcome word after the figure then decides
        _scan_right(cand, words, singles)
        if cand.outcome is None:
            cand.outcome, cand.via_left_verb = left, True
        _settle_hit(cand, words)
        _veto_no_people(cand, words, singles)
        return cand if not (cand.outcome and _needs_introducer(cand, words) and not _introduced(q, words)) else None
    if left is None:
        among = _among_before(q, words)
        if among:
            left, cand.subset, cand.among = among, True, True  # "among the dead were four children"
    if left:
        cand.outcome, cand.via_left_verb = left, True
    _scan_right(cand, words, singles)
    _veto_no_people(cand, words, singles)
    if (
        cand.outcome is None
        and in_title
        and q.first > 0
        and words[q.first - 1] in _lexicon().headline_killers
        and cand.np_end == q.last
    ):
        cand.outcome = "killed"  # "Blast claims 5"
    if cand.outcome and _needs_introducer(cand, words) and not _introduced(q, words):
        cand.outcome = None
    _settle_hit(cand, words)
    return cand


def _veto_no_people(c: _Candidate, words: list[str], singles) -> None:
    """ "killed five cougars" reports no one; a body is a report of one killed, never wounded."""
    lex = _lexicon()
    if c.outcome and not lex.animals.isdisjoint(words[c.q.last : c.np_end]):
        c.outcome = None
    if c.single and c.outcome not in (None, "killed") and words[singles[c.q.first] - 1] in lex.body_nouns:
        c.outcome = None


def _settle_hit(c: _Candidate, words: list[str]) -> None:
    """ "Shot" is a wound unless the clause goes on to a death: "shot him dead", "was shot and
    later died", "was taken to hospital, where he was pronounced dead"."""
    if c.outcome != "hit":
        return
    end = max(c.np_end, c.evidence_end)
    c.outcome = "killed" if _fatal_sequel(words, end) else "wounded"


def _fatal_sequel(words: list[str], end: int) -> bool:
    lex = _lexicon()
    for k in range(end, min(end + _FATAL_REACH, len(words))):
        if words[k] in _CLAUSE_ENDS:
            return False
        if k == end and lex.fatal_complements.match(words, k):
            return True  # "shot him dead", "stabbed a man to death"
        if words[k] not in lex.sequel_openers:
            continue
        if k + 1 < len(words) and (
            words[k + 1] in lex.determiners or words[k + 1] in ("a", "an") or _quantity_starts(words, k + 1)
        ):
            return False  # "... and a dog that was shot and killed": another subject
        j = k + 1 + (k + 1 < len(words) and words[k + 1] in lex.subject_pronouns)
        while j < len(words) and words[j] in lex.aux:
            j += 1
        hit = _after_at(words, j)
        if hit and hit[1] == "killed":
            return True  # "... and later died", "..., where he died"
        verb = lex.before.match(words, j)
        if (
            verb
            and verb[1] == "killed"
            and j + len(verb[0]) < len(words)
            and words[j + len(verb[0])] in ("him", "her", "them")
        ):
            return True  # "..., killing him"
    return False


def _after_at(words: list[str], k: int) -> tuple[int, str] | None:
    """(end, outcome) of an outcome phrase after the victims starting at words[k]."""
    return _lexicon().after_gapped.match(words, k)


def _not_a_head_count(q: Quantity, words: list[str], toks=None) -> bool:
    lex = _lexicon()
    after = words[q.last] if q.last < len(words) else ""
    before = words[q.number_first - 1] if q.number_first > 0 else ""
    if after in lex.not_people or before in lex.not_people_before:
        return True
    if after in lex.months or before in lex.months or ":" in (after, before) or before in lex.negations:
        return True  # "no one was hurt" counts no one
    if words[q.number_first] == "both" and _both_and(words, q.last):
        return True  # "both militants and civilians": no count
    if q.qualifier == "exact" and q.low is not None and is_year(q.low) and words[q.number_first].isdigit():
        before2 = words[q.number_first - 2] if q.number_first > 1 else ""
        if (before.isdigit() and before2 in lex.months) or (before2.isdigit() and before in lex.months):
            return True  # "Nov 7 2016", "7 Nov 2016"
        return after not in lex.kinds  # a year, unless "2000 people"
    if (after == "-" and not _spaced(toks, q.last)) or (before == "-" and not _spaced(toks, q.number_first - 1)):
        return True  # "6-week", "T-4": part of a compound; " - " is a dash between phrases
    return _age_address_time_or_calibre(q, words, toks, before, after)


def _age_address_time_or_calibre(q: Quantity, words: list[str], toks, before: str, after: str) -> bool:
    """ "Ahmed, 24,", "3434 High Street", "at 2130", ".380", "Fox4": numbers that count no one."""
    digits = words[q.number_first]
    if (
        toks is not None
        and q.number_first > 0
        and toks[q.number_first - 1].end == toks[q.number_first].start
        and toks[q.number_first - 1].text[-1:].isalpha()
    ):
        return True  # "Fox4", "F16": part of a name
    if (
        toks is not None
        and q.qualifier == "exact"
        and q.low is not None
        and q.low <= 120
        and (before, after) in ((",", ","), (",", ")"), (",", "."), (",", ";"), ("(", ")"))
        and q.number_first > 1
        and toks[q.number_first - 2].is_capitalised
    ):
        return True  # an age after a name
    if toks is not None and digits.isdigit():
        for j in range(q.last, min(q.last + 4, len(words))):
            if not toks[j].is_capitalised:
                break
            if words[j] in _lexicon().address_words and j > q.last:
                return True  # a house number: "3434 High Street"
        nf = q.number_first
        if before == "." and nf > 1 and toks[nf - 1].end == toks[nf].start and toks[nf - 2].end < toks[nf - 1].start:
            return True  # " .380", " .38 caliber": a calibre
    # "at 2130", "0730": a time of day
    return (
        len(digits) == 4
        and digits.isdigit()
        and (digits[0] == "0" or (before == "at" and _is_clock(digits)))
        and not any(w in _lexicon().toll_nouns for w in words[max(0, q.number_first - 4) : q.number_first])
    )


def _is_clock(digits: str) -> bool:
    return int(digits[:2]) <= 23 and int(digits[2:]) <= 59


def _both_and(words: list[str], k: int) -> bool:
    """ "both militants and civilians" (a pair of kinds), not "both brothers were shot and killed"."""
    lex = _lexicon()
    for w in words[k : k + 4]:
        if w == "and":
            return True
        if w in lex.aux or w in lex.breaks or not w[:1].isalpha():
            return False
    return False


def _spaced(toks, i: int) -> bool:
    return (
        toks is not None
        and 0 < i < len(toks) - 1
        and toks[i].start > toks[i - 1].end
        and toks[i + 1].start > toks[i].end
    )


def _ends_with(words: list[str], end: int, table: PhraseTable) -> tuple | None:
    """The longest (phrase, value) of `table` whose phrase ends just before words[end]."""
    return table.ending_at(words, end)


def _outcome_before(q: Quantity, words: list[str]) -> str | None:
    lex = _lexicon()
    first = q.first
    while first > 0 and q.first - first < 2 and words[first - 1] in lex.figure_determiners:
        first -= 1  # "killed the two men", "wounded another 23", "injuring an additional 5"
    hit = _ends_with(words, first, lex.before) or _ends_with(words, first, lex.noun_of)
    if hit:
        k = first - len(hit[0])
        other = _ends_with(words, k - 1, lex.before) if k >= 2 and words[k - 1] in ("or", "and", "/") else None
        if other and {other[1], hit[1]} == {"killed", "wounded"}:
            return None  # "killed or wounded 40" does not split killed from wounded: no report
        if k >= 1 and (words[k - 1] in lex.negations or _irrealis(words, k) or _legal_charge(words, k)):
            return None  # "without injuring anyone", "threatened to kill him", "convicted of killing"
        return hit[1]
    k = q.first
    while k > 0 and words[k - 1] in lex.toll_verbs and q.first - k < 4:
        k -= 1
    if _ends_with(words, k, lex.wounded_toll_heads):
        return "wounded"
    if _ends_with(words, k, lex.toll_heads):
        return "killed"
    rise = _ends_with(words, q.first, lex.toll_rises)
    if rise:
        return _toll_head_before(words, q.first - len(rise[0]))
    return None


def _legal_charge(words: list[str], k: int) -> bool:
    """ "sentenced ... for killing his neighbour", "convicted of murdering": a charge, not a report."""
    lex = _lexicon()
    if words[k - 1] not in lex.legal_charges or not words[k].endswith("ing"):
        return False
    return not lex.legal_words.isdisjoint(words[max(0, k - 8) : k - 1])


def _irrealis(words: list[str], k: int) -> bool:
    """Whether the casualty verb at words[k] is threatened, wished or planned: an irrealis
    phrase right before it ("threatened to kill"), or, for a base form, earlier in its clause
    ("was going to kill her and then kill himself")."""
    lex = _lexicon()
    if lex.irrealis.ending_at(words, k):
        return True
    if words[k] not in lex.base_forms:
        return False
    for j in range(k - 1, max(0, k - 12), -1):
        if words[j - 1] in _CLAUSE_ENDS or words[j - 1] in (":", "but"):
            return False
        if lex.irrealis.ending_at(words, j):
            return True
    return False


def _toll_head_before(words: list[str], end: int, reach: int = 20) -> str | None:
    """The head of a toll that "has risen to" the figure, further back in the same clause."""
    lex = _lexicon()
    for k in range(end, max(0, end - reach), -1):
        if words[k - 1] in (".", ";", "and", "but"):
            return None
        if _ends_with(words, k, lex.wounded_toll_heads):
            return "wounded"
        if _ends_with(words, k, lex.toll_heads):
            return "killed"
    return None


def _among_before(q: Quantity, words: list[str]) -> str | None:
    """ "Among the dead were four children": the outcome named before the figure."""
    k = q.first
    if k > 0 and words[k - 1] in _lexicon().copulas:
        k -= 1
    hit = _lexicon().among.ending_at(words, k)
    return hit[1] if hit else None


def _closes_earlier_figure(q: Quantity, words: list[str], singles=frozenset()) -> bool:
    """ "6 civilians killed 35 injured": the participle before 35 closes the report of 6
    (but in "two villages killed 15" the earlier number counts no one, and in "three gunmen
    killed four people" the participle governs the later figure, which has no outcome of its own)."""
    lex = _lexicon()
    k = q.first - 1
    if k < 1 or words[k] not in lex.participles or words[k - 1] in lex.breaks or words[k - 1] in ("and", "or", ","):
        return False
    for j in range(max(0, k - 4), k - 1):
        found = find_quantities_cached(tuple(words[j : j + 3]))
        if found and found[0].first == 0 and words[j + found[0].last] not in lex.not_people:
            earlier = Quantity(
                j + found[0].first,
                j + found[0].last,
                found[0].low,
                found[0].high,
                found[0].qualifier,
                j + found[0].number_first,
            )
            if not _not_a_head_count(earlier, words) and _has_own_outcome(q, words, singles):
                return True
    return False


def _has_own_outcome(q: Quantity, words: list[str], singles=frozenset()) -> bool:
    """Whether an outcome word follows the figure's own victim phrase ("... 35 injured")."""
    probe = _Candidate(q, np_end=q.last, evidence_end=q.last)
    _scan_right(probe, words, singles)
    return probe.outcome is not None


def _opens_subset(q: Quantity, words: list[str]) -> bool:
    lex = _lexicon()
    return _ends_with(words, q.first, lex.subset_openers) is not None


def _scan_right(c: _Candidate, words: list[str], singles=frozenset()) -> None:
    """Walk the victim phrase after the figure to its outcome word, a list continuation or a break."""
    lex = _lexicon()
    k, np_words, passive = c.q.last, 0, False
    if c.single and singles.get(c.q.first, k) > k:
        k = singles[c.q.first]  # the victim's own words, whatever they look like ("Ahmed")
        np_words = 1  # one noun phrase, however long its name
        c.np_end = c.evidence_end = max(c.evidence_end, k)
    while k < len(words) and np_words <= _MAX_VICTIM_WORDS:
        w = words[k]
        if _outcome_here(c, words, k, passive, singles, np_words) or _list_goes_on(c, words, k, np_words, singles):
            return
        skip = _skippable(c, words, k, np_words, singles)
        if skip is not None:
            k = skip
            continue
        if c.single and w in lex.found_verbs and passive and words[singles[c.q.first] - 1] in lex.body_nouns:
            c.outcome, c.evidence_end = "killed", k + 1  # "his body was found"
            return
        if w in lex.aux:
            if c.single and w in lex.modals:
                return  # "he could have died", "she would be killed": no report
            passive = passive or w in lex.passive_aux
            k += 1
            continue
        if _ends_phrase(w, words, k, singles):
            if c.outcome is None and np_words:
                _verb_then_outcome(c, words, k)
            return
        if w == "of" and np_words == 0:  # "dozens of people" already took its "of"
            k += 1
            continue
        if w == "of" and _quantity_starts(words, k + 1):
            k, np_words = k + 2, np_words + 2  # "five civilians of one family"
            c.np_end = k
            continue
        np_words += 1
        k += 1
        if c.outcome is None or w not in lex.aux:
            c.np_end = k
            c.evidence_end = max(c.evidence_end, k)


def _outcome_here(c: _Candidate, words: list[str], k: int, passive: bool, singles, np_words: int) -> bool:
    """Whether words[k] settles the figure's outcome (or that it has none); True ends the walk."""
    lex = _lexicon()
    w = words[k]
    among = lex.among.match(words, k)
    if among:
        c.outcome = c.outcome or among[1]
        c.subset = c.among = True
        c.evidence_end = k + len(among[0])
        return True
    if c.outcome == "hit":
        fatal = lex.fatal_complements.match(words, k)
        after = _after_at(words, k)
        if fatal:  # "stabbed a man to death"
            c.outcome, c.evidence_end = "killed", k + len(fatal[0])
        elif after and after[1] == "killed":  # "shot him dead"
            c.outcome, c.evidence_end = "killed", after[0]
        if fatal or after:
            return True
    after = _after_at(words, k) if c.outcome is None else None
    if after:
        if not (k > 0 and words[k - 1] == "to"):  # "likely to die", "expected to be killed": not yet
            _outcome_after(c, words, k, after, passive, singles, np_words)
        return True
    if w in lex.negations:
        return True  # "no one was hurt", "was not injured"
    if w in lex.nouns and c.outcome is None and not c.single:
        c.outcome, c.evidence_end = lex.nouns[w], k + 1
        if (w,) not in lex.after.values:
            c.np_end = k + 1  # "5 martyrs" names the victims; "30 dead" does not
        return True
    return False


def _list_goes_on(c: _Candidate, words: list[str], k: int, np_words: int, singles) -> bool:
    """Whether the next figure of a list starts here ("12 soldiers and 20 fighters", "five
    civilians including a child"); True ends the walk, the list's outcome decides."""
    lex = _lexicon()
    w = words[k]
    if w == "and" and _figure_start(words, k + 1, singles) is not None:
        c.chained_to = _figure_start(words, k + 1, singles)
        return True
    if w == "among" and np_words and _figure_start(words, k + 1, singles) is not None:
        c.chained_to, c.subset = _figure_start(words, k + 1, singles), True  # "2 medics among at least 31 dead"
        return True
    if np_words and _quantity_starts(words, k) and not _subset_follows(words, k):
        c.chained_to = k  # comma-less list: "40 civilians 25 YPG fighters killed"
        return True
    opener = match_phrase(words, k, lex.subset_openers)
    if opener and _figure_start(words, k + len(opener), singles) is not None:
        c.chained_to = _figure_start(words, k + len(opener), singles)  # "five civilians including a child were killed"
        return True
    return False


def _skippable(c: _Candidate, words: list[str], k: int, np_words: int, singles) -> int | None:
    """Where the walk goes on after words that may stand between victims and their outcome: an
    apposition, a bracket, a relative or prepositional phrase. A comma list ends the walk."""
    lex = _lexicon()
    w = words[k]
    opener = match_phrase(words, k, lex.subset_openers)
    if opener:
        k += len(opener)  # "73 civilians mostly women and children were killed"
        while (
            k < len(words)
            and words[k] not in lex.aux
            and not lex.after.match(words, k)
            and words[k] not in lex.breaks
            and any(ch.isalnum() for ch in words[k])
            and k - c.q.last < _MAX_VICTIM_WORDS
        ):
            k += 1
        return k
    if w == "(":
        close = _closing_paren(words, k)
        return len(words) if close is None else close + 1
    if c.single and w == "," and k + 1 < len(words) and words[k + 1] in lex.passive_aux:
        return k + 1  # "Naseem Baloch, was shot": a stray comma
    if w in (",", "(") and (
        c.one or (k + 1 < len(words) and words[k + 1] in lex.apposition_openers) or _names_follow(words, k + 1, singles)
    ):
        end = apposition_end(words, k)  # "Juan Perez, 34, was", "two brothers, Ali and Omar, were"
        if end is not None and (c.one or _outcome_starts(words, end)):
            return end
    if w == "," and np_words and _figure_start(words, k + 1, singles) is not None and not _subset_follows(words, k + 1):
        c.chained_to = _figure_start(words, k + 1, singles)  # "three soldiers, a civilian and ..."
        return len(words)
    if w == "that" and k + 1 < len(words) and words[k + 1] in lex.aux:
        return k + 1  # "a civilian that was in the vicinity": a relative clause
    if np_words and c.outcome is None and w in lex.pp_openers:
        return _phrase_then_outcome(words, k)  # "a soldier on patrol near the border was killed"
    return None


def _phrase_then_outcome(words: list[str], k: int, reach: int = 14) -> int | None:
    """Where an outcome (or its auxiliary) begins after a prepositional phrase opening at
    words[k] ("... on patrol near the border | was killed", "the driver of the car | died"), if
    the phrase holds only plain words and perhaps an apposition."""
    lex = _lexicon()
    for m in range(k + 1, min(k + reach, len(words))):
        w = words[m]
        if _outcome_starts(words, m):
            return m
        if w == "(" and _closing_paren(words, m) is not None:
            continue  # "(HRCP)": read on; the closing bracket is skipped below
        if w == ")":
            continue
        if w == ",":
            end = apposition_end(words, m)
            return end if end is not None and _outcome_starts(words, end) else None  # "..., Ali Khan, was killed"
        if (
            not (w[:1].isalpha() or w in ("'s", "’s", "-"))
            or w in lex.verbs_before
            or w in lex.negations
            or w in lex.speech_words
            or w in ("and", "or", "but", "who", "which", "that", "when", "while")
            or _quantity_starts(words, m)
        ):
            return None
    return None


def _names_follow(words: list[str], k: int, singles) -> bool:
    """A capitalised word after the comma: a name in apposition ("two brothers, Ali and Omar,")."""
    return k < len(words) and words[k][:1].isalpha() and _capitalised(singles, k)


def _capitalised(singles, k: int) -> bool:
    return isinstance(singles, _SentenceFacts) and singles.capitalised(k)


def _outcome_starts(words: list[str], m: int) -> bool:
    """An outcome phrase at words[m], or after the auxiliaries there ("was later killed")."""
    j = m
    while j < len(words) and words[j] in _lexicon().aux:
        j += 1
    return _after_at(words, j) is not None and (j > m or words[m] not in _lexicon().verbs_before)


def _outcome_after(
    c: _Candidate, words: list[str], k: int, after: tuple[int, str], passive: bool, singles, np_words: int
) -> None:
    """Settle the outcome phrase found at words[k] after the victim phrase."""
    lex = _lexicon()
    end, outcome = after
    if outcome == "none":
        return  # "were shot at", "was shot down": no one hit
    if not passive and np_words and lex.before.match(words, k) and _object_follows(words, end, singles):
        return  # "the gunman killed his wife": the figure is the killer
    if outcome == "killed" and _natural_death(words, end):
        return  # "died of cancer"
    if _other_fate_follows(words, end, outcome):
        c.np_end = c.q.last  # "19 killed and injured", "killed or captured": no outcome, never a report
        return
    # one wounded who then died is a death: "was injured and later succumbed"
    c.outcome, c.evidence_end = "hit" if outcome == "wounded" else outcome, end


def _object_follows(words: list[str], end: int, singles) -> bool:
    """Whether an active verb ending at `end` has its own object: "killed his wife", "shot
    two men" (a figure with no outcome of its own), "gunmen killed civilians". Asked only where
    a noun stands between the figure and the verb: in "four injured persons" and "12 injured a
    source said" the participle is the figure's own."""
    lex = _lexicon()
    if end + 2 < len(words) and words[end] == "and" and lex.before.match(words, end + 1):
        end += 1 + len(lex.before.match(words, end + 1)[0])  # "shot and stabbed a legislator"
    if end >= len(words):
        return False
    w = words[end]
    if w in lex.object_openers or w in lex.person_words or end in singles:
        return True
    return _quantity_starts(words, end) and not _has_own_outcome(_quantity_at_start(words, end), words, singles)


def _quantity_at_start(words: list[str], k: int) -> Quantity:
    q = find_quantities_cached(tuple(words[k : k + 6]))[0]
    return Quantity(k + q.first, k + q.last, q.low, q.high, q.qualifier, k + q.number_first)


def _natural_death(words: list[str], end: int) -> bool:
    """ "died of cancer", "died in December from natural causes", "killed by opioids", "killed
    in a car crash"."""
    for j in range(end, min(end + 8, len(words))):
        if words[j] in _CLAUSE_ENDS:
            return False
        if words[j] in _lexicon().cause_prepositions and any(
            _lexicon().natural_causes.match(words, m) for m in range(j + 1, min(j + 4, len(words)))
        ):
            return True
    return False


def _other_fate_follows(words: list[str], end: int, outcome: str) -> bool:
    """ "killed and injured", "killed, injured or captured", "killed or arrested": the figure
    is not split between the fates."""
    lex = _lexicon()
    if end >= len(words) or words[end] not in ("and", "or", ","):
        return False
    if words[end] == "and":
        other = _after_at(words, end + 1)
        return other is not None and {other[1], outcome} == {"killed", "wounded"}
    j = end
    while j < len(words) and j - end < 6 and (words[j] in ("or", ",") or words[j] in lex.other_fates):
        if words[j] == "or" and j + 1 < len(words) and words[j + 1] in lex.other_fates:
            return True
        j += 1
    return False


def _verb_then_outcome(c: _Candidate, words: list[str], k: int) -> bool:
    """ "41 rebels were rounded up and executed": an outcome after one coordinated verb;
    "31 civilians were identified among those killed": a subset after one verb."""
    lex = _lexicon()
    if k == 0 or words[k - 1] not in lex.aux:
        return False
    among = lex.among.match(words, k + 1)
    if among:
        c.outcome, c.subset, c.among = among[1], True, True
        c.evidence_end = k + 1 + len(among[0])
        return True
    for j in range(k + 1, min(k + 4, len(words))):
        if words[j] == "and":
            hit = _after_at(words, j + 1)
            if hit and hit[1] in ("killed", "wounded", "hit") and words[j + 1] not in lex.base_forms:
                c.outcome, c.evidence_end = hit[1], hit[0]
                return True
            return False
        if words[j] in lex.breaks or not words[j].isalpha():
            return False
    return False


def _ends_phrase(w: str, words: list[str], k: int, singles=None) -> bool:
    lex = _lexicon()
    if w in lex.breaks or w in ("and", "or", "a", "an") or not any(ch.isalnum() for ch in w):
        return True
    if (
        "-" not in w
        and (w.endswith("ed") or w.endswith("ing"))
        and not _capitalised(singles, k)
        and not (w in lex.np_participles and k > 0 and words[k - 1] not in lex.aux)
    ):
        return True  # a verb: the figure's clause went on without a casualty word ("were abducted")
    if w in lex.verbs_before or w in lex.headline_verbs:
        return True  # "kills 12 wounds 50", "Kill 30 Terrorists Free 19 Civilians"
    return w in lex.speech_words or _quantity_starts(words, k)


def _closing_paren(words: list[str], k: int) -> int | None:
    for j in range(k + 1, min(k + 6, len(words))):
        if words[j] == ")":
            return j
    return None


def _subset_follows(words: list[str], k: int) -> bool:
    """ "12 civilians 5 of them children": the second figure is a part of the first."""
    qs = find_quantities_cached(tuple(words[k : k + 6]))
    end = k + (qs[0].last if qs else 1)
    return _lexicon().subset_followers.match(words, end) is not None


def _figure_start(words: list[str], k: int, singles=frozenset()) -> int | None:
    """Where a figure begins at words[k]: a number, a single victim ("a child", "his wife"), or
    a number after a possessive ("and his two sons")."""
    if k in singles or _quantity_starts(words, k):
        return k
    if k < len(words) and words[k] in _lexicon().determiners and _quantity_starts(words, k + 1):
        return k + 1
    return None


def _quantity_starts(words: list[str], k: int) -> bool:
    if k >= len(words):
        return False
    qs = find_quantities_cached(tuple(words[k : k + 6]))
    return bool(qs) and qs[0].first == 0


@lru_cache(maxsize=16384)
def find_quantities_cached(words: tuple[str, ...]) -> tuple[Quantity, ...]:
    return tuple(find_quantities_in(list(words)))


def _needs_introducer(c: _Candidate, words: list[str]) -> bool:
    return c.np_end > 0 and words[c.np_end - 1] in _lexicon().needs_introducer and not c.via_left_verb


def _introduced(q: Quantity, words: list[str]) -> bool:
    return _ends_with(words, q.first, _lexicon().introducers) is not None


def _parts_named_after(cands: list[_Candidate], words: list[str]) -> None:
    """ "Nine people were killed and at least four were children", "two of the victims were
    women": a bare figure linked to a victim noun is a part of the figure reported before it
    in the sentence, with that figure's outcome."""
    lex = _lexicon()
    previous = None
    for c in cands:
        if c.outcome is None and previous is not None:
            link = lex.part_links.match(words, c.q.last)
            noun = c.q.last + len(link[0]) if link else None
            if noun is not None and noun < len(words) and lex.kinds.get(words[noun], "unknown") != "unknown":
                c.outcome, c.subset, c.noun_at = previous.outcome, True, noun
                c.np_end = c.evidence_end = noun + 1
        if c.outcome:
            previous = c


def _resolve_chains(cands: list[_Candidate], words: list[str], singles=frozenset()) -> None:
    """Right-to-left: "12 soldiers and 20 fighters were killed" gives 12 the outcome of 20.
    Left-to-right: "killing 6 civilians and 4 soldiers" gives 4 the verb of 6."""
    by_start = {c.q.first: c for c in cands}
    for c in reversed(cands):
        nxt = by_start.get(c.chained_to) if c.chained_to is not None else None
        if nxt is not None and not nxt.subset and not c.subset:
            c.list_id = nxt.list_id = nxt.list_id if nxt.list_id is not None else c.q.first
        if c.outcome is None and nxt is not None:
            c.outcome = nxt.outcome
            c.subset = c.subset or nxt.among
            c.among = nxt.among
    previous = None
    for c in cands:
        if c.via_left_verb and previous is not None and previous.outcome and previous.evidence_end == c.q.first:
            # "25 civilians killed 80 injured": "killed" closed the first report, it governs nothing
            c.outcome, c.via_left_verb = None, False
            _scan_right(c, words, singles)
            _settle_hit(c, words)
        if (
            c.outcome is None
            and previous is not None
            and previous.outcome
            and previous.via_left_verb
            and previous.chained_to == c.q.first
        ):
            c.outcome, c.via_left_verb = previous.outcome, True
            c.subset, c.among = c.subset or previous.among, previous.among
        if (
            c.outcome is None
            and c.subset
            and previous is not None
            and previous.outcome
            and c.q.first - max(previous.np_end, previous.evidence_end) <= 4
        ):
            c.outcome = previous.outcome  # "22 civilians, including six children": right after its total
        previous = c if c.outcome or previous is None else previous


def _report(
    doc,
    sentence,
    base,
    toks,
    words,
    c: _Candidate,
    mentions,
    catalog,
    perpetrator,
    source,
    previous: CasualtyReport | None,
) -> CasualtyReport:
    q = c.q
    if c.outcome is None:  # callers report only candidates whose outcome was read
        raise ValueError(f"a casualty candidate with no outcome in sentence {sentence.no}")
    np_first, np_end = (q.last if c.noun_at is None else c.noun_at), c.np_end
    victim_group = doc.text[toks[np_first].start : toks[np_end - 1].end] if np_end > np_first else None
    victim_actor = _actor_within(mentions, base + np_first, base + np_end)
    kind = _victim_kind(words[np_first:np_end], victim_actor, catalog)
    if victim_group is None and previous is not None:
        victim_actor, kind = previous.victim_actor_id, previous.victim_kind
    end_tok = max(c.evidence_end, np_end, q.last, q.first + 1) - 1
    return CasualtyReport(
        sentence_no=sentence.no,
        outcome=c.outcome,
        count_low=q.low,
        count_high=q.high,
        qualifier=q.qualifier,
        victim_group=victim_group,
        victim_kind=kind,
        victim_actor_id=victim_actor,
        perpetrator_actor_id=perpetrator,
        reported_by=source[0] if source else None,
        reported_by_actor_id=source[1] if source else None,
        char_start=toks[q.first].start,
        char_end=toks[end_tok].end,
        is_subset=c.subset,
        list_id=c.list_id,
        first=base + q.first,
        last=base + end_tok + 1,
    )


def _actor_within(mentions: list[ActorMention], first: int, last: int) -> str | None:
    for m in mentions:
        if m.first >= first and m.last <= last:
            return m.actor_id
    return None


def _victim_kind(np_words: list[str], actor_id: str | None, catalog: ActorCatalog) -> str:
    lex = _lexicon()
    kinds = [lex.kinds[w] for w in np_words if w in lex.kinds]
    if "civilians" in kinds:
        return "civilians"
    head = len(np_words) - 1
    while head > 0 and np_words[head] not in lex.kinds:
        head -= 1
    modifiers = [lex.kind_modifiers[w] for w in np_words[:head] if w in lex.kind_modifiers]
    if modifiers and kinds and kinds[-1] in ("armed_group", "state_forces", "unknown"):
        return modifiers[-1]
    actor = catalog.by_id.get(actor_id) if actor_id else None
    if actor and actor.victim_kind not in ("unknown", ""):
        return actor.victim_kind
    specific = [k for k in kinds if k != "unknown"]
    return specific[-1] if specific else "unknown"


def _perpetrator(mentions: list[ActorMention], victim_spans, source, catalog: ActorCatalog) -> str | None:
    """The sentence's first fighting actor that is neither among the victims nor the source."""
    for m in mentions:
        actor = catalog.by_id[m.actor_id]
        if not actor.is_combatant:
            continue
        if any(m.first >= a and m.last <= b for a, b in victim_spans):
            continue
        if source and m.actor_id == source[1]:
            continue
        return m.actor_id
    return None
