"""The Document's shortcuts give what the plain definitions give: one tokenising pass over the
whole article yields each sentence's own tokens, and the folded text maps back to them."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitrep.extract.document import Document
from sitrep.extract.gazetteer import FoldedTokens
from sitrep.extract.text import fold, split_sentences, tokenize

# The tokeniser as first written (no possessive quantifiers), to check the faster one against.
_REFERENCE_TOKEN = re.compile(
    r"(?:[A-Z]\.){2,}"
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*?(?=['’][sS]\b)"
    r"|['’][sS]\b"
    r"|\d+(?:[.,]\d+)*(?:[-–]?[^\W\d_]+(?:-[^\W\d_]+)*)?"
    r"|[^\W\d_]+(?:[-'’][^\W\d_]+)*"
    r"|\S"
)

pieces = st.one_of(
    st.sampled_from(
        [
            "Syria's",
            " The",
            "  But",
            ". He",
            "al-Assad’s",
            "U.S.",
            "Deir-ez-Zour",
            "twenty-one",
            "280,000",
            "1.5",
            "3-year-old",
            "’s",
            "'S",
            "s'",
            "--",
            "–",
            "\n",
            "\r\n",
            " ",
            ".",
            ". ",
            "\u2028",
            "\x1c",
            "\x85",
            "\u00a0",
            "e\u0301",
            "²",
            "İstanbul",
            "_",
            "Mr.",
            "Gen. Smith",
        ]
    ),
    st.text(max_size=8),
)
texts = st.lists(pieces, max_size=40).map(lambda ps: "".join(ps))


def _spans(tokens):
    return [(t.text, t.start, t.end) for t in tokens]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_tokenizer_matches_the_reference_pattern(text):
    assert _spans(tokenize(text)) == [(m.group(), m.start(), m.end()) for m in _REFERENCE_TOKEN.finditer(text)]


@settings(max_examples=400, deadline=None)
@given(texts)
def test_whole_text_tokens_are_the_sentences_tokens(text):
    doc = Document.from_text(text)
    by_sentence, firsts = [], []
    for s in split_sentences(text):
        firsts.append(len(by_sentence))
        by_sentence.extend(tokenize(s.text, s.start))
    assert _spans(doc.tokens) == _spans(by_sentence)
    assert doc.sentence_first_token == firsts
    assert doc.words() == [t.lower for t in doc.tokens]


@settings(max_examples=300, deadline=None)
@given(texts, st.sets(st.integers(min_value=0, max_value=50)))
def test_folded_positions_map_back_to_tokens(text, breaks):
    tokens = tokenize(text)
    folded = FoldedTokens(tokens, breaks)
    parts, starts, ends, pos = [], {}, {}, 0  # the loop FoldedTokens replaces
    for i, tok in enumerate(tokens):
        if i in breaks and i:
            parts.append("|")
            pos += 2
        key = fold(tok.text) or "|"
        starts[pos], ends[pos + len(key)] = i, i
        parts.append(key)
        pos += len(key) + 1
    assert (folded.text, folded.starts, folded.ends) == (" ".join(parts), starts, ends)


@settings(max_examples=400, deadline=None)
@given(texts, st.integers(min_value=0, max_value=60))
def test_sentence_boundary_tests_match_their_first_form(line, pos):
    from sitrep.extract.text import _next_is_capitalised_common, _next_starts_sentence

    pos = min(pos, len(line))
    rest = line[pos:].lstrip()
    assert _next_starts_sentence(line, pos) == (
        not rest or rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“‘'(-–—"
    )
    m = re.match(r"\s+([A-Z][a-z]+)", line[pos:])
    assert _next_is_capitalised_common(line, pos) == (
        bool(m) and m.group(1).lower() in {"the", "a", "an", "it", "he", "she", "they", "this", "in", "on", "but"}
    )
