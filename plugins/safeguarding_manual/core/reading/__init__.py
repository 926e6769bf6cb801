"""Reading editors' files: text with its encoding checked, YAML that remembers lines, the field schema.

Owns :class:`~.problems.Problem` (``file:line: message``) and the limits on what a file may hold.
Imports nothing else from ``core``: every other package builds on it.
"""
