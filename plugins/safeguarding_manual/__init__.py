"""Publish local safeguarding children procedures in the London format.

``core`` is plain Python (no MkDocs import) so the content model can move to
another site generator; ``markdown_ext`` holds Python-Markdown extensions;
``mkdocs_plugins`` are thin adapters that wire the core into MkDocs.
"""

__version__ = "0.1.0"
