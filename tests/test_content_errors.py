"""The bad-input corpus: every broken input fails the strict build with a precise message.

For each case we check the message, that it names the file (and line), that no
traceback is printed, that the source tree is unchanged and that the last
good site was left in place.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Callable

import pytest
from conftest import (
    GoodSite,
    append,
    assert_bad_input_fails_cleanly,
    both,
    copy_fixture,
    replace,
    run_mkdocs_build,
    write,
)

ALPHA = "procedures/core/alpha.md"
BETA = "procedures/partnership/beta.md"


def archived(project: Path) -> None:
    """Give alpha a recorded version 1 through the editor command, then break nothing else."""
    from safeguarding_manual.core.editing.chapters import amend

    amend(project / "procedures", "CP1", "Second version.", date="2025-06-03")


CHAPTER = (Path(__file__).parent / "fixtures/small" / ALPHA).read_text("utf-8")

CASES: list[tuple[str, Callable[[Path], None], str]] = [
    ("invalid-yaml", replace(ALPHA, "title: Alpha Procedure", "title: [Alpha"), f"{ALPHA}:3: the YAML is not valid"),
    ("misspelt-notice", append("procedures/manual.yml", "notices:\n  under_reveiw: Under review.\n"),
     "procedures/manual.yml:20: unknown field 'notices.under_reveiw'. Did you mean 'under_review'?"),
    ("notice-on-two-lines", append("procedures/manual.yml", 'notices:\n  withdrawn: "Two\\nlines"\n'),
     "procedures/manual.yml:20: 'notices.withdrawn' must be on one line."),
    ("tab-in-yaml", replace(ALPHA, "owner: Alpha Subgroup", "owner:\tAlpha\n\tSubgroup"), f"{ALPHA}:9: the YAML contains a tab character"),
    ("front-matter-not-closed", write(ALPHA, CHAPTER.replace("---\n\n## 1.", "\n## 1.", 1)), f"{ALPHA}:1: the front matter is not closed"),
    ("no-front-matter", write(ALPHA, "## 1. Section\n\n**1.1** Text.\n"), f"{ALPHA}:1: the chapter has no front matter"),
    ("non-utf8", write(ALPHA, CHAPTER.encode("utf-8").replace(b"Paragraph after", b"Paragraph \xe9after")), f"{ALPHA}:28: the file is not valid UTF-8"),
    ("empty-file", write(ALPHA, ""), f"{ALPHA}:1: the file is empty"),
    ("five-megabyte-chapter", write(ALPHA, CHAPTER + ("Pasted text. " * 8 + "\n") * 50_000), f"{ALPHA}: the file is 5.0 MB; the limit is 2 MB"),
    ("binary-nul", write(ALPHA, CHAPTER + "\x00"), f"{ALPHA}:33: the file contains a NUL character"),
    ("version-not-a-number", replace(ALPHA, "version: 1\nstatus", "version: two\nstatus"), f"{ALPHA}:5: 'version' must be a whole number, not 'two'"),
    ("version-zero", replace(ALPHA, "version: 1\nstatus", "version: 0\nstatus"), f"{ALPHA}:5: 'version' must be at least 1"),
    ("amendments-not-a-list", replace(ALPHA, "amendments:\n  - date: 2025-06-02\n    summary: First published.\n    version: 1\n    release: 2025-06\n", "amendments: none\n"), f"{ALPHA}:10: 'amendments' must be a list"),
    ("impossible-date", replace(ALPHA, "last_updated: 2025-06-02", "last_updated: 2025-02-30"), f"{ALPHA}:7: 'last_updated' is '2025-02-30', which is not a real date"),
    ("date-wrong-format", replace(ALPHA, "review_due: 2026-06-02", "review_due: 02/06/2026"), f"{ALPHA}:8: 'review_due' must be a date written YYYY-MM-DD"),
    ("amendment-impossible-date", replace(ALPHA, "  - date: 2025-06-02", "  - date: 2025-13-01"), f"{ALPHA}:11: 'amendments[1].date' is '2025-13-01', which is not a real date"),
    ("unknown-status", replace(ALPHA, "status: current", "status: published"), f"{ALPHA}:6: 'status' is 'published'; it must be one of: current, under-review, draft, withdrawn"),
    ("missing-field", replace(ALPHA, "owner: Alpha Subgroup\n", ""), f"{ALPHA}:2: the required field 'owner' is missing"),
    ("unknown-field", replace(ALPHA, "title: Alpha Procedure", "title: Alpha Procedure\ntitel: Typo"), f"{ALPHA}:4: unknown field 'titel'. Did you mean 'title'?"),
    ("duplicate-yaml-key", replace(ALPHA, "owner: Alpha Subgroup", "owner: Alpha Subgroup\nowner: Other"), f"{ALPHA}:10: the field 'owner' appears twice"),
    ("bad-id", replace(ALPHA, "id: CP1", "id: cp 1"), f"{ALPHA}:2: 'id' is 'cp 1', which is not in the expected form (for example PA5)"),
    ("duplicate-ids", replace(BETA, "id: PA1", "id: CP1"), f"{BETA}:2: the chapter ID 'CP1' is also used by core/alpha.md"),
    ("unknown-related", replace(ALPHA, "related: [PA1]", "related: [PA9]"), f"{ALPHA}:15: related chapter 'PA9' does not exist"),
    ("related-to-draft", both(replace(BETA, "status: under-review", "status: draft"), replace(ALPHA, "[Beta](../partnership/beta.md#2.1)", "Beta")), f"{ALPHA}:15: related chapter 'PA1' is a draft and is not published"),
    ("unknown-part", replace(ALPHA, "part: CP", "part: XX"), f"{ALPHA}:4: the part 'XX' is not defined in procedures/manual.yml"),
    ("broken-chapter-link", replace(ALPHA, "../partnership/beta.md#2.1", "../partnership/missing.md"), f"{ALPHA}:28: the link '../partnership/missing.md' points to partnership/missing.md, which does not exist"),
    ("broken-paragraph-anchor", replace(ALPHA, "beta.md#2.1", "beta.md#2.9"), f"{ALPHA}:28: the link '../partnership/beta.md#2.9' points to #2.9, but PA1 has no paragraph, section, list item or heading '2.9'"),
    ("link-to-draft", replace(BETA, "status: under-review", "status: draft"), f"{ALPHA}:28: the link '../partnership/beta.md#2.1' points to a draft chapter"),
    ("duplicate-paragraph-number", replace(ALPHA, "**1.2** Paragraph", "**1.1** Paragraph"), f"{ALPHA}:28: paragraph number 1.1 is used twice (first on line 20)"),
    ("skipped-paragraph-number", replace(ALPHA, "**1.2** Paragraph", "**1.3** Paragraph"), f"{ALPHA}:28: paragraph 1.3 skips 1.2"),
    ("out-of-order-paragraph", replace(ALPHA, "**2.1** Text", "**2.2** Text\n\n**2.1** Text"), f"{ALPHA}:34: paragraph 2.1 is out of order: it comes after 2.2"),
    ("paragraph-in-wrong-section", replace(ALPHA, "**2.1** Text", "**1.3** Text"), f"{ALPHA}:32: paragraph 1.3 is in section 2; number it 2.1"),
    ("skipped-section", replace(ALPHA, "## 2. Second Section", "## 3. Second Section"), f"{ALPHA}:30: section 3 should be section 2"),
    ("paragraph-outside-section", replace(ALPHA, "## 1. First Section\n", ""), f"{ALPHA}:19: paragraph 1.1 is not inside a numbered section"),
    ("level-one-heading", replace(ALPHA, "## 1. First Section", "# Alpha\n\n## 1. First Section"), f"{ALPHA}:18: a chapter must not contain a level-1 heading"),
    ("malformed-paragraph-number", replace(ALPHA, "**1.2** Paragraph", "**1.2.1** Paragraph"), f"{ALPHA}:28: a paragraph number must be written '**N.M**'"),
    ("script-tag", append(ALPHA, "\n<script>alert(1)</script>\n"), f"{ALPHA}:34: <script> is not allowed in chapters"),
    ("onclick-handler", append(ALPHA, '\n<p onclick="steal()">Click</p>\n'), f"{ALPHA}:34: the attribute onclick= on <p> is an event handler"),
    ("iframe", append(ALPHA, '\n<iframe src="https://example.com"></iframe>\n'), f"{ALPHA}:34: <iframe> is not allowed in chapters"),
    ("javascript-url-html", append(ALPHA, '\n<a href="javascript:alert(1)">x</a>\n'), f"{ALPHA}:34: the href= on <a> uses a 'javascript:' URL"),
    ("javascript-url-markdown", append(ALPHA, "\n[click](javascript:alert(1))\n"), f"{ALPHA}:34: the link 'javascript:alert(1' uses a 'javascript:' URL"),
    ("data-url-image", append(ALPHA, '\n<img src="data:image/png;base64,AAAA" alt="x">\n'), f"{ALPHA}:34: the src= on <img> loads a 'data:' URL"),
    ("style-hides-content", append(ALPHA, '\n<div style="display:none">hidden</div>\n'), f"{ALPHA}:34: the style= attribute on <div> is not allowed"),
    ("form", append(ALPHA, '\n<form action="/x"><input name="q"></form>\n'), f"{ALPHA}:34: <form> is not allowed in chapters"),
    ("amendments-out-of-order", replace(ALPHA, "amendments:\n", "amendments:\n  - date: 2025-06-03\n    summary: Later one listed first.\n"), f"{ALPHA}:13: amendment dated 2025-06-02 comes after one dated 2025-06-03"),
    ("last-updated-before-amendment", replace(ALPHA, "last_updated: 2025-06-02", "last_updated: 2025-06-01"), f"{ALPHA}:7: last_updated (2025-06-01) is older than the latest amendment (2025-06-02)"),
    ("review-due-before-last-updated", replace(ALPHA, "review_due: 2026-06-02", "review_due: 2024-01-01"), f"{ALPHA}:8: review_due (2024-01-01) is before last_updated (2025-06-02)"),
    ("version-does-not-match-history", replace(ALPHA, "version: 1\nstatus", "version: 2\nstatus"), f"{ALPHA}:5: version is 2 but the latest amendment records version 1"),
    ("unknown-release", replace(ALPHA, "release: 2025-06", "release: 2030-01"), f"{ALPHA}:14: release '2030-01' is not listed in procedures/manual.yml"),
    ("missing-archived-version", both(replace(ALPHA, "version: 1\nstatus", "version: 2\nstatus"), replace(ALPHA, "    version: 1\n", "    version: 2\n")), f"{ALPHA}:5: version 1 of CP1 is missing from the archive"),
    ("edited-archived-version", both(archived, append("procedures/_archive/core/alpha/v1.md", "\nA quiet edit.\n")), "procedures/_archive/core/alpha/v1.md: this archived version has been changed since it was recorded"),
    ("deleted-archive-and-version", both(archived, replace(ALPHA, "version: 2\n", "version: 1\n"), replace(ALPHA, "    version: 2\n", "    version: 1\n"), lambda p: (p / "procedures/_archive/core/alpha/v1.md").unlink()), "procedures/_archive/manifest.yml: the archived version core/alpha/v1.md is recorded but its chapter no longer has that version"),
    ("archived-version-a-folder", both(archived, lambda p: (p / "procedures/_archive/core/alpha/v1.md").unlink(), lambda p: (p / "procedures/_archive/core/alpha/v1.md").mkdir()), "procedures/_archive/core/alpha/v1.md: cannot read the file (Is a directory)"),
    ("manual-missing-parts", replace("procedures/manual.yml", "parts:\n  - id: CP", "partz:\n  - id: CP"), "procedures/manual.yml:6: unknown field 'partz'. Did you mean 'parts'?"),
    ("glossary-term-claimed-twice", append("glossary.yml", "  - term: Partnership\n    aliases: [LSCP]\n    definition: x\n"), "glossary.yml:8: 'LSCP' in the entry 'Partnership' is already claimed by the entry 'Local Safeguarding Children Partnership'"),
    ("glossary-invalid-yaml", write("glossary.yml", "terms:\n  - term: [x\n"), "glossary.yml:2: the YAML is not valid"),
    ("threshold-without-response", write("procedures/thresholds.md", (Path(__file__).parent / "fixtures/thresholds.md").read_text("utf-8").replace("    response: {what_to_do: Contact the hub.}\n", "")), "procedures/thresholds.md:24: level 3 ('Targeted') has no response"),
    ("docs-page-collides-with-chapter", write("docs/core/alpha.md", "# Clash\n"), f"{ALPHA}:1: this chapter's URL core/alpha/ is already used by core/alpha.md"),
]


@pytest.mark.parametrize("name, mutate, expected", CASES, ids=[case[0] for case in CASES])
def test_bad_input_fails_clearly_and_changes_nothing(tmp_path: Path, good_small_site: GoodSite, name: str,
                                                     mutate: Callable[[Path], None], expected: str) -> None:
    assert_bad_input_fails_cleanly(tmp_path, good_small_site, mutate, expected)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("name, mutate", [
    ("byte-order-mark", lambda p: (p / ALPHA).write_bytes(b"\xef\xbb\xbf" + CHAPTER.encode("utf-8"))),
    ("crlf-line-endings", lambda p: (p / ALPHA).write_bytes(CHAPTER.replace("\n", "\r\n").encode("utf-8"))),
])
def test_bom_and_crlf_are_accepted(tmp_path: Path, name: str, mutate: Callable[[Path], None]) -> None:
    project = copy_fixture("small", tmp_path)
    mutate(project)
    build = run_mkdocs_build(project)
    assert build.returncode == 0, build.output
    page = build.page("core/alpha/")
    assert page.select_one("article h1").get_text(" ", strip=True) == "CP1. Alpha Procedure"
    assert [b["id"] for b in page.select("div.numbered-paragraph")] == ["1.1", "1.2", "2.1"]


@pytest.mark.parametrize("mutate, expected", [
    (replace(ALPHA, "../partnership/beta.md#2.1", "../partnership/betta.md#2.1"),
     f"{ALPHA}:28: the link '../partnership/betta.md#2.1' points to partnership/betta.md, which does not exist. "
     "Did you mean '../partnership/beta.md'?"),
    (replace(ALPHA, "beta.md#2.1", "beta.md#section-3"),
     f"{ALPHA}:28: the link '../partnership/beta.md#section-3' points to #section-3, but PA1 has no paragraph, "
     "section, list item or heading 'section-3'. Did you mean '#section-2'?"),
    (replace(ALPHA, "related: [PA1]", "related: [PA11]"), f"{ALPHA}:15: related chapter 'PA11' does not exist; check "
     "the ID. Did you mean 'PA1'?"),
    (append("glossary.yml", "  - term: Early help\n    definition: x\n    see_also: [Safeguardng]\n"),
     "glossary.yml:8: the entry 'Early help' has see_also 'Safeguardng', which is not a term in the glossary. "
     "Did you mean 'Safeguarding'?"),
    (append(ALPHA, "\nSee [safeguarding](../glossary/index.md#term-safeguardng).\n"),
     f"{ALPHA}:34: the link '../glossary/index.md#term-safeguardng' points to #term-safeguardng, but the glossary "
     "has no entry 'term-safeguardng'. Did you mean '#term-safeguarding'?"),
], ids=["misspelt-chapter", "misspelt-anchor", "misspelt-related-id", "misspelt-glossary-term", "misspelt-glossary-link"])
def test_misspelt_references_get_a_did_you_mean(tmp_path: Path, good_small_site: GoodSite, mutate: Callable[[Path], None],
                                               expected: str) -> None:
    assert_bad_input_fails_cleanly(tmp_path, good_small_site, mutate, expected)


def test_independent_problems_are_all_listed_in_one_run(tmp_path: Path, good_small_site: GoodSite) -> None:
    """A front-matter mistake does not hide the chapter's broken link, a link to it, or the glossary's mistake."""
    mutate = both(
        replace(ALPHA, "status: current", "status: publishd"),                      # front matter
        replace(ALPHA, "../partnership/beta.md#2.1", "../partnership/beta.md#2.9"),  # a link from that chapter
        replace(BETA, "../core/alpha.md#1.2", "../core/alpha.md#1.7"),              # a link to that chapter
        append("glossary.yml", "  - term: Early help\n    definition: x\n    see_also: [Nothing]\n"),
    )
    build = assert_bad_input_fails_cleanly(tmp_path, good_small_site, mutate, f"{ALPHA}:6: 'status' is 'publishd'")
    for expected in (f"{ALPHA}:28: the link '../partnership/beta.md#2.9' points to #2.9, but PA1 has no paragraph",
                     f"{BETA}:18: the link '../core/alpha.md#1.7' points to #1.7, but core/alpha.md has no paragraph",
                     "glossary.yml:8: the entry 'Early help' has see_also 'Nothing'"):
        assert expected in build.output, build.output


def _gone(folder: Path, limit: float = 60) -> bool:
    deadline = time.monotonic() + limit
    while folder.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not folder.exists()


def test_a_good_build_replaces_the_site_whole_and_the_replaced_site_is_removed(tmp_path: Path,
                                                                            good_small_site: GoodSite) -> None:
    """The site a good build replaces is renamed aside and removed by a process that outlives the build;
    a replaced site left by a removal that was stopped goes before the next one is renamed aside."""
    project = tmp_path / "project"
    shutil.copytree(good_small_site.project, project, symlinks=True)
    site = tmp_path / "site"
    assert run_mkdocs_build(project, site=site).returncode == 0
    (site / "marker-of-the-first-site").write_text("first", "utf-8")
    left_over = tmp_path / "site.old"
    left_over.mkdir()
    (left_over / "from-a-stopped-removal").write_text("old", "utf-8")
    second = run_mkdocs_build(project, site=site)
    assert second.returncode == 0, second.output
    assert not (site / "marker-of-the-first-site").exists() and (site / "index.html").is_file()
    assert _gone(left_over), "the replaced site was not removed"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["project", "site"]
