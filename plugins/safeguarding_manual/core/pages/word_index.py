"""The site's search index, in small parts a phone downloads a few kilobytes at a time.

Why our own and not Pagefind's: at 1,000 chapters a first search with Pagefind downloaded 140 KB before any
word of the query (its WebAssembly engine alone is 72 KB compressed), and every common word added 34-40 KB,
because its word index keeps every position of every word on every page. A search a phone can afford costs
at most 150 KB in all. This index keeps, for each word, only the records it is in and a score; where in a
record the words are is worked out by the browser from the text of the few records it shows, which it
downloads anyway to show them. A common word then costs a few kilobytes, and nothing is compiled or built
in the browser.

The files (:func:`write_word_index`), all JSON:

- ``index.json``: the format, the folder of the rest, how many records, and the first word of each part of
  the word list. The folder is named by the digest of its contents, so that a part a browser has cached is
  never read with a newer index;
- ``<folder>/w/<n>.json``: a part of the word list, words in order, each ``[gaps between record numbers,
  scores]``;
- ``<folder>/r/<n>.json``: record ``n``: ``{"u": address, "t": title, "x": text, "p": [[anchor, title,
  text], ...]}``.

Words are what :func:`words_of` finds, reduced by :func:`stem`; the search worker
(``procedures-search.js``) does exactly the same to the query, and a browser test holds the two together.
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
import shutil
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: Bump when the files' layout changes (the search worker checks it).
FORMAT = 1
#: The file the worker reads first (revalidated at every visit: it names the folder of the rest).
INDEX_FILE = "index.json"
#: A word: a dotted number (a paragraph, ``2.3``) or a run of letters and digits. The worker's is the same.
WORD = re.compile(r"[0-9]+(?:\.[0-9]+)+|[^\W_]+")
#: How many characters a part of the word list holds before the next word starts a new part. Smaller parts
#: cost more requests; larger ones more bytes per query word (a part is about a third of this compressed).
PART_CHARACTERS = 8_000
#: BM25's saturation of a word repeated in a record, and how far a long record is held back. A chapter is
#: one long record and a glossary term a short one: the usual 0.75 put terms such as "Independent Chair"
#: above the chapter of that name; the twenty recorded queries (bench/search_queries.yml) answer at 0.25.
SATURATION = 1.2
LENGTH_PENALTY = 0.25
#: Scores are kept as whole numbers: the score times this.
SCORE_SCALE = 100
#: A word in a part's heading (a section's title, a paragraph's citation) counts this many times one in text.
PART_TITLE_WEIGHT = 3
#: How much of one text (a record's own, or one part's) its record file keeps to show: every word is indexed,
#: but the page listing every amendment was a 270 KB record downloaded by every search it answered. A
#: numbered paragraph is far shorter; past this, a part shows its first words instead of its matches.
SHOWN_CHARACTERS = 5_000


def folded(text: str) -> str:
    """``text`` in lower case with accents taken off (``Café`` -> ``cafe``), as the worker folds a query."""
    if text.isascii():  # most text: nothing to take off (and ten times as fast)
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def words_of(text: str) -> list[str]:
    """The words of ``text`` as the index holds them, before stemming."""
    return WORD.findall(folded(text))


@functools.lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """The word with a plural ending taken off, so that "referrals" finds "referral" and "enquiries"
    "enquiry". Deliberately small (the worker repeats it in JavaScript); the worker also matches the last
    word of a query as the start of longer words, which covers "assess" -> "assessment"."""
    if len(word) <= 3 or not word.endswith("s") or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses") or word.endswith(("ches", "shes", "xes", "zes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


@dataclass
class IndexRecord:
    """One result: a page (its sections and numbered paragraphs as parts) or a glossary term. Plain text."""

    location: str
    title: str
    text: str = ""
    #: how many times a word of the title counts against one of the text
    title_weight: float = 6
    parts: list[tuple[str, str, str]] = field(default_factory=list)  # (anchor, title, text)


@dataclass(frozen=True)
class WordIndexSummary:
    records: int
    words: int
    files: int
    bytes: int


class _Postings:
    """Each word's records and weighted counts, in arrays: a 1,000-chapter manual has about a million
    (word, record) pairs, 100 MB as Python tuples and 6 MB as this."""

    def __init__(self) -> None:
        self.records: dict[str, array[int]] = {}
        self.counts: dict[str, array[float]] = {}
        self.lengths = array("I")
        self._average = 0.0

    def add(self, number: int, weighted: Counter[str], length: int) -> None:
        for word, count in weighted.items():
            if word not in self.records:
                self.records[word], self.counts[word] = array("I"), array("f")
            self.records[word].append(number)
            self.counts[word].append(count)
        self.lengths.append(length)

    def scores(self, word: str) -> list[int]:
        """BM25 of ``word`` in each of its records, as whole numbers (at least 1)."""
        total = len(self.lengths)
        if not self._average:
            self._average = (sum(self.lengths) / total) or 1
        average = self._average
        found = self.records[word]
        rarity = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
        scores = []
        for number, count in zip(found, self.counts[word]):
            norm = 1 - LENGTH_PENALTY + LENGTH_PENALTY * self.lengths[number] / average
            score = rarity * count * (SATURATION + 1) / (count + SATURATION * norm)
            scores.append(max(1, round(score * SCORE_SCALE)))
        return scores


def weighted_words(record: IndexRecord) -> tuple[Counter[str], int]:
    """Each stemmed word of the record with how much it counts, and how many words the record has."""
    weighted: Counter[str] = Counter()
    length = 0
    for texts, weight in ((record.title, record.title_weight),
                          (" ".join(title for _, title, _ in record.parts), PART_TITLE_WEIGHT),
                          (" ".join([record.text, *(text for _, _, text in record.parts)]), 1)):
        words = Counter(words_of(texts))
        length += words.total()
        for word, count in words.items():
            weighted[stem(word)] += weight * count
    return weighted, length


def _order(word: str) -> bytes:
    """How JavaScript orders strings (by UTF-16 code unit), which the worker's search of the parts relies on."""
    return word.encode("utf-16-be")


