"""The HTML that content may produce, allowed by name: elements, attributes, classes, ids and URLs.

One list serves the check on the Markdown source (which gives the best line numbers) and the
sanitiser of the converted HTML (which sees what a browser will see). Anything not named here is
refused with a message; nothing is silently stripped, so an editor never loses text unawares.
"""

from __future__ import annotations

import re

#: Elements editors may write as raw HTML, and that Python-Markdown and our extensions produce.
ALLOWED_ELEMENTS = frozenset(
    "a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em figcaption figure "
    "h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark nav ol p pre q s section small span strong sub summary sup "
    "table tbody td tfoot th thead time tr u ul".split()
)
#: Elements that run code, load other documents, take input or change how the page is read.
DANGEROUS_ELEMENTS = frozenset(
    "script noscript iframe frame frameset object embed applet form input button select textarea style link meta "
    "base svg math template portal audio video source track canvas dialog slot title head body html "
    "plaintext xmp noembed noframes param picture map area".split()
)
ALLOWED_ATTRIBUTES = frozenset(
    "href title alt src width height id class lang dir colspan rowspan scope headers open cite datetime abbr "
    "start reversed type value span".split()
)
#: Attributes whose value is a URL that the browser follows or loads.
URL_ATTRIBUTES = frozenset({"href", "src", "cite", "action", "formaction", "poster", "srcset", "xlink:href",
                            "background", "longdesc", "usemap", "data", "codebase", "ping"})
#: Attributes whose URL is loaded with the page (not followed by a click): never a third party.
EMBEDDING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "background", "data"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: ``<ol type>`` values: numbers, letters and roman numerals.
LIST_TYPES = frozenset({"1", "a", "A", "i", "I"})

#: Classes the site styles or that our Markdown extensions and Python-Markdown give; no theme (``md-``)
#: class, which the theme's scripts act on.
ALLOWED_CLASSES = frozenset(
    "no-glossary numbered-paragraph paragraph-number paragraph-body numbered-section glossary-term headerlink "
    "admonition admonition-title toc caption "
    "note abstract summary tldr info todo tip hint important success check done question help faq warning "
    "caution attention failure fail missing danger error bug example quote cite "
    "manual-status manual-edition entry-points part-list whats-new under-review-list contents-table status-flag "
    "status-flag--updated status-flag--under-review status-flag--withdrawn status-flag--review-overdue review-overdue "
    "reviews-table threshold-contents age-filter no-indicators filtered-empty superseded-marker cell-label amendment-effect change-date amendments-table glossary-az glossary "
    "used-in labelled-list item-label amendment-date paragraph-cite paragraph-status "
    "local-label local-content local-content__title local-content__body local-content__record local-note-version "
    "local-contact".split()
)
#: Classes only our extensions may give; in raw HTML or an attribute list they would forge a paragraph.
GENERATED_CLASSES = frozenset({"numbered-paragraph", "paragraph-number", "paragraph-body", "numbered-section",
                               "glossary-term", "headerlink", "labelled-list", "item-label", "paragraph-cite",
                               "paragraph-status", "local-label", "local-content", "local-content__title",
                               "local-content__body", "local-content__record", "local-note-version", "local-contact"})

#: Ids of what the page adds around the content after conversion: an element of the content with
#: one of these would take the links meant for them. (Ids our generators put inside the Markdown of
#: generated pages are protected by the check that every id on a page is unique.)
RESERVED_IDS = frozenset(
    "chapter-title page-title permanent-title amendment-title review-banner-title withdrawn-banner-title superseded-title related-title "
    "versions versions-title changes levels indicators".split()
)
RESERVED_ID_PREFIXES = ("__", "md-", "level-", "indicator-", "domain-", "row-", "col-level-", "change-")
#: Fenced code blocks name their language as a class (``language-yaml``).
CODE_LANGUAGE_CLASS = re.compile(r"language-[a-z0-9+#-]{1,30}")
PARAGRAPH_ID = re.compile(r"[0-9]+\.[0-9]+")
#: The anchor of a labelled item of a numbered paragraph: 1.5-a, 1.5-b-iii.
ITEM_ID = re.compile(r"[0-9]+\.[0-9]+-.*")
SECTION_ID = re.compile(r"section-[0-9]+")

_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def normalised_url(value: str) -> str:
    """The URL as a browser reads it: tabs and newlines removed, control characters and spaces trimmed."""
    return _TAB_OR_NEWLINE.sub("", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                               "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")


def url_problem(value: str, *, embedded: bool) -> str | None:
    """Why a URL may not appear in content, or None when it may.

    ``value`` must already have its character references decoded (as every HTML parser does).
    Links may go anywhere over http(s), mailto or tel; anything loaded with the page must be a file
    of the site, so the site makes no request to a third party.
    """
    url = normalised_url(value)
    scheme = _SCHEME.match(url)
    if embedded:
        if scheme or url.startswith(("//", "\\\\", "/\\", "\\/")):
            what = f"'{scheme.group(1).lower()}:' URL" if scheme and scheme.group(1).lower() not in ("http", "https") \
                else "file from another website"
            return (f"loads a {what}; the site makes no request to other websites. Keep the file beside the "
                    "chapter (for example images/diagram.png) and link to it by its relative path.")
        return None
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return (f"uses a '{scheme.group(1).lower()}:' URL, which is not allowed; link to a web page "
                "(https://...), an email address (mailto:) or a telephone number (tel:).")
    return None


def attribute_problem(element: str, name: str, value: str) -> str | None:
    """Why an attribute may not appear on an element in content, or None when it may."""
    if name.startswith("on"):
        return f"the attribute {name}= on <{element}> is an event handler; scripts are not allowed in content."
    if name == "style":
        return (f"the style= attribute on <{element}> is not allowed: inline styles can hide content and are "
                "blocked by the site's Content-Security-Policy. Use Markdown formatting instead.")
    if name == "hidden":
        return f"the hidden attribute on <{element}> is not allowed: readers must see everything that is published."
    if name.startswith("data-"):
        return f"the attribute {name}= on <{element}> is not allowed: data attributes steer the site's scripts."
    if name not in ALLOWED_ATTRIBUTES and not name.startswith("aria-"):
        return f"the attribute {name}= on <{element}> is not allowed."
    if name in URL_ATTRIBUTES:
        problem = url_problem(value, embedded=name in EMBEDDING_ATTRIBUTES)
        return f"the {name}= on <{element}> {problem}" if problem else None
    if name == "type" and (element != "ol" or value not in LIST_TYPES):
        return (f"type=\"{value}\" on <{element}> is not allowed; only an ordered list may have a type "
                "(1, a, A, i or I).")
    if name == "class":
        unknown = [token for token in value.split()
                   if token not in ALLOWED_CLASSES and not CODE_LANGUAGE_CLASS.fullmatch(token)]
        if unknown:
            return (f"the class '{unknown[0]}' on <{element}> is not one the site uses; remove it "
                    "(allowed: no-glossary and the admonition types).")
    if name == "id":
        return id_problem(value)
    return None


def id_problem(value: str) -> str | None:
    """Ids of the page's own furniture, of the theme and of paragraphs are not the content's to give."""
    if value in RESERVED_IDS or value.startswith(RESERVED_ID_PREFIXES):
        return f"the id '{value}' is used by the page itself; choose another."
    if not value.strip() or any(ch.isspace() for ch in value):
        return f"the id '{value}' is empty or has a space in it; use letters, digits and hyphens."
    return None
