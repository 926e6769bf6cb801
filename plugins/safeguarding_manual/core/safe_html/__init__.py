"""The trust boundary: every string from content reaches HTML through here, escaped or checked.

Owns the allowed HTML (elements, attributes, URL schemes), the sanitiser that checks converted
Markdown against it, escaping helpers and the Content-Security-Policy. Imports only ``reading``.
"""
