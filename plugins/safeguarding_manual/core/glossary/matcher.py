"""Finding glossary terms in text in one pass whose cost does not grow with the glossary.

Text and terms are read the same way, so that what an editor writes in the glossary
matches what another editor writes in a chapter:

- Unicode is compared in NFC, so a precomposed "é" and "e" + combining accent are the
  same letter; invisible characters (zero-width spaces and joiners, soft hyphens, byte
  order marks) are ignored, so a pasted one cannot stop a term linking.
- Text is split into tokens: words (letters, digits and combining marks, with inner
  apostrophes: "child's") and single punctuation marks ("(", ".", "/"). Hyphens between
  words count as spaces, so "Multi-Agency", "Multi‑Agency" and "multi agency" are one
  phrase; other punctuation must match as written, so "s.47" matches "s.47" only and
  "(a)" could never match the word "a".
- Each form also matches its plural and possessive ("Partnerships", "LSCP's").

At each token we first ask whether any form starts with it (one set look-up; for most
words the answer is no). If one may, we look up the phrases of 1..N tokens starting
there (N = the longest form) in hash tables, the longest phrase found winning. The work
per word is bounded by N, whether the glossary has ten terms or a thousand.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")


def _character_ranges(wanted: str, top: int = 0x20000) -> str:
    """A regex class body for every code point below ``top`` whose category starts with ``wanted``."""
    ranges: list[tuple[int, int]] = []
    for code in range(top):
        if unicodedata.category(chr(code)).startswith(wanted):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


#: Combining marks (accents, Indic vowel signs): part of a word, though Python's ``\w`` leaves them out.
MARKS = _character_ranges("M") + "\U000e0100-\U000e01ef"
#: Format characters (zero-width space/joiners, soft hyphen, word joiner, BOM): invisible, ignored.
INVISIBLE = re.compile("[" + _character_ranges("Cf") + "\U000e0001-\U000e007f]")
WORD_CHARACTERS = rf"\w{MARKS}"
HYPHENS = "\\-\u2010\u2011"
TOKEN = re.compile(rf"[{WORD_CHARACTERS}]+(?:['’][{WORD_CHARACTERS}]+)*|[^\s{WORD_CHARACTERS}{HYPHENS}]")
#: The same tokens for text with no combining marks (most text): a small character class is much faster.
PLAIN_TOKEN = re.compile(rf"\w+(?:['’]\w+)*|[^\s\w{HYPHENS}]")
NOT_WORD = re.compile(rf"[^{WORD_CHARACTERS}]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_CLUSTER = re.compile(rf".[{MARKS}]*", re.DOTALL)
_JOIN = "\x1f"


def normalise(text: str) -> str:
    """The text as the matcher compares it: NFC, without invisible characters."""
    return unicodedata.normalize("NFC", INVISIBLE.sub("", text))


def _is_plain(text: str) -> bool:
    """No combining mark, no invisible character, already NFC: the text can be read as it is."""
    if text.isascii():
        return True
    for character in set(_NON_ASCII.findall(text)):
        category = unicodedata.category(character)
        if category[0] == "M" or category == "Cf":
            return False
    return unicodedata.is_normalized("NFC", text)


def _normalised_with_offsets(text: str) -> tuple[str, list[int] | None, list[int] | None]:
    """``text`` normalised, with each character's start and end in the original (None when unchanged).

    Each base character and its combining marks are normalised together, which is where NFC composes.
    """
    if _is_plain(text):
        return text, None, None
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for cluster in _CLUSTER.finditer(text):
        composed = unicodedata.normalize("NFC", INVISIBLE.sub("", cluster.group()))
        pieces.append(composed)
        starts += [cluster.start()] * len(composed)
        ends += [cluster.end()] * len(composed)
    return "".join(pieces), starts, ends


def tokens(text: str) -> list[str]:
    """The tokens of a form or phrase, normalised, apostrophes made straight."""
    return [token.replace("’", "'") for token in TOKEN.findall(normalise(text))]


def is_word(token: str) -> bool:
    return bool(token) and (token[0].isalnum() or token[0] == "_" or unicodedata.category(token[0]).startswith("M"))


def form_key(form: str) -> str:
    """What two forms share when they would match the same text (for finding forms claimed twice)."""
    return _JOIN.join(tokens(form)).casefold()


def slug(text: str) -> str:
    """Letters and digits of ``text`` in any script, lower-cased, runs of anything else as one hyphen."""
    return NOT_WORD.sub("-", normalise(text).casefold()).strip("-")


def inflections(last: str) -> list[str]:
    """Plural and possessive forms of a form's last word: Partnerships, Partnership's, inquiries."""
    if not last[-1:].isalpha():
        return []
    forms = [last + "s", last + "'s"]
    if last.lower().endswith(("s", "x", "z", "ch", "sh")):
        forms.append(last + "es")
    if len(last) > 2 and last[-1] in "yY" and last[-2].lower() not in "aeiou":
        forms.append(last[:-1] + ("ies" if last[-1] == "y" else "IES"))
    return forms


@dataclass(frozen=True)
class Match(Generic[T]):
    start: int
    end: int
    value: T


class TermMatcher(Generic[T]):
    def __init__(self) -> None:
        #: forms as written, then their plurals and possessives: a form written out always wins
        self._exact: tuple[dict[str, T], dict[str, T]] = ({}, {})
        self._folded: tuple[dict[str, T], dict[str, T]] = ({}, {})
        #: case-folded first tokens of every form: the quick "could a term start here?" test
        self._first_tokens: set[str] = set()
        #: case-folded beginnings of every form, so a look-up stops as soon as no form can go on
        self._prefixes: set[str] = set()

    def add(self, form: str, value: T, *, case_sensitive: bool) -> None:
        written = tokens(form)
        if not any(is_word(token) for token in written):
            return
        variants = [written[:-1] + [last] for last in inflections(written[-1])]
        for rank, phrases in enumerate(([written], variants)):
            for phrase in phrases:
                key = _JOIN.join(phrase)
                self._first_tokens.add(phrase[0].casefold())
                folded = [token.casefold() for token in phrase]
                self._prefixes.update(_JOIN.join(folded[:end]) for end in range(1, len(phrase) + 1))
                if case_sensitive:
                    self._exact[rank].setdefault(key, value)
                else:
                    self._folded[rank].setdefault(key.casefold(), value)

    def find(self, text: str) -> Iterator[Match[T]]:
        """Non-overlapping matches, left to right, longest first, whole tokens only."""
        normalised, starts, ends = _normalised_with_offsets(text)
        normalised = normalised.replace("’", "'")  # same length: offsets still hold
        pattern = PLAIN_TOKEN if starts is None else TOKEN
        words = pattern.findall(normalised)
        if not words:
            return
        folded = [w.casefold() for w in words]
        spans: list[tuple[int, int]] = []  # worked out at the first match: most texts have none
        index = 0
        while index < len(words):
            if folded[index] not in self._first_tokens:
                index += 1
                continue
            found = self._longest_at(words, folded, index)
            if found is None:
                index += 1
                continue
            length, value = found
            if not spans:
                spans = [m.span() for m in pattern.finditer(normalised)]
            start, end = spans[index][0], spans[index + length - 1][1]
            if starts is not None and ends is not None:
                start, end = starts[start], ends[end - 1]
            yield Match(start, end, value)
            index += length

    def _longest_at(self, words: list[str], folded: list[str], index: int) -> tuple[int, T] | None:
        longest, phrase = 1, folded[index]
        while index + longest < len(words):
            phrase = phrase + _JOIN + folded[index + longest]
            if phrase not in self._prefixes:
                break
            longest += 1
        for length in range(longest, 0, -1):
            exact = _JOIN.join(words[index:index + length])
            lowered = _JOIN.join(folded[index:index + length])
            for rank in (0, 1):
                value = self._exact[rank].get(exact)
                if value is None:
                    value = self._folded[rank].get(lowered)
                if value is not None:
                    return length, value
        return None