def write_word_index(records: Iterable[IndexRecord], output: Path,
                     checkpoint: Callable[[], None] = lambda: None) -> WordIndexSummary:
    """Write the index of ``records`` into ``output`` (emptied first): the parts and records in a folder
    named by their digest, and ``index.json``, which names that folder, beside it.

    ``checkpoint`` is called between records and parts: while serving, it waits while a rebuild runs, or
    raises to stop an index that a newer one replaces."""
    shutil.rmtree(output, ignore_errors=True)
    work = output / "work"
    (work / "r").mkdir(parents=True)
    postings = _Postings()
    digest = hashlib.sha256(f"{FORMAT}".encode())
    written = _Written(digest)
    count = 0
    for count, record in enumerate(records, start=1):
        checkpoint()
        weighted, length = weighted_words(record)
        postings.add(count - 1, weighted, length)
        written.add(_write(work / "r" / f"{count - 1}.json", _record_json(record)))
    first_words = _write_word_parts(postings, work / "w", written, checkpoint)
    folder = digest.hexdigest()[:16]
    work.rename(output / folder)
    index = _write(output / INDEX_FILE, {"format": FORMAT, "folder": folder, "records": count, "parts": first_words})
    return WordIndexSummary(count, len(postings.records), written.files + 1, written.bytes + len(index))


class _Written:
    """What has been written into the digest folder: its digest, and how many files and bytes (for the log)."""

    def __init__(self, digest: hashlib._Hash) -> None:
        self.digest = digest
        self.files = 0
        self.bytes = 0

    def add(self, data: bytes) -> None:
        self.digest.update(data)
        self.files += 1
        self.bytes += len(data)


def _record_json(record: IndexRecord) -> dict[str, object]:
    return {"u": record.location, "t": record.title, "x": shown(record.text),
            "p": [[anchor, title, shown(text)] for anchor, title, text in record.parts]}


def shown(text: str) -> str:
    """``text`` as its record file keeps it: whole, or cut after a word near ``SHOWN_CHARACTERS``."""
    if len(text) <= SHOWN_CHARACTERS:
        return text
    cut = text.rfind(" ", 0, SHOWN_CHARACTERS)
    return text[: cut if cut > 0 else SHOWN_CHARACTERS] + " …"


def _write_word_parts(postings: _Postings, folder: Path, written: _Written,
                      checkpoint: Callable[[], None]) -> list[str]:
    """The word list in parts of about ``PART_CHARACTERS``; returns each part's first word."""
    folder.mkdir()
    first_words: list[str] = []
    part: dict[str, list[list[int]]] = {}
    size = 0
    for word in sorted(postings.records, key=_order):
        numbers = postings.records[word]
        gaps = [numbers[0], *(later - earlier for earlier, later in zip(numbers, numbers[1:]))]
        entry = [gaps, postings.scores(word)]
        part[word] = entry
        if not size:
            first_words.append(word)
        size += len(word) + 8 + 6 * len(gaps)
        if size >= PART_CHARACTERS:
            checkpoint()
            written.add(_write(folder / f"{len(first_words) - 1}.json", part))
            part, size = {}, 0
    if part:
        written.add(_write(folder / f"{len(first_words) - 1}.json", part))
    return first_words


def _write(path: Path, data: object) -> bytes:
    """Write ``data`` as compact JSON (any character as itself: the worker reads UTF-8) and return the bytes."""
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    path.write_bytes(encoded)
    return encoded
