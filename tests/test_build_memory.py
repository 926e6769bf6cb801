"""What a build holds in memory: pages' HTML in a temporary file between conversion and rendering
(``page_spool``), the search entries handed from the theme's index to the word index without writing and
reading them back (``search_cache``), and only the links to anchors that MkDocs' check can still fail
(``anchor_links``). None may change a byte of the site or a warning; how much memory they save is
measured by the benchmark (BENCHMARKS.md), not here.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from conftest import copy_example_manual, run_mkdocs_build, search_docs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from test_frozen_pages import site_bytes

from safeguarding_manual.mkdocs_plugins.anchor_links import drop_confirmed_links
from safeguarding_manual.mkdocs_plugins.page_spool import PageSpool, SpooledPairs

SPOOL_SUMMARY = re.compile(r"Held the HTML of (\d+) page\(s\) \(([\d.]+) MB\) in a temporary file")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PROCEDURES_CACHE_DIR", str(tmp_path / "cache"))
    return copy_example_manual(tmp_path)


def _setting(project: Path, line: str) -> None:
    settings = project / "mkdocs.yml"
    text = settings.read_text("utf-8")
    settings.write_text(text.replace("procedures_dir: procedures", f"procedures_dir: procedures\n      {line}"), "utf-8")


def test_pages_held_in_a_temporary_file_build_exactly_the_site_held_in_memory(project: Path, tmp_path: Path) -> None:
    spooled = run_mkdocs_build(project, site=tmp_path / "spooled")
    assert spooled.returncode == 0, spooled.output[-3000:]
    held = SPOOL_SUMMARY.search(spooled.output)
    pages = sum(1 for _ in spooled.site.rglob("index.html"))
    assert held is not None and int(held.group(1)) >= pages // 2, spooled.output[-3000:]
    assert not list(Path(tempfile.gettempdir()).glob("procedures-pages-*"))  # an anonymous file: nothing left
    _setting(project, "spool_pages: false")
    in_memory = run_mkdocs_build(project, site=tmp_path / "in-memory")
    assert in_memory.returncode == 0, in_memory.output[-3000:]
    assert SPOOL_SUMMARY.search(in_memory.output) is None
    assert site_bytes(spooled.site) == site_bytes(in_memory.site)
    # the glossary page's "Used in" lists are filled by the glossary plugin from a page that was spooled
    used_in = spooled.page("glossary/").select(".used-in a")
    assert used_in, "the glossary page lists no chapter that uses a term"


def test_the_search_entries_reach_the_word_index_and_the_theme_file_keeps_only_its_settings(project: Path,
                                                                                            tmp_path: Path) -> None:
    build = run_mkdocs_build(project, site=tmp_path / "site")
    assert build.returncode == 0, build.output[-3000:]
    theme_file = (build.site / "search" / "search_index.json").read_text("utf-8")
    assert '"engine":"word-index"' in theme_file and theme_file.endswith('"docs":[]}')
    docs = search_docs(build.site)
    locations = [doc["location"] for doc in docs]
    assert any("?at=term-" in location for location in locations)  # the glossary's terms
    assert any(re.search(r"/#\d+\.\d+$", location) for location in locations)  # numbered paragraphs


def _page(tmp_path: Path, name: str = "a.md") -> Page:
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(tmp_path), "site_dir": str(tmp_path / "site")})
    file = File(name, str(tmp_path), str(tmp_path / "site"), True)
    return Page(None, file, config)


def test_a_spooled_page_reads_and_writes_its_html_as_before(tmp_path: Path) -> None:
    spool = PageSpool()
    spool.open()
    first, second, empty = _page(tmp_path, "a.md"), _page(tmp_path, "b.md"), _page(tmp_path, "c.md")
    first.content = "<p>caf\u00e9 \U0001f600 \ud800</p>"  # any character, a lone surrogate included
    second.content = "<p>two</p>"
    empty.content = ""
    for page in (first, second, empty):
        spool.hold(page)
    assert spool.held == 2 and first.__dict__["content"] is None  # not in memory
    assert first.content == "<p>caf\u00e9 \U0001f600 \ud800</p>" and second.content == "<p>two</p>"
    assert empty.content == ""
    assert isinstance(first, Page) and first.file.src_uri == "a.md"
    first.content = first.content.replace("two", "three") + "<p>added</p>"  # a plugin changing it: in memory
    assert first.__dict__["content"].endswith("<p>added</p>")
    spool.take_back(second)
    assert second.__dict__["content"] == "<p>two</p>"
    third = _page(tmp_path, "d.md")
    third.content = "<p>never rendered</p>"
    spool.hold(third)
    spool.close()  # a page still held gets its HTML back: nothing is lost when the file goes
    assert third.content == "<p>never rendered</p>"


def test_a_spool_that_cannot_be_written_leaves_pages_in_memory(tmp_path: Path) -> None:
    spool = PageSpool()
    spool.open()
    (tmp_path / "read-only").write_bytes(b"")
    spool._file.close()
    spool._file = open(tmp_path / "read-only", "rb")  # every write fails, as on a full disk
    page = _page(tmp_path)
    page.content = "<p>kept</p>"
    spool.hold(page)
    assert spool.held == 0 and page.__dict__["content"] == "<p>kept</p>" and page.content == "<p>kept</p>"
    spool.close()


def test_a_spool_that_cannot_give_a_page_back_stops_the_build_with_what_to_do(tmp_path: Path) -> None:
    spool = PageSpool()
    spool.open()
    page = _page(tmp_path)
    page.content = "<p>" + "text " * 1000 + "</p>"
    spool.hold(page)
    spool._file.truncate(10)  # as a failing disk: the page's bytes are no longer all there
    with pytest.raises(PluginError, match="could not be read back.*spool_pages: false"):
        page.content
    spool.close()  # a build stopping on that error: closing does not raise it again


BROKEN_ANCHOR = re.compile(r"Doc file '([^']+)' contains a link '([^']+)', but (?:there is no such anchor on this page|"
                           r"the doc '[^']+' does not contain an anchor '#[^']+')")


def test_every_broken_anchor_is_still_reported_once_confirmed_links_are_dropped(project: Path, tmp_path: Path) -> None:
    """Links are dropped as soon as the page they lead to is made and has the anchor: a link to a page made
    before (privacy.md to accessibility.md), after (the other way) and to the page itself, broken, are all
    still reported by MkDocs, on a build that converts the pages and on one that reuses their conversion."""
    accessibility, privacy = project / "docs" / "accessibility.md", project / "docs" / "privacy.md"
    accessibility.write_text(accessibility.read_text("utf-8") + "\n\nSee [privacy](privacy.md#adding-analytics-with-consent), "
                             "[nothing](privacy.md#not-there) and [here](#compliance-status).\n", "utf-8")
    privacy.write_text(privacy.read_text("utf-8") + "\n\nSee [status](accessibility.md#compliance-status), "
                       "[gone](accessibility.md#no-such-heading) and [self](#nowhere).\n", "utf-8")
    expected = {("accessibility.md", "privacy.md#not-there"), ("privacy.md", "accessibility.md#no-such-heading"),
                ("privacy.md", "#nowhere")}
    for attempt in ("converted", "reused"):
        build = run_mkdocs_build(project, site=tmp_path / attempt)
        assert build.returncode != 0, attempt
        assert set(BROKEN_ANCHOR.findall(build.output)) == expected, (attempt, build.output[-3000:])
        assert not (tmp_path / attempt).exists() or not any((tmp_path / attempt).iterdir())
    assert "reused the HTML of 0 unchanged" not in build.output, "the second build converted the pages again"


def test_a_link_is_dropped_only_when_the_page_it_leads_to_is_made_and_has_its_anchor(tmp_path: Path) -> None:
    source, made, unmade = _page(tmp_path, "a.md"), _page(tmp_path, "b.md"), _page(tmp_path, "c.md")
    made.present_anchor_ids = {"there"}
    source.present_anchor_ids = {"own"}
    source.links_to_anchors = {made.file: {"there": "b.md#there", "missing": "b.md#missing"},
                               unmade.file: {"any": "c.md#any"}, source.file: {"own": "#own"}}
    drop_confirmed_links(source)
    assert source.links_to_anchors == {made.file: {"missing": "b.md#missing"}, unmade.file: {"any": "c.md#any"}}
    unmade.present_anchor_ids = {"any"}
    drop_confirmed_links(source)
    assert source.links_to_anchors == {made.file: {"missing": "b.md#missing"}}


def test_paragraphs_kept_for_search_read_back_from_the_spool_as_they_were_written() -> None:
    spool = PageSpool()
    pairs = [("1.1", "caf\u00e9 \U0001f600 \ud800 \"quoted\"\n"), ("1.2", "")]
    assert spool.hold_pairs(pairs) is pairs, "a closed spool leaves them in memory"
    spool.open()
    held = spool.hold_pairs(pairs)
    assert isinstance(held, SpooledPairs) and spool.pairs_held == 1
    assert len(held) == 2 and list(held) == pairs and list(held) == pairs  # read back each time, whole
    assert ("1.2", "") in held
    spool.close()
    with pytest.raises(PluginError, match="after its build ended"):
        list(held)


def test_an_archived_text_held_compressed_reads_back_exactly_and_behaves_as_text() -> None:
    """Chapters' and archived versions' texts are held compressed (``packed_text``): every read gives the text
    as written, and copying the version with ``dataclasses.replace`` or comparing it works as for a string."""
    import dataclasses
    import datetime as dt

    from safeguarding_manual.core.history.archive import Version, with_superseded_on

    text = "## 1. Heading\n\n" + "caf\u00e9 \U0001f600 \ud800 child protection conference. " * 400
    day = dt.date(2026, 1, 1)
    version = Version("a.md", 1, "CP1", "Title", day, text, 5, Path("v1.md"), day)
    assert version.body == text and version.body == text  # read twice: the same text
    assert len(version.__dict__["_packed_body"]) < len(text) // 4, "held compressed"
    later = dataclasses.replace(version, superseded_on=dt.date(2026, 6, 1))
    assert later.body == text and later != version and dataclasses.replace(later, superseded_on=day) == version
    with pytest.raises(dataclasses.FrozenInstanceError):
        version.body = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError, match="must be text"):
        Version("a.md", 1, "CP1", "Title", day, None, 5, Path("v1.md"), day)  # type: ignore[arg-type]
    moved = with_superseded_on(version, dt.date(2026, 6, 1))  # the loader's copy shares the packed text
    assert moved == later and moved.__dict__["_packed_body"] is version.__dict__["_packed_body"]
    assert version.superseded_on == day, "the original (kept in the loader's cache) is unchanged"


def test_while_serving_texts_are_held_as_they_are_and_read_the_same() -> None:
    import datetime as dt

    from safeguarding_manual.core.history.archive import Version
    from safeguarding_manual.core.reading.packed_text import hold_unpacked

    text = "child protection conference. " * 400
    day = dt.date(2026, 1, 1)
    packed = Version("a.md", 1, "CP1", "Title", day, text, 5, Path("v1.md"), day)
    hold_unpacked(True)
    try:
        plain = Version("a.md", 1, "CP1", "Title", day, text, 5, Path("v1.md"), day)
    finally:
        hold_unpacked(False)
    assert plain.__dict__["_packed_body"] is text and isinstance(packed.__dict__["_packed_body"], bytes)
    assert plain.body == packed.body == text and plain == packed
