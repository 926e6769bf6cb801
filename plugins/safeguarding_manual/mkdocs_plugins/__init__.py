"""Thin MkDocs adapters over :mod:`safeguarding_manual.core`."""
