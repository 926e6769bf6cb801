"""A real Pagefind index of made-up pages, for the tests of what we do to Pagefind's files.

The words come in families that begin alike ("protect", "protection", "protector") and are used as
unevenly as real words are (a few on every page, most on few), so that Pagefind cuts its word index into
several parts and some cuts fall inside a family: the cases that re-cutting must handle.
"""

from __future__ import annotations

import random
from pathlib import Path

from safeguarding_manual.mkdocs_plugins.search_index import _run_pagefind  # noqa: PLC2701 - the build's own call

STEMS = ["child", "protect", "assess", "refer", "safe", "guard", "parent", "care", "health", "police", "school",
         "review", "plan", "strategy", "meet", "record", "consent", "harm", "risk", "support", "agency", "local",
         "author", "share", "inform", "concern", "family", "visit", "court", "order"]
ENDINGS = ["", "s", "ed", "ing", "er", "ers", "ment", "ments", "ion", "ions", "al", "ally", "ful", "ive"]
SYLLABLES = ["ba", "ce", "di", "fo", "gu", "ha", "ji", "ko", "lu", "ma", "ne", "pi", "qu", "ro", "su", "ta", "ve",
             "wi", "xa", "yo", "za"]


def vocabulary(rng: random.Random) -> list[str]:
    """Families of words that begin alike, then made-up words of two to four syllables."""
    words = [stem + ending for stem in STEMS for ending in ENDINGS]
    while len(words) < 4000:
        words.append("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(set(words))


def write_pages(folder: Path, pages: int = 300, words: int = 250, seed: int = 7) -> None:
    """``pages`` small HTML pages whose words follow a long-tailed use (Zipf-like)."""
    rng = random.Random(seed)
    known = vocabulary(rng)
    rng.shuffle(known)
    weights = [1 / (rank + 1) for rank in range(len(known))]
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(pages):
        text = " ".join(rng.choices(known, weights, k=words))
        (folder / f"{number}.html").write_text(
            f'<html lang="en"><head><title>Page {number}</title></head><body><h1>Page {number}</h1>'
            f"<p>{text}</p></body></html>", "utf-8")


def pagefind_index(work: Path) -> Path:
    """Pagefind's own index of the made-up pages, in ``work/pagefind`` (its word index as Pagefind cut it)."""
    write_pages(work / "pages")
    _run_pagefind(work / "pages", work / "pagefind", "en")
    return work / "pagefind"
