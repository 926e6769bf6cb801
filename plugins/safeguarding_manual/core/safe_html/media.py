"""Which files kept beside chapters (and in ``docs/``) may be published as they are.

A file copied into the site is served from the site's own address, so a stray ``.html`` or ``.js``
file would run with the site's authority and outside every check. Only documents and images are
published; an SVG image is published only if it holds no script, event handler or outside reference,
since a browser runs scripts in an SVG opened on its own.
"""

from __future__ import annotations

from pathlib import PurePosixPath

from selectolax.lexbor import LexborHTMLParser

from .allowed import normalised_url

PUBLISHABLE_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .webp .avif .svg .pdf .doc .docx .xls .xlsx .ppt .pptx .odt .ods .odp .rtf .txt .csv "
    ".mp3 .m4a .mp4 .webm .vtt .zip .json".split()
)
#: Files that are part of a folder's workings, not content (the folder's own notes, editor settings).
IGNORED_NAMES = frozenset({".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "README.md", ".pages"})
_SVG_FORBIDDEN = frozenset({"script", "foreignobject", "iframe", "object", "embed", "style", "use", "image",
                            "animate", "set", "animatemotion", "animatetransform", "handler", "listener"})


def media_problem(src_uri: str, data: bytes) -> str | None:
    """Why the file at ``src_uri`` (with ``data``) may not be published, or None when it may."""
    suffix = PurePosixPath(src_uri).suffix.lower()
    if suffix not in PUBLISHABLE_SUFFIXES:
        kind = "web page" if suffix in (".html", ".htm", ".xhtml", ".shtml") else f"'{suffix or 'no extension'}' file"
        return (f"a {kind} cannot be published as it is: it would be served by the site without its safety "
                f"checks. Publish images or documents ({', '.join(sorted(s[1:] for s in PUBLISHABLE_SUFFIXES))}); "
                "write pages as Markdown.")
    if suffix == ".svg":
        return _svg_problem(data)
    return None


def _svg_problem(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return "the SVG image is not UTF-8 text; export it again as a plain SVG."
    for node in LexborHTMLParser(text).root.traverse(include_text=False):  # type: ignore[union-attr]
        tag = (node.tag or "").lower()
        if tag in _SVG_FORBIDDEN:
            return (f"the SVG image contains <{tag}>, which can run code or load other files; export it again as "
                    "a plain drawing (or as PNG).")
        for name, value in node.attributes.items():
            name = name.lower()
            if name.startswith("on"):
                return f"the SVG image has an event handler ({name}=); export it again as a plain drawing."
            if name.endswith("href") and value and not normalised_url(value).startswith("#"):
                return "the SVG image links or refers to another file; export it again as a plain drawing."
    return None
