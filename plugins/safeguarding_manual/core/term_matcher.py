"""Finding glossary terms in text in one pass whose cost does not grow with the glossary.

The text is split into words once. At each word we look up the phrases of
1..N words that start there (N = the longest term, in words) in two hash
tables, one exact for case-sensitive forms and abbreviations, one lower-cased
for the rest. The longest phrase found wins. The work per word is at most N
dictionary look-ups, whether the glossary has ten terms or a thousand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Generic, Iterator, TypeVar

WORD = re.compile(r"\w+(?:['’]\w+)*")
T = TypeVar("T")


def _normalise(text: str) -> str:
    return " ".join(text.replace("’", "'").split())


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    value: T


class TermMatcher(Generic[T]):
    def __init__(self) -> None:
        self._exact: dict[str, T] = {}
        self._folded: dict[str, T] = {}
        self._max_words = 1

    def add(self, form: str, value: T, *, case_sensitive: bool) -> None:
        key = _normalise(form)
        if not key:
            return
        self._max_words = max(self._max_words, len(WORD.findall(key)))
        if case_sensitive:
            self._exact.setdefault(key, value)
        else:
            self._folded.setdefault(key.lower(), value)

    def find(self, text: str) -> Iterator[Match[T]]:
        """Non-overlapping matches, left to right, longest first, whole words only."""
        words = [(m.start(), m.end()) for m in WORD.finditer(text)]
        index = 0
        while index < len(words):
            found = self._longest_at(text, words, index)
            if found is None:
                index += 1
                continue
            length, value = found
            yield Match(words[index][0], words[index + length - 1][1], value)
            index += length

    def _longest_at(self, text: str, words: list[tuple[int, int]], index: int) -> tuple[int, T] | None:
        start = words[index][0]
        for length in range(min(self._max_words, len(words) - index), 0, -1):
            phrase = _normalise(text[start: words[index + length - 1][1]])
            value = self._exact.get(phrase)
            if value is None:
                value = self._folded.get(phrase.lower())
            if value is not None:
                return length, value
        return None
