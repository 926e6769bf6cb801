"""The history of every chapter: archived versions, comparisons between them and the Atom feed.

Imports the ``manual`` and everything below it; never the ``pages``.
"""
