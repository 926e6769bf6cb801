"""The HTML we build around content: chapter header and footer, contents, amendments, redirects.

The top of the model: may import every package but ``content`` and ``editing``. Every string it
places comes from content and goes through ``safe_html``.
"""
