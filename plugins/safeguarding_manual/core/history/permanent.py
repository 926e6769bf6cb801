"""The current version's permanent page, made from the chapter page's converted text instead of a second conversion.

The text at ``<chapter>/versions/N/`` is the chapter's own text, so converting its Markdown again (a
thousand times in a large manual) would only cost time. The converted HTML is reused with two changes:
its relative addresses are read from two folders further down, and glossary terms are plain text, as
on every version page (a definition may change; the version's words may not).
"""

from __future__ import annotations

import re

#: ``href="..."``/``src="..."`` as our Markdown conversion writes them (double quotes, escaped values).
CONVERTED_URL = re.compile(r'(?P<attribute>\s(?:href|src)=")(?P<target>[^"]*)"')
#: A glossary link as the glossary extension writes it: the term's text only, no markup inside.
GLOSSARY_LINK = re.compile(r'<a class="glossary-term"[^>]*>(?P<text>[^<]*)</a>')
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")


def permanent_copy(chapter_html: str, depth: int = 2) -> str:
    """The chapter's converted HTML as seen from ``depth`` folders below the chapter's address."""
    prefix = "../" * depth

    def rebase(match: "re.Match[str]") -> str:
        target = match.group("target")
        if not target or target.startswith(("#", "/")) or SCHEME.match(target):
            return match.group(0)
        return f'{match.group("attribute")}{prefix}{target}"'

    return CONVERTED_URL.sub(rebase, GLOSSARY_LINK.sub(lambda m: m.group("text"), chapter_html))
