"""Lettered, roman and numbered list labels as statutory text writes them: (a), (iii), (2), (B).

Editors write them as bullets with the label first, which GitHub's preview shows as a
bullet followed by the label:

    **1.5** The partnership must:

    - (a) publish its arrangements;
    - (b) report on them each year, including:
        - (i) what it has done; and
        - (ii) what it will do next.

The site turns such a list into an ordered list whose markers are the labels as written
(kept as text, so they print, copy and are read by screen readers), and each item of a
numbered paragraph gets an anchor: ``#1.5-b-ii``. This module is the one place that says
what a label is, what kind of list it makes and what an item's anchor is, for the Markdown
extension that renders lists and for the check of links on the source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: A label at the start of a list item: "(a) ", "(iv) ", "(2) ", "(2A) ", "(B) ".
_LABEL_TEXT = r"\((?P<label>[a-z]{1,7}|[A-Z]{1,7}|[0-9]{1,3}[A-Z]{0,2})\)"
LABEL = re.compile(_LABEL_TEXT + r"(?=[ \t]|$)")
#: A list item line in the source: its indentation, marker and (when it has one) its label, bold or not.
SOURCE_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|[0-9]{1,9}[.)])[ \t]+(?:(?:\*\*)?" + _LABEL_TEXT
                         + r"(?:\*\*)?(?=[ \t]|$))?")
_ROMAN = re.compile(r"(?=[mdclxvi])m{0,3}(cm|cd|d?c{0,3})(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})")
_ROMAN_VALUES = {"m": 1000, "d": 500, "c": 100, "l": 50, "x": 10, "v": 5, "i": 1}


def is_label(label: str) -> bool:
    """Digits, one letter (or one letter repeated), or a roman numeral: not a word in brackets."""
    return label[0].isdigit() or alpha_value(label) is not None or roman_value(label) is not None


def label_at_start(text: str) -> re.Match[str] | None:
    """The label an item's text starts with (after white space), if any."""
    match = LABEL.match(text.lstrip())
    return match if match and is_label(match.group("label")) else None


def roman_value(label: str) -> int | None:
    lowered = label.lower()
    if not _ROMAN.fullmatch(lowered):
        return None
    values = [_ROMAN_VALUES[c] for c in lowered]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def alpha_value(label: str) -> int | None:
    """a..z, then aa..zz, aaa..zzz, as legislation continues past z."""
    lowered = label.lower()
    if not lowered.isalpha() or len(set(lowered)) != 1:
        return None
    return (len(lowered) - 1) * 26 + ord(lowered[0]) - ord("a") + 1


def _increasing(values: list[int | None]) -> bool:
    return all(v is not None for v in values) and all(a < b for a, b in zip(values, values[1:]))  # type: ignore[operator]


def list_type(labels: list[str]) -> str | None:
    """The HTML ``<ol type>`` the labels of one list follow ("a", "A", "i", "I", "1"), or None if mixed.

    "(i)" is ambiguous: a roman list starts at (i), a lettered one passes it after (h). Roman wins
    when both readings fit and the list starts at one.
    """
    if not labels:
        return None
    if all(label[0].isdigit() for label in labels):
        return "1"
    upper = all(label.isupper() for label in labels)
    if not upper and not all(label.islower() for label in labels):
        return None
    romans = [roman_value(label) for label in labels]
    alphas = [alpha_value(label) for label in labels]
    roman_fits, alpha_fits = None not in romans, None not in alphas
    if not roman_fits and not alpha_fits:
        return None
    if roman_fits and alpha_fits:  # both readings fit: roman when it starts at (i), or only it runs in order
        use_roman = _increasing(romans) and (romans[0] == 1 or not _increasing(alphas))
    else:
        use_roman = roman_fits
    kind = "i" if use_roman else "a"
    return kind.upper() if upper else kind


def item_anchor(paragraph: str, labels: list[str]) -> str:
    """The fragment of an item of numbered paragraph ``paragraph``: its labels and its parents' labels."""
    return "-".join([paragraph, *labels])


@dataclass
class _OpenList:
    indent: int
    line: int
    labels: list[str | None] = field(default_factory=list)
    anchors: list[str] = field(default_factory=list)


@dataclass
class SourceLists:
    """Follows the lists of a chapter's source line by line: item anchors, and lists labelled by halves.

    Feed it every line (code already blanked) with :meth:`line`; call :meth:`restart` at each numbered
    paragraph or heading, and :meth:`close` at the end. Anchors are only kept for lists that the site
    will render as labelled lists (every item labelled), so a link is never approved to an anchor
    that does not exist.
    """

    anchors: set[str] = field(default_factory=set)
    #: (line, message) for each list whose items are labelled only in part
    mixed: list[tuple[int, str]] = field(default_factory=list)
    _paragraph: str | None = None
    _open: list[_OpenList] = field(default_factory=list)
    _blank_before: bool = False

    def restart(self, paragraph: str | None) -> None:
        self._close_to(-1)
        self._paragraph = paragraph

    def close(self) -> None:
        self._close_to(-1)

    def line(self, text: str, line_no: int) -> None:
        if not text.strip():
            self._blank_before = True
            return
        item = SOURCE_ITEM.match(text)
        indent = len(text.expandtabs(4)) - len(text.expandtabs(4).lstrip())
        if item is None:
            if self._blank_before and indent < 2:
                self._close_to(-1)  # a paragraph at the margin after a blank line ends every list
            self._blank_before = False
            return
        self._blank_before = False
        self._close_to(indent)
        if not self._open or self._open[-1].indent < indent:
            self._open.append(_OpenList(indent, line_no))
        label = item.group("label") if item.group("label") and is_label(item.group("label")) else None
        current = self._open[-1]
        current.labels.append(label)
        chain = [level.labels[-1] for level in self._open[:-1] if level.labels[-1] is not None]
        if label is not None and self._paragraph is not None:
            current.anchors.append(item_anchor(self._paragraph, [*chain, label]))  # type: ignore[list-item]

    def _close_to(self, indent: int) -> None:
        """Close the lists nested deeper than ``indent`` (all of them for -1)."""
        while self._open and self._open[-1].indent > indent:
            finished = self._open.pop()
            labelled = [label for label in finished.labels if label is not None]
            if labelled and len(labelled) < len(finished.labels):
                self.mixed.append((finished.line, (
                    f"this list labels some items (such as '({labelled[0]})') but not others, so it would show "
                    "as bullets with the labels as text. Give every item of the list a label, or none.")))
            elif labelled:
                self.anchors.update(finished.anchors)
