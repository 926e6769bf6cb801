"""``procedures check`` gives linkchecker only the pages whose links could have changed since it found them clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from safeguarding_manual import check as check_module
from safeguarding_manual.check import _check_links, _shares
from safeguarding_manual.checked_pages import CheckedPages, served_path

PAGE = '<!doctype html><html><head><title>{title}</title></head><body>\n{body}\n</body></html>\n'


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Home links to a paragraph of A and to B; B links to the same paragraph; A links home."""
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    write(site / "index.html", "Home", '<p><a href="a/#one">one</a> <a href="b/">b</a></p>')
    write(site / "a/index.html", "A", '<p id="one">Paragraph one. <a href="../">home</a></p>')
    write(site / "b/index.html", "B", '<p><a href="../a/#one">one</a></p>')
    return site


def write(path: Path, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, body=body), "utf-8")


def check(site: Path) -> list[str]:
    return sorted(problem.format() for problem in _check_links(site, site.parent, external=False))


def test_a_clean_site_checked_again_gives_linkchecker_nothing(site: Path) -> None:
    assert CheckedPages(site).unchecked() == ["/", "/a/", "/b/"]
    assert check(site) == []
    assert CheckedPages(site).unchecked() == []


def test_a_page_whose_text_changed_is_checked_again_alone(site: Path) -> None:
    check(site)
    write(site / "a/index.html", "A", '<p id="one">Paragraph one, reworded. <a href="../">home</a></p>')
    assert CheckedPages(site).unchecked() == ["/a/"]


def test_an_anchor_gone_from_an_unchanged_page_rechecks_the_pages_linking_to_it(site: Path) -> None:
    check(site)
    write(site / "a/index.html", "A", '<p id="two">Paragraph one, renumbered. <a href="../">home</a></p>')
    assert CheckedPages(site).unchecked() == ["/", "/a/", "/b/"]
    expected = ["site/:2: broken link to /a/#one: Anchor 'one' is not on that page.",
                "site/b/:2: broken link to /a/#one: Anchor 'one' is not on that page."]
    assert check(site) == expected
    # pages with problems are never kept: the next check reports them again
    assert CheckedPages(site).unchecked() == ["/", "/b/"]
    assert check(site) == expected


def test_a_page_checked_alone_has_its_links_out_of_its_folder_checked(site: Path) -> None:
    """linkchecker given only /b/ would treat addresses outside /b/ as another site's, left unchecked."""
    check(site)
    write(site / "b/index.html", "B", '<p><a href="../gone/">gone</a> <a href="../a/#two">two</a></p>')
    assert CheckedPages(site).unchecked() == ["/b/"]
    assert check(site) == ["site/b/:2: broken link to ../gone/: 404 File not found",
                           "site/b/:2: broken link to /a/#two: Anchor 'two' is not on that page."]


def test_anchors_matter_only_to_links_that_name_one(site: Path) -> None:
    """Home links to B without an anchor: B gaining a paragraph changes nothing for Home."""
    check(site)
    write(site / "b/index.html", "B", '<p id="new"><a href="../a/#one">one</a></p>')
    assert CheckedPages(site).unchecked() == ["/b/"]


def test_the_search_index_changing_rechecks_only_pages_that_link_into_it(site: Path) -> None:
    """The word index's folder is named anew with every edit; only a page that links into it is checked again."""
    write(site / "search-index/aaaa/r/1.json", "", "")
    write(site / "b/index.html", "B", '<p><a href="../search-index/aaaa/r/1.json">a record</a></p>')
    check(site)
    (site / "search-index/aaaa").rename(site / "search-index/bbbb")
    assert CheckedPages(site).unchecked() == ["/b/"]
    [problem] = check(site)
    assert problem.startswith("site/b/:2: broken link to ../search-index/aaaa/r/1.json") and "404" in problem


def test_a_redirect_page_whose_target_goes_is_checked_again(site: Path) -> None:
    write(site / "old/index.html", "Moved", "")
    (site / "old/index.html").write_text('<!doctype html><html><head><title>Moved</title>'
                                         '<meta http-equiv="refresh" content="0; url=../search-index/x.html"></head>'
                                         '<body></body></html>')
    write(site / "search-index/x.html", "X", "<p>x</p>")
    check(site)
    (site / "search-index/x.html").unlink()
    assert "/old/" in CheckedPages(site).unchecked()


def test_a_page_removed_rechecks_every_page(site: Path) -> None:
    check(site)
    (site / "b/index.html").unlink()
    (site / "b").rmdir()
    assert CheckedPages(site).unchecked() == ["/", "/a/"]
    [problem] = check(site)
    assert problem.startswith("site/:2: broken link to b/") and "404" in problem


def test_a_page_linkchecker_did_not_read_is_never_kept(site: Path) -> None:
    """robots.txt keeps linkchecker out of B: nothing is known of B's links, so B is given again next time."""
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /b/\n")
    assert check(site) == []
    assert CheckedPages(site).unchecked() == ["/b/"]


