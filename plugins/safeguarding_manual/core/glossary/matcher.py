"""Finding glossary terms in text in one pass whose cost does not grow with the glossary.

The text is split into words once. At each word we first ask whether any term
starts with that word (one set look-up; for most words the answer is no). If
one may, we look up the phrases of 1..N words starting there (N = the longest
term, in words) in two hash tables, one exact for case-sensitive forms and
abbreviations, one lower-cased for the rest. The longest phrase found wins.
The work per word is bounded by N, whether the glossary has ten terms or a thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterator, TypeVar

WORD = re.compile(r"\w+(?:['’]\w+)*")
T = TypeVar("T")


def _words(text: str) -> list[str]:
    return WORD.findall(text.replace("’", "'"))


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    value: T


class TermMatcher(Generic[T]):
    def __init__(self) -> None:
        self._exact: dict[str, T] = {}
        self._folded: dict[str, T] = {}
        #: lower-cased first words of every form: the quick "could a term start here?" test
        self._first_words: set[str] = set()
        self._max_words = 1

    def add(self, form: str, value: T, *, case_sensitive: bool) -> None:
        words = _words(form)
        if not words:
            return
        key = " ".join(words)
        self._max_words = max(self._max_words, len(words))
        self._first_words.add(words[0].lower())
        if case_sensitive:
            self._exact.setdefault(key, value)
        else:
            self._folded.setdefault(key.lower(), value)

    def find(self, text: str) -> Iterator[Match[T]]:
        """Non-overlapping matches, left to right, longest first, whole words only.

        A phrase only matches across plain white space between its words, never across punctuation.
        """
        spans = [(m.start(), m.end()) for m in WORD.finditer(text)]
        if not spans:
            return
        words = [text[s:e].replace("’", "'") for s, e in spans]
        lowered = [w.lower() for w in words]
        index = 0
        while index < len(words):
            if lowered[index] not in self._first_words:
                index += 1
                continue
            found = self._longest_at(text, spans, words, lowered, index)
            if found is None:
                index += 1
                continue
            length, value = found
            yield Match(spans[index][0], spans[index + length - 1][1], value)
            index += length

    def _longest_at(self, text: str, spans: list[tuple[int, int]], words: list[str], lowered: list[str],
                    index: int) -> tuple[int, T] | None:
        longest = 1
        limit = min(self._max_words, len(words) - index)
        while longest < limit and text[spans[index + longest - 1][1]:spans[index + longest][0]].isspace():
            longest += 1
        for length in range(longest, 0, -1):
            value = self._exact.get(" ".join(words[index:index + length]))
            if value is None:
                value = self._folded.get(" ".join(lowered[index:index + length]))
            if value is not None:
                return length, value
        return None
