"""The Content-Security-Policy, and the last look at every page before it is written.

The policy allows scripts only from the site's own files (``script-src 'self'``): no inline script
at all, so no hash is ever computed from the page being written and nothing injected into a page can
be allow-listed by mistake. The theme's few inline scripts are replaced by files in
``templates/partials/javascripts``. Every HTML file we write carries the policy, redirect pages and
the 404 page included. Search runs in a worker from the site's own files, in plain JavaScript: no
WebAssembly, no ``eval``.

:func:`page_problems` is the backstop behind escaping and the sanitiser: it parses the finished page
as a browser would and refuses the build if any script, event handler or script URL got through.
"""

from __future__ import annotations

from markupsafe import escape
from selectolax.lexbor import LexborHTMLParser

from .allowed import URL_ATTRIBUTES, normalised_url, url_problem

POLICY = (
    "default-src 'self'; script-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "style-src 'self'; object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'"
)
#: ``<script type>`` values a browser does not run.
INERT_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json"})
FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "object", "embed", "applet", "base", "portal"})


def policy_meta() -> str:
    return f'<meta http-equiv="Content-Security-Policy" content="{escape(POLICY)}">'


def add_policy_meta(html: str) -> str:
    """Insert the policy as the first element of ``<head>``, before any script."""
    head = html.find("<head>")
    if head == -1:
        return html
    insert_at = head + len("<head>")
    return html[:insert_at] + "\n    " + policy_meta() + html[insert_at:]


def page_problems(html: str) -> list[str]:
    """What in a finished page could run code or load a third party; empty when the page is safe.

    Every element's every attribute is looked at (a page has thousands); the work per attribute is kept
    small, since a build with an empty cache looks at every page: a URL without a colon has no scheme, so it
    cannot be a script URL, and is passed over before it is normalised."""
    problems: list[str] = []
    for node in LexborHTMLParser(html).root.traverse(include_text=False):  # type: ignore[union-attr]
        tag = node.tag or ""
        attributes = {name.lower(): value or "" for name, value in node.attributes.items()}
        if tag == "script":
            problems += _script_problems(attributes, node.text(deep=True))
        elif tag in FORBIDDEN_ELEMENTS:
            problems.append(f"a <{tag}> element")
        elif tag == "meta" and attributes.get("http-equiv", "").lower() not in ("", "content-security-policy",
                                                                                  "refresh", "content-type"):
            problems.append(f"a <meta http-equiv=\"{attributes['http-equiv']}\">")
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"an event handler {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and ":" in value and _is_script_url(value):
                problems.append(f"a script URL in {name}= on <{tag}>")
    return problems


def _is_script_url(value: str) -> bool:
    return bool(url_problem(value, embedded=False)) and \
        normalised_url(value).split(":", 1)[0].lower() in ("javascript", "vbscript", "data")


def _script_problems(attributes: dict[str, str], text: str) -> list[str]:
    script_type = attributes.get("type", "").strip().lower()
    if script_type in INERT_SCRIPT_TYPES:
        return []
    source = attributes.get("src")
    if source is None:
        return [f"an inline script ({' '.join(text.split())[:60]!r})"]
    if url_problem(source, embedded=True):
        return [f"a script from another website ({source[:60]})"]
    return []