def test_a_page_with_a_base_address_is_checked_every_time(site: Path) -> None:
    write(site / "b/index.html", "B", '<base href="../a/"><p><a href="#one">one</a></p>')
    check(site)
    assert CheckedPages(site).unchecked() == ["/b/"]


def test_facts_kept_from_the_last_check_are_those_of_the_same_bytes_at_the_same_address(site: Path) -> None:
    """A later check reads a page's anchors and links from the cache only for the very bytes read before."""
    first = CheckedPages(site)
    again = CheckedPages(site)
    assert again.facts == first.facts and again.keys == first.keys
    write(site / "a/index.html", "A", '<p id="two">Renumbered. <a href="../b/#two">b</a></p>')
    changed = CheckedPages(site)
    assert changed.facts["/a/"].names == {"two"} and changed.facts["/a/"].targets == (("/b/", True),)
    assert changed.facts["/"] == first.facts["/"]


def test_a_malformed_facts_entry_is_read_again_from_the_page(site: Path) -> None:
    first = CheckedPages(site)
    key = next(path.name for path in first.store.folder.glob("??/*"))
    entry = f"/a/ {first.facts['/a/'].digest}"
    for junk in ({"pages": {entry: "not facts"}}, {"pages": {entry: [[1], "x", None]}},
                 {"pages": {entry: [[], "x", [["/b/", "yes"]]]}}, {"pages": []}, {}):
        first.store.put(key, junk)
        assert CheckedPages(site).keys == first.keys


def test_a_link_is_followed_to_the_file_the_server_answers_with(site: Path) -> None:
    (site / "style.css").write_text("p {}")
    (site / "empty").mkdir()
    pages = CheckedPages(site)
    assert pages._file_of("/") == "index.html" and pages._file_of("/a/") == "a/index.html"
    assert pages._file_of("/a") == pages._file_of("/a/index.html") == "a/index.html"
    assert pages._file_of("/style.css") == "style.css" and pages._state_of("/style.css", True) == "file"
    assert pages._file_of("/empty/") is None and pages._state_of("/nowhere/", False) == "missing"
    assert pages._file_of("/%2e%2e/site/a/") is None and pages._file_of("/a/%2E%2E/b/") == "b/index.html"


def test_a_site_split_between_processes_has_every_link_and_anchor_checked(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each linkchecker process reads only its share of the pages, and judges anchors of pages in other shares
    from the anchors ``check.py`` gives it: the problems are those of one process, each reported once."""
    site = tmp_path / "site"
    for part in ("x", "y", "z"):
        for number in range(4):
            others = "x" if part != "x" else "z"
            write(site / part / f"p{number}/index.html", f"{part}{number}",
                  f'<p id="para{number}">Text. <a href="../../{others}/p{number}/#para{number}">same</a> '
                  f'<a href="../p{(number + 1) % 4}/">next</a></p>')
    write(site / "index.html", "Home", '<p><a href="x/p0/">x</a> <a href="y/p0/">y</a> <a href="z/p0/">z</a></p>')
    write(site / "y/p1/index.html", "y1", '<p><a href="../../x/p2/#para3">wrong anchor</a> <a href="../p2/">next</a></p>')
    write(site / "z/p3/index.html", "z3", '<p id="para3"><a href="../../nowhere/">gone</a> '
                                          '<a href="../../x/p0/#para0">first</a></p>')
    expected = ["site/y/p1/:2: broken link to /x/p2/#para3: Anchor 'para3' is not on that page.",
                "site/z/p3/:2: broken link to ../../nowhere/: 404 File not found"]
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "one-process"))
    monkeypatch.setattr(check_module, "_processes_for", lambda pages: 1)
    assert check(site) == expected
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "three-processes"))
    monkeypatch.setattr(check_module, "_processes_for", lambda pages: 3)
    pages = CheckedPages(site).unchecked()
    shares = _shares(pages, site, 3)
    assert len(shares) == 3 and [page for share in shares for page in share] == pages
    assert check(site) == expected
    assert CheckedPages(site).unchecked() == ["/y/p1/", "/z/p3/"]  # the clean pages of every share were kept


def test_shares_are_runs_of_neighbouring_pages_of_about_equal_bytes(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name, size in (("a", 10), ("b", 10), ("c", 10), ("d", 30), ("e", 1), ("f", 1)):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_bytes(b"x" * size)
    pages = ["/a/", "/b/", "/c/", "/d/", "/e/", "/f/"]
    assert _shares(pages, site, 2) == [["/a/", "/b/", "/c/"], ["/d/", "/e/", "/f/"]]
    assert _shares(pages, site, 1) == [pages]
    assert _shares(["/a/"], site, 3) == [["/a/"]]


def test_served_paths() -> None:
    assert served_path("index.html") == "/"
    assert served_path("core/alpha/index.html") == "/core/alpha/"
    assert served_path("404.html") == "/404.html"
    assert served_path("core/notindex.html") == "/core/notindex.html"
