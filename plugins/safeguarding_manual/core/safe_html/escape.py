"""Escaping content strings where they are placed in HTML, with MarkupSafe (which Jinja2 brings).

Every string that comes from content and is placed into HTML by our code goes through
:func:`escape`: in text and in quoted attribute values alike, since it escapes ``& < > " '``.
"""

from __future__ import annotations

import re

from markupsafe import Markup
from markupsafe import escape as _markupsafe_escape


def escape(value: object) -> str:
    """``value`` as HTML text or a quoted attribute value: ``<`` ``>`` ``&`` ``"`` ``'`` escaped."""
    return str(_markupsafe_escape(value))


def html_ready(value: str) -> Markup:
    """``value`` escaped once and marked as HTML, for strings handed to the theme's templates.

    The theme's templates print titles and descriptions without escaping (``{{ page.meta.title }}``) and
    escape them again only in attributes (``| e``), which leaves a :class:`~markupsafe.Markup` alone.
    """
    return value if isinstance(value, Markup) else _markupsafe_escape(value)


def markdown_heading_text(value: str) -> str:
    """A content string as the text of a generated Markdown heading: HTML escaped, Markdown marks made literal."""
    return escape(re.sub(r"([\\`*_{}\[\]()#+!|~-])", r"\\\1", value))
