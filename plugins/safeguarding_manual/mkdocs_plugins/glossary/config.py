"""Settings of the ``glossary`` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class GlossaryConfig(Config):
    #: The glossary file, relative to ``mkdocs.yml``.
    file = c.Type(str, default="glossary.yml")
    #: Link the first use of a term on each ``page`` or in each ``section`` (level-2 heading).
    link_first = c.Choice(("page", "section"), default="page")
    #: Pages (source paths) never linked, besides the glossary page itself.
    exclude = c.ListOfItems(c.Type(str), default=[])
