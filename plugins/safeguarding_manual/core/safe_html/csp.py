"""A Content-Security-Policy that allows only the site's own scripts and styles.

The theme has a few small inline scripts whose text varies per page (they
embed the page's base URL), so each page's policy lists the SHA-256 hashes of
exactly the inline scripts it contains; nothing else inline may run.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

BASE_POLICY = (
    "default-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "style-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'"
)


EXECUTABLE_TYPES = ("", "text/javascript", "application/javascript", "module")


def inline_scripts(html: str) -> list[str]:
    """The text of every inline, executable ``<script>`` in a page.

    A plain scan for ``<script`` rather than a full HTML parse: run on every page of the site, it must
    cost little, and theme output is well-formed.
    """
    scripts = []
    position = html.find("<script")
    while position != -1:
        tag_end = html.find(">", position)
        close = html.find("</script>", tag_end)
        if tag_end == -1 or close == -1:
            break
        tag = html[position:tag_end]
        script_type = ""
        if "type=" in tag:
            script_type = tag.split("type=", 1)[1][1:].split(tag.split("type=", 1)[1][0], 1)[0]
        if "src=" not in tag and script_type in EXECUTABLE_TYPES:
            scripts.append(html[tag_end + 1:close])
        position = html.find("<script", close)
    return scripts


def policy_for(html: str) -> str:
    hashes = sorted({
        "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"
        for script in inline_scripts(html)
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
