"""Which area's site a build makes, and how that site presents itself.

The area comes from the ``procedures`` plugin's ``area`` setting or, for ``procedures build --area``
and ``build-all``, from the ``PROCEDURES_AREA`` variable; without either, the build makes the
regional site (or the only site of a repository without ``areas/``).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..core.areas.settings import Area, area_key_problem
from ..core.safe_html.escape import html_ready

AREA_VARIABLE = "PROCEDURES_AREA"


def chosen_area(config: MkDocsConfig, project: Path) -> str | None:
    """The area to build, checked to be a folder of ``areas/`` (None: the regional site)."""
    plugin = config.plugins.get("procedures")
    key = getattr(getattr(plugin, "config", None), "area", None) or os.environ.get(AREA_VARIABLE) or None
    if key is None:
        return None
    problem = area_key_problem(project, key)
    if problem:
        raise PluginError(problem)
    return key


def present_area(config: MkDocsConfig, area: Area, title: str) -> None:
    """The area's site has the area's name, publisher and address (escaped: the theme prints them as they are)."""
    config.site_name = html_ready(title)
    config.site_description = html_ready(f"Safeguarding children procedures and local content for {area.name}.")
    config.copyright = html_ready(f"Published by {area.partnership}, with the shared regional procedures.")
    if area.site_url:
        config.site_url = area.site_url
    elif config.site_url:
        config.site_url = config.site_url.rstrip("/") + f"/{area.key}/"
