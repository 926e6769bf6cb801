"""The package's own CSS, JavaScript and theme overrides, added to the site."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ASSETS_DIR = PACKAGE_DIR / "assets"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
SITE_ASSETS = "assets/procedures"


def register_assets(config: MkDocsConfig) -> None:
    """Add our stylesheet and script to every page and our templates to the theme."""
    for path in sorted(ASSETS_DIR.iterdir()):
        uri = f"{SITE_ASSETS}/{path.name}"
        if path.suffix == ".css" and uri not in config.extra_css:
            config.extra_css.append(uri)
        elif path.suffix == ".js" and all(str(s) != uri for s in config.extra_javascript):
            config.extra_javascript.append(uri)
    templates = str(TEMPLATES_DIR)
    if templates not in config.theme.dirs:
        position = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(position, templates)


def add_asset_files(files: Files, config: MkDocsConfig) -> None:
    """Our stylesheet and script, and the theme's inline scripts as files (``assets/theme/``)."""
    for path in sorted(ASSETS_DIR.rglob("*")):
        uri = f"{SITE_ASSETS}/{path.relative_to(ASSETS_DIR).as_posix()}"
        if path.is_file() and files.get_file_from_path(uri) is None:
            files.append(File.generated(config, uri, abs_src_path=str(path)))
