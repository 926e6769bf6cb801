"""The glossary: entries from ``glossary.yml``, the matcher that finds terms in text, the glossary page.

Imports ``reading``, ``safe_html``, ``urls``; knows nothing of chapters.
"""
