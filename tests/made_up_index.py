"""A word index of made-up records, for the tests that hold the search worker to the index's own words.

The words come in families that begin alike ("protect", "protection", "protector") and are used as
unevenly as real words are (a few in every record, most in few), and the word list is cut into many small
parts, so that queries cross the parts' edges and a word's beginning spans several parts.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from pathlib import Path
from typing import Any

from safeguarding_manual.core.pages import word_index
from safeguarding_manual.core.pages.word_index import IndexRecord, stem, words_of, write_word_index

STEMS = ["child", "protect", "assess", "refer", "safe", "guard", "parent", "care", "health", "police", "school",
         "review", "plan", "strategy", "meet", "record", "consent", "harm", "risk", "support", "agency", "local",
         "author", "share", "inform", "concern", "family", "visit", "court", "order", "enquir", "polic"]
ENDINGS = ["", "s", "ed", "ing", "er", "ers", "ment", "ments", "ion", "ions", "al", "ally", "ful", "ive", "ies", "y"]
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "ha", "ji", "ko", "lu", "ma", "ne", "pi", "qu", "ro", "su", "ta", "ve",
             "wi", "xa", "yo", "za", "ça", "né", "øy"]


def vocabulary(rng: random.Random) -> list[str]:
    """Families of words that begin alike, then made-up words of two to four syllables (some accented)."""
    words = [stem + ending for stem in STEMS for ending in ENDINGS]
    while len(words) < 3000:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(set(words))


def made_up_records(count: int = 200, words: int = 120, seed: int = 7) -> list[IndexRecord]:
    """``count`` records of long-tailed words, each with a numbered paragraph or two as parts."""
    rng = random.Random(seed)
    known = vocabulary(rng)
    rng.shuffle(known)
    weights = [1 / (rank + 1) for rank in range(len(known))]
    records = []
    for number in range(count):
        text = " ".join(rng.choices(known, weights, k=words))
        parts = [(f"{n}.1", f"PG{number} {n}.1", " ".join(rng.choices(known, weights, k=words // 4)))
                 for n in range(1, rng.randint(1, 3) + 1)]
        records.append(IndexRecord(f"page-{number}/", f"PG{number} Record {number}", text, 6, parts))
    return records


def write_made_up_index(folder: Path, part_characters: int = 600) -> Path:
    """The word index of the made-up records in ``folder``, cut into parts of about ``part_characters``."""
    saved = word_index.PART_CHARACTERS
    word_index.PART_CHARACTERS = part_characters
    try:
        write_word_index(made_up_records(), folder)
    finally:
        word_index.PART_CHARACTERS = saved
    return folder


class IndexFiles:
    """The written index, read back as the worker reads it."""

    def __init__(self, folder: Path) -> None:
        self.meta: dict[str, Any] = json.loads((folder / "index.json").read_text("utf-8"))
        self.folder = folder / self.meta["folder"]
        self.parts = [json.loads((self.folder / "w" / f"{n}.json").read_text("utf-8"))
                      for n in range(len(self.meta["parts"]))]
        self.records = [json.loads((self.folder / "r" / f"{n}.json").read_text("utf-8"))
                        for n in range(self.meta["records"])]

    def part_of(self, word: str) -> int:
        """The part a word is in (or would be), by JavaScript's order of strings."""
        order = [first.encode("utf-16-be") for first in self.meta["parts"]]
        return max(0, bisect_right(order, word.encode("utf-16-be")) - 1)

    def scores(self, word: str) -> dict[int, int]:
        """Record number -> score of ``word`` (as stemmed), from the part the worker would read."""
        entry = self.parts[self.part_of(word)].get(word)
        if entry is None:
            return {}
        numbers, total = [], 0
        for gap in entry[0]:
            total += gap
            numbers.append(total)
        return dict(zip(numbers, entry[1]))


def record_words(record: dict[str, Any]) -> set[str]:
    """Every stemmed word of a record as written (title, text, parts)."""
    texts = [record["t"], record["x"], *(f"{title} {text}" for _, title, text in record["p"])]
    return {stem(word) for text in texts for word in words_of(text)}
