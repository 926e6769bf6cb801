"""A Content-Security-Policy that allows only the site's own scripts and styles.

The theme has a few small inline scripts whose text varies per page (they
embed the page's base URL), so each page's policy lists the SHA-256 hashes of
exactly the inline scripts it contains; nothing else inline may run.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from html.parser import HTMLParser

BASE_POLICY = (
    "default-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "style-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'"
)


class _InlineScripts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.scripts: list[str] = []
        self._capturing = False
        self._chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type", "text/javascript") in (
            "text/javascript", "module", "application/javascript", ""
        ):
            self._capturing, self._chunks = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._capturing:
            self.scripts.append("".join(self._chunks))
            self._capturing = False

    def handle_data(self, data: str) -> None:
        if self._capturing:
            self._chunks.append(data)


def policy_for(html: str) -> str:
    parser = _InlineScripts()
    parser.feed(html)
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in parser.scripts
    })
    return f"{BASE_POLICY}; script-src 'self' {' '.join(hashes)}".strip()


def add_policy_meta(html: str) -> str:
    """Insert the policy as the first element of ``<head>``, before any script."""
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy_for(html))}">'
    head = html.find("<head>")
    if head == -1:
        return html
    insert_at = head + len("<head>")
    return html[:insert_at] + "\n    " + meta + html[insert_at:]
