"""The content model, validation and rendering helpers, free of any MkDocs import.

Sub-packages, lowest first; a package may import only from those above it in this list:

- ``urls``, ``dates``: site addresses and UK dates (no imports from the package);
- ``reading``: editors' files as text and YAML with lines, the field schema, problems as file:line;
- ``safe_html``: the trust boundary: escaping, the allowed HTML, the sanitiser and the CSP;
- ``thresholds``: the threshold document (continuum of need) and its page;
- ``manual``: the content model: parts, chapters, numbered paragraphs, cross-file checks;
- ``glossary``: terms, the matcher that finds them in text, the glossary page;
- ``history``: archived versions, comparisons and the feed;
- ``pages``: the HTML around chapters and the generated pages (contents, amendments, redirects);
- ``content``: everything loaded and validated in one call; ``editing``: the editors' commands.
"""
