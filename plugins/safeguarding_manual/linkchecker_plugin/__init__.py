"""Plugins for linkchecker, copied into a private plugin folder by ``check.py`` for each run (see page_anchors)."""
