"""Resolving the relative links editors write between chapters."""

from __future__ import annotations

import posixpath


def resolve_link(from_src_uri: str, target: str) -> tuple[str, str] | None:
    """Resolve a relative Markdown link to ``(src_uri, fragment)``; None for external or non-page links."""
    if not target or "://" in target or target.startswith(("mailto:", "tel:", "/")):
        return None
    path, _, fragment = target.partition("#")
    if not path:
        return from_src_uri, fragment
    if not path.endswith(".md"):
        return None
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(from_src_uri), path))
    return resolved, fragment
