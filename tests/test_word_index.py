"""The site's word index (``core.pages.word_index``): words, parts, scores and the folder, on made-up records.

The search worker's side (the same words in JavaScript, every record found) is in ``test_browser.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from made_up_index import IndexFiles, made_up_records, record_words, write_made_up_index
from safeguarding_manual.core.pages import word_index
from safeguarding_manual.core.pages.word_index import IndexRecord, stem, words_of, write_word_index


def test_words_are_folded_and_dotted_numbers_kept_whole() -> None:
    text = "Section 47 ENQUIRY, see PA4 2.2.1 and CP2(A); Café ﬁnal naïve under_score"
    assert words_of(text) == ["section", "47", "enquiry", "see", "pa4", "2.2.1", "and", "cp2", "a", "cafe",
                              "final", "naive", "under", "score"]


def test_plural_endings_are_taken_off_and_nothing_else() -> None:
    pairs = {"referrals": "referral", "enquiries": "enquiry", "matches": "match", "boxes": "box",
             "classes": "class", "children": "children", "status": "status", "analysis": "analysis",
             "process": "process", "practices": "practice", "cps": "cps", "pa4s": "pa4s", "ties": "tie",
             "was": "was", "has": "has", "this": "this", "assessment": "assessment"}
    assert {word: stem(word) for word in pairs} == pairs


def test_every_word_of_every_record_is_in_the_part_the_worker_reads(tmp_path: Path) -> None:
    """Recall at the index: for each word of each record, the one part where the worker looks lists the record."""
    index = IndexFiles(write_made_up_index(tmp_path / "index"))
    assert len(index.parts) > 20, "parts this small must be many: the test would not cross their edges"
    for number, record in enumerate(index.records):
        for word in record_words(record):
            assert number in index.scores(word), (word, number)
    firsts = index.meta["parts"]
    for number, part in enumerate(index.parts):  # each part holds only the words between its first and the next's
        assert min(part, key=lambda w: w.encode("utf-16-be")) == firsts[number]
        if number + 1 < len(firsts):
            assert all(w.encode("utf-16-be") < firsts[number + 1].encode("utf-16-be") for w in part)


def test_a_record_never_lists_a_word_it_does_not_hold(tmp_path: Path) -> None:
    index = IndexFiles(write_made_up_index(tmp_path / "index"))
    words = [set(record_words(record)) for record in index.records]
    for part in index.parts:
        for word in part:
            assert all(word in words[number] for number in index.scores(word)), word


def test_a_word_in_the_title_scores_above_the_same_word_in_the_text(tmp_path: Path) -> None:
    filler = " ".join(["other words"] * 40)
    records = [IndexRecord("a/", "Strategy discussion", filler),
               IndexRecord("b/", "Something else", f"strategy discussion {filler}"),
               IndexRecord("c/", "Third", filler, parts=[("1.1", "CP1 1.1", "a strategy here")])]
    write_word_index(records, tmp_path / "index")
    scores = IndexFiles(tmp_path / "index").scores("strategy")
    assert scores[0] > scores[1] > 0 and scores[2] > 0


def test_the_folder_is_named_by_what_it_holds_and_replaced_whole(tmp_path: Path) -> None:
    records = made_up_records(count=20)
    first = write_word_index(records, tmp_path / "index")
    name = json.loads((tmp_path / "index" / "index.json").read_text("utf-8"))["folder"]
    write_word_index(made_up_records(count=20), tmp_path / "index")
    assert json.loads((tmp_path / "index" / "index.json").read_text("utf-8"))["folder"] == name
    records[3].text += " edited"
    write_word_index(records, tmp_path / "index")
    renamed = json.loads((tmp_path / "index" / "index.json").read_text("utf-8"))["folder"]
    assert renamed != name
    assert sorted(p.name for p in (tmp_path / "index").iterdir()) == sorted(["index.json", renamed])
    assert first.records == 20 and first.files == 1 + 20 + len(list((tmp_path / "index" / renamed / "w").iterdir()))


def test_hostile_text_is_kept_as_text(tmp_path: Path) -> None:
    """The index holds plain text; the worker escapes it when it shows it (see test_browser)."""
    record = IndexRecord("a/", "<img src=x onerror=alert(1)>", "</script><script>alert(1)</script> & more")
    write_word_index([record], tmp_path / "index")
    written = IndexFiles(tmp_path / "index").records[0]
    assert written["t"] == record.title and written["x"] == record.text


def test_a_long_text_is_indexed_whole_and_kept_short_to_show(tmp_path: Path) -> None:
    """Every word of a very long page is found; its record file keeps the start of each text to show."""
    long_text = " ".join(f"word{n}" for n in range(3000)) + " lastword"
    write_word_index([IndexRecord("a/", "Amendments", long_text, parts=[("r1", "Release", long_text)])],
                     tmp_path / "index")
    index = IndexFiles(tmp_path / "index")
    assert index.scores("lastword") == {0: index.scores("lastword")[0]}
    written = index.records[0]
    assert len(written["x"]) <= word_index.SHOWN_CHARACTERS + 2 and written["x"].endswith(" …")
    assert written["p"][0][2] == written["x"] and "lastword" not in written["x"]


def test_a_search_folder_that_cannot_be_written_stops_the_build_with_what_to_do(tmp_path: Path) -> None:
    from safeguarding_manual.mkdocs_plugins.search_index import SearchIndexError, make_search_folder

    (tmp_path / "site").write_text("a file where the site's folder should be", "utf-8")
    entries = [{"location": "a/", "title": "A", "text": "words"}]
    with pytest.raises(SearchIndexError) as raised:
        make_search_folder(entries, {}, tmp_path / "site" / "search-index")
    message = str(raised.value)
    assert str(tmp_path / "site" / "search-index") in message and "build again" in message
