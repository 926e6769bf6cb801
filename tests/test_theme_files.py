"""MkDocs adds the same theme files to the site whether the theme's folders are listed whole or without
their hidden parts (mkdocs_plugins.theme_files)."""

from __future__ import annotations

from pathlib import Path

import jinja2
from conftest import copy_example_manual
from mkdocs.config import load_config
from mkdocs.structure.files import Files

from safeguarding_manual.mkdocs_plugins.theme_files import VisibleFilesLoader, list_visible_theme_files


def _theme_files(config, env: jinja2.Environment) -> dict[str, str]:  # type: ignore[no-untyped-def]
    files = Files([])
    files.add_files_from_theme(env, config)
    return {file.src_uri: file.abs_src_path for file in files}


def test_the_theme_files_mkdocs_adds_are_the_same(tmp_path: Path) -> None:
    project = copy_example_manual(tmp_path)
    custom = project / "overrides"
    (custom / ".hidden").mkdir(parents=True)
    (custom / ".hidden" / "secret.css").write_text("x", "utf-8")
    (custom / "assets").mkdir()
    (custom / "assets" / "extra.css").write_text("x", "utf-8")
    (custom / "assets" / ".DS_Store").write_text("x", "utf-8")
    config = load_config(str(project / "mkdocs.yml"), theme={"name": "material", "custom_dir": str(custom)})
    whole = config.theme.get_env()
    assert type(whole.loader) is jinja2.FileSystemLoader
    list_visible_theme_files(config.theme)
    visible = config.theme.get_env()
    assert isinstance(visible.loader, VisibleFilesLoader)
    assert len(whole.list_templates()) > 10_000 > len(visible.list_templates()), "Material's hidden icons"
    added = _theme_files(config, visible)
    assert added == _theme_files(config, whole)
    assert "assets/extra.css" in added and not any("/." in f"/{name}" for name in added)


def test_the_theme_is_wrapped_once(tmp_path: Path) -> None:
    config = load_config(str(copy_example_manual(tmp_path) / "mkdocs.yml"))
    list_visible_theme_files(config.theme)
    once = config.theme.get_env
    list_visible_theme_files(config.theme)
    assert config.theme.get_env is once
