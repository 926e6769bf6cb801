"""Published addresses must not disappear: compare the chapters published before a change with after.

Practitioners bookmark chapters and cite their paragraphs in case records, so a chapter's URL is a promise.
Given the chapters that were published at an earlier commit (read from git by ``procedures check --base``),
every one of their addresses must still be served by the manual now: by the chapter itself, or by a
``redirect_from`` entry of the chapter it became. A file renamed by hand, a chapter deleted instead of
withdrawn, or a published chapter turned back into a draft each break that promise and are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..reading.problems import Problem
from ..urls import page_url
from .model import Manual


@dataclass(frozen=True)
class EarlierChapter:
    """A chapter file as it was at the earlier commit."""

    src_uri: str
    id: str
    status: str
    #: What was published then: the version number, and the whole file (to archive it if it was replaced).
    version: int = 0
    title: str = ""
    body: str = ""
    text: str = ""

    @property
    def url(self) -> str:
        return page_url(self.src_uri)


def lost_addresses(earlier: list[EarlierChapter], manual: Manual, procedures_folder: str, base: str) -> list[Problem]:
    """A problem for each address published at ``base`` that no page or redirect serves any more."""
    served = {chapter.url for chapter in manual.published_chapters}
    served |= {url for chapter in manual.published_chapters for url in chapter.redirect_from}
    problems = []
    for old in earlier:
        if old.status == "draft" or old.url in served:
            continue
        still_there = manual.chapter_by_src_uri(old.src_uri)
        file = f"{procedures_folder}/{old.src_uri}"
        if still_there is not None:  # the file is there but no longer published
            problems.append(Problem(file, still_there.line_of("status"),
                                    f"{old.id} was published at {base} and is now a draft, so its page "
                                    f"{old.url} would disappear. To retire a chapter set 'status: withdrawn'; "
                                    "to rework it, keep the published text and work on a copy."))
        else:
            problems.append(Problem(file, None,
                                    f"{old.id} was published at {old.url} in {base}, but no chapter or redirect "
                                    "serves that address now. If you moved or renamed the file, use 'procedures "
                                    f"move' or add \"redirect_from: [{old.url}]\" to its new file; to retire the "
                                    "chapter, restore the file with 'status: withdrawn'."))
    return problems
