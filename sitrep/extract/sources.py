"""Who the text credits for a figure: "..., Sana said", "according to the Observatory",
"activists said" (docs/codebook.md#sources-of-figures)."""

from __future__ import annotations

from functools import lru_cache

from sitrep.extract.actors import ActorCatalog, ActorMention
from sitrep.extract.document import Document
from sitrep.extract.lexicon import lexicon, positions
from sitrep.extract.text import Sentence


@lru_cache(maxsize=1)
def _lexicon() -> dict:
    lex = lexicon("sources")
    return dict(
        cues=frozenset(lex["reporting_cues"]),
        types=frozenset(lex["source_types"]),
        generic=dict(lex["generic_sources"]),
    )


def reporting_source(
    doc: Document, sentence: Sentence, mentions: list[ActorMention], catalog: ActorCatalog
) -> tuple[str, str | None] | None:
    """(name, actor_id) of the sentence's source, or the generic words as written, or None."""
    lex = _lexicon()
    rng = doc.token_range(sentence.no)
    words = doc.words()[rng.start : rng.stop]
    for k in positions(words, lex["cues"]):
        cue = rng.start + k
        near = [
            m
            for m in mentions
            if catalog.by_id[m.actor_id].actor_type in lex["types"]
            and (cue - 6 <= m.last - 1 < cue or cue < m.first <= cue + 4)
        ]
        if near:
            best = min(near, key=lambda m: abs(m.first - cue))
            return catalog.by_id[best.actor_id].name, best.actor_id
        generic = next((words[j] for j in range(max(0, k - 3), k) if words[j] in lex["generic"]), None)
        if generic:
            return generic, None
    return None


def article_actor_for(generic: str | None, mentions: list[ActorMention], catalog: ActorCatalog):
    """The one actor of the generic word's type the article names ("the monitor"), or None."""
    kind = _lexicon()["generic"].get(generic or "")
    if not kind:
        return None
    ids = {m.actor_id for m in mentions if catalog.by_id[m.actor_id].actor_type == kind}
    return catalog.by_id[next(iter(ids))] if len(ids) == 1 else None
