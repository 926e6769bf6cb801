"""The editors' commands behind ``procedures``: amend, new chapter, reviews due, move.

The very top: imports ``content`` and anything below; nothing imports it but the command line.
"""
