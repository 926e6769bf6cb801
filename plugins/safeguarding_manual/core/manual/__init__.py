"""The content model: a manual of parts and chapters with numbered paragraphs, and its checks.

Loads ``procedures/`` into :class:`~.model.Manual` and judges what needs more than one file
(IDs, links, addresses). Imports ``reading``, ``safe_html``, ``thresholds``, ``urls`` and ``dates``.
"""
