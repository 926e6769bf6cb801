"""Telephone numbers in running text become ``tel:`` links, so a practitioner on a phone rings with one tap.

Only UK numbers of a full length (see ``core/urls.py``) are linked, never inside a link or code,
so dates, years and paragraph numbers are left alone.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

from ..core.urls import UK_PHONE, tel_url


class PhoneNumberProcessor(InlineProcessor):
    ANCESTOR_EXCLUDES = ("a",)

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element, int, int]:  # type: ignore[override]
        link = etree.Element("a", {"href": tel_url(m.group(0))})
        link.text = m.group(0)
        return link, m.start(0), m.end(0)


class PhoneLinksExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After raw inline HTML (90) is set aside, like bare web addresses.
        md.inlinePatterns.register(PhoneNumberProcessor(UK_PHONE, md), "phone_numbers", 84)


def makeExtension(**kwargs: object) -> PhoneLinksExtension:
    return PhoneLinksExtension(**kwargs)
