"""An article prepared once for every extractor: sentences, tokens and their folded form."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from itertools import chain, repeat

from sitrep.extract.gazetteer import FoldedTokens
from sitrep.extract.text import Sentence, Token, split_sentences, token_columns


@dataclass
class Document:
    text: str
    sentences: list[Sentence]
    tokens: list[Token]
    sentence_first_token: list[int]  # index of each sentence's first token
    folded: FoldedTokens = field(repr=False)
    _words: list[str] | None = field(default=None, repr=False)
    _token_sentences: list[int] | None = field(default=None, repr=False)
    _token_starts: list[int] | None = field(default=None, repr=False)
    _token_ends: list[int] | None = field(default=None, repr=False)
    _token_texts: list[str] | None = field(default=None, repr=False)
    _keys: list[str] | None = field(default=None, repr=False)

    @classmethod
    def from_text(cls, text: str) -> Document:
        sentences = split_sentences(text)
        # One pass over the whole text: the same tokens as sentence by sentence (see token_columns)
        texts, starts, ends, tokens = token_columns(text)
        firsts = [bisect.bisect_left(starts, s.start) for s in sentences]
        doc = cls(text, sentences, tokens, firsts, FoldedTokens(tokens, firsts, texts))
        doc._words, doc._token_texts = list(map(str.lower, texts)), texts
        doc._token_starts, doc._token_ends = starts, ends
        return doc

    def sentence_of_token(self, i: int) -> int:
        return bisect.bisect_right(self.sentence_first_token, i) - 1

    # The columns of `tokens`, kept from tokenising (rebuilt if the Document was made otherwise):
    # extractors scan them with C-level map/compress instead of reading tokens one by one.
    def token_texts(self) -> list[str]:
        if self._token_texts is None:
            self._token_texts = [t.text for t in self.tokens]
        return self._token_texts

    def token_starts(self) -> list[int]:
        """Every token's first character, in order (for bisecting char offsets to tokens)."""
        if self._token_starts is None:
            self._token_starts = [t.start for t in self.tokens]
        return self._token_starts

    def token_ends(self) -> list[int]:
        """Every token's end offset, in order."""
        if self._token_ends is None:
            self._token_ends = [t.end for t in self.tokens]
        return self._token_ends

    def token_sentences(self) -> list[int]:
        """The sentence number of every token, computed once per article."""
        if self._token_sentences is None:
            bounds = [*self.sentence_first_token[1:], len(self.tokens)]
            self._token_sentences = list(
                chain.from_iterable(
                    repeat(no, end - first)
                    for no, (first, end) in enumerate(zip(self.sentence_first_token, bounds, strict=False))
                )
            )
        return self._token_sentences

    def token_range(self, sentence_no: int) -> range:
        first = self.sentence_first_token[sentence_no]
        last = self.sentence_first_token[sentence_no + 1] if sentence_no + 1 < len(self.sentences) else len(self.tokens)
        return range(first, last)

    def keys(self) -> list[str]:
        """Every token's folded key ("|" for punctuation), computed once per article."""
        if self._keys is None:
            self._keys = self.folded.keys
        return self._keys

    def words(self) -> list[str]:
        """Lower-cased tokens, computed once per article."""
        if self._words is None:
            self._words = [t.lower for t in self.tokens]
        return self._words
