"""How real glossary terms are found in real text (the matcher and the glossary's checks of forms).

The matcher is plain Python, so it is tested directly; tests/test_glossary.py builds sites.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from safeguarding_manual.core.glossary.entries import Glossary, Term, load_glossary
from safeguarding_manual.core.glossary.matcher import TermMatcher
from safeguarding_manual.core.reading.problems import ContentError


def _matcher(*entries: tuple[str, bool]) -> TermMatcher[str]:
    matcher: TermMatcher[str] = TermMatcher()
    for form, case_sensitive in entries:
        matcher.add(form, form, case_sensitive=case_sensitive)
    return matcher


def _found(matcher: TermMatcher[str], text: str) -> list[tuple[str, str]]:
    return [(text[m.start:m.end], m.value) for m in matcher.find(text)]


@pytest.mark.parametrize("text", [
    "Refer to the Multi-Agency Safeguarding Hub today.",
    "Refer to the multi agency safeguarding hub today.",
    "Refer to the Multi\u2011Agency Safeguarding Hub today.",  # non-breaking hyphen, as pasted from Word
    "Refer to the Multi-Agency\nSafeguarding Hub today.",
])
def test_hyphens_inside_terms_match_hyphens_spaces_and_line_breaks(text: str) -> None:
    found = _found(_matcher(("Multi-Agency Safeguarding Hub", False)), text)
    assert [value for _, value in found] == ["Multi-Agency Safeguarding Hub"]
    assert found[0][0] == text.removeprefix("Refer to the ").removesuffix(" today.")


def test_plurals_and_possessives_of_terms_aliases_and_abbreviations() -> None:
    matcher = _matcher(("Local Safeguarding Children Partnership", False), ("LSCP", True), ("inquiry", False),
                       ("Health and Well-being Board", False))
    text = ("The Local Safeguarding Children Partnership's plan; two Local Safeguarding Children Partnerships; "
            "LSCPs and the LSCP’s chair; the LSCP's view; inquiries; Health and Well-being Boards.")
    assert [t for t, _ in _found(matcher, text)] == [
        "Local Safeguarding Children Partnership's", "Local Safeguarding Children Partnerships",
        "LSCPs", "LSCP’s", "LSCP's", "inquiries", "Health and Well-being Boards"]


def test_a_form_written_out_wins_over_another_forms_plural() -> None:
    matcher = _matcher(("Section", False), ("Sections", False))
    assert _found(matcher, "see Sections 1 and 2") == [("Sections", "Sections")]


def test_punctuation_inside_terms_must_match_as_written() -> None:
    matcher = _matcher(("s.47", False), ("(a)", False), ("Tier 4/5", False))
    found = _found(matcher, "Under s.47 (not s 47 or s47), item (a) is a duty for a child at Tier 4/5.")
    assert found == [("s.47", "s.47"), ("(a)", "(a)"), ("Tier 4/5", "Tier 4/5")]


def test_nfc_and_nfd_spellings_are_the_same_term() -> None:
    nfd = unicodedata.normalize("NFD", "Jugendämter")
    assert nfd != "Jugendämter"
    assert _found(_matcher(("Jugendämter", False)), f"Die {nfd} arbeiten.") == [(nfd, "Jugendämter")]
    assert [v for _, v in _found(_matcher((nfd, False)), "Die Jugendämter arbeiten.")] == [nfd]


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u00ad", "\u2060", "\ufeff"])
def test_invisible_characters_do_not_stop_a_term_linking(invisible: str) -> None:
    text = f"The Local Safe{invisible}guarding Children Partnership met."
    found = _found(_matcher(("Local Safeguarding Children Partnership", False)), text)
    assert found == [(f"Local Safe{invisible}guarding Children Partnership", "Local Safeguarding Children Partnership")]
    assert _found(_matcher((f"Local Safe{invisible}guarding Children Partnership", False)),
                  "The Local Safeguarding Children Partnership met.")


def test_terms_in_other_scripts_with_combining_marks_match_whole_words() -> None:
    matcher = _matcher(("बाल संरक्षण", False), ("حماية الطفل", False))
    assert _found(matcher, "यह बाल संरक्षण नीति है; حماية الطفل مهمة") == [
        ("बाल संरक्षण", "बाल संरक्षण"), ("حماية الطفل", "حماية الطفل")]
    assert _found(matcher, "यह बालक संरक्षण") == []


def test_whole_words_only_and_case_sensitive_abbreviations() -> None:
    matcher = _matcher(("LSCP", True), ("early help", False))
    assert _found(matcher, "lscp, LSCPS2, earlyhelp, early helpers") == []


def test_anchors_are_unique_and_readable_in_any_script() -> None:
    terms = [Term("Multi-Agency Safeguarding Hub", "d"), Term("बाल संरक्षण", "d"), Term("児童相談所", "d"),
             Term("حماية الطفل", "d"), Term("Jugend\u00e4mter", "d")]
    anchors = [t.anchor for t in terms]
    assert anchors == ["term-multi-agency-safeguarding-hub", "term-बाल-संरक्षण", "term-児童相談所", "term-حماية-الطفل",
                       "term-jugendämter"]
    assert Term(unicodedata.normalize("NFD", "Jugendämter"), "d").anchor == "term-jugendämter"
    assert Term("Jugend\u200bämter", "d").anchor == "term-jugendämter"
    assert len(set(Glossary(terms).anchors())) == len(terms) + len({t.letter for t in terms})


@pytest.mark.parametrize("entry, message", [
    ("term: '(a)'", "'(a)' in the entry '(a)' would link the ordinary word 'a'"),
    ("term: The", "would link the ordinary word 'The'"),
    ("term: Child protection\n    aliases: [which]", "the alias 'which' in the entry 'Child protection' would link"),
    ("term: '---'", "the term '---' in the entry '---' has no letters or digits"),
    ("term: Child protection\n    abbreviation: '()'", "the abbreviation '()'"),
])
def test_forms_that_cannot_link_or_would_link_common_words_are_refused(tmp_path: Path, entry: str,
                                                                        message: str) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(f"terms:\n  - {entry}\n    definition: Something.\n")
    with pytest.raises(ContentError) as raised:
        load_glossary(path)
    assert message in str(raised.value)
    assert "glossary.yml:2" in str(raised.value)


def test_capitalised_abbreviations_of_common_words_are_allowed(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("terms:\n  - term: Information technology\n    abbreviation: IT\n    definition: Computers.\n")
    assert load_glossary(path).terms[0].abbreviation == "IT"


@pytest.mark.parametrize("first, second", [
    ("Multi-Agency Safeguarding Hub", "multi agency safeguarding hub"),
    ("Jugendämter", unicodedata.normalize("NFD", "Jugendämter")),
    ("Early help", "Early\u200b help"),
])
def test_forms_that_would_match_the_same_text_are_claimed_once(tmp_path: Path, first: str, second: str) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text(f"terms:\n  - term: {first}\n    definition: One.\n  - term: Other\n    aliases: ['{second}']\n"
                    "    definition: Two.\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        load_glossary(path)
    assert "is already claimed by the entry" in str(raised.value)
