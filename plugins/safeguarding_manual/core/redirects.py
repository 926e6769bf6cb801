"""Small pages that keep old chapter URLs working after a file is renamed or moved."""

from __future__ import annotations

from html import escape


def redirect_page(target_url: str, title: str) -> str:
    target = escape(target_url)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>Moved: {escape(title)}</title>"
        f'<meta http-equiv="refresh" content="0; url={target}">'
        f'<link rel="canonical" href="{target}"><meta name="robots" content="noindex">'
        f'</head><body><main><h1>This chapter has moved</h1><p><a href="{target}">Go to {escape(title)}</a>.</p>'
        "</main></body></html>\n"
    )
