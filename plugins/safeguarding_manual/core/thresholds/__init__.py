"""The threshold document: levels of need, domains, indicators and responses, and its HTML.

Imports ``reading``, ``safe_html`` and ``urls``; the manual loads a threshold chapter through it.
"""
