"""``procedures preview``: the whole site as a reviewer can open it from a downloaded folder.

A pull request's reviewers read the change as readers will, without installing anything: the workflow
uploads this folder and they open ``index.html`` from disk. Published pages link to folders
(``core-procedures/``), which a browser opening files shows as a folder listing, so every link to a
folder is rewritten to its ``index.html``. The preview is built even when only the link check would
fail: that is when a reviewer needs it most. Its summary lists the pages the change affects.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

from selectolax.lexbor import LexborHTMLParser

from .check import _build, read_mkdocs_yml
from .core.reading.problems import Problem
from .core.urls import page_url

PREVIEW_ASSETS = Path(__file__).resolve().parent / "preview_assets"
FILE_WORKER = "assets/procedures/preview/file-worker.js"
LINKING = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"))


def build_preview(config_file: Path, output: Path) -> list[Problem]:
    """Build the site into ``output`` for opening from disk; the problems if it could not be built."""
    project = config_file.resolve().parent
    with tempfile.TemporaryDirectory(prefix="procedures-preview-") as temp:
        site = Path(temp) / "site"
        problems = _build(config_file, site, project, search="theme")  # the word index's files cannot be read from disk
        if problems or not site.exists():
            return problems
        prefix = _site_path(config_file)
        for page in site.rglob("*.html"):
            depth = len(page.relative_to(site).parts) - 1
            page.write_text(file_links(page.read_text("utf-8"), prefix, depth), "utf-8")
        _add_file_search(site)
        shutil.rmtree(output, ignore_errors=True)
        shutil.copytree(site, output)
    return []


def file_links(html: str, site_path: str = "/", depth: int = 0) -> str:
    """The page with every link to a folder of the site pointing at that folder's ``index.html``.

    Links written from the site's root (the 404 page has them, as ``/assets/...``) are made relative
    to the page, which is ``depth`` folders below the root of the preview.
    """
    tree = LexborHTMLParser(html)
    for tag, attribute in LINKING:
        for node in tree.css(f"{tag}[{attribute}]"):
            url = node.attributes[attribute] or ""
            if url.startswith(site_path) and not url.startswith("//"):
                url = ("../" * depth) + url[len(site_path):] or "./"
            node.attrs[attribute] = _to_file(url)
    # Opened from disk, every file is its own origin: the policy's 'self' would block the site's own scripts.
    for meta in tree.css('meta[http-equiv="Content-Security-Policy"]'):
        meta.decompose()
    return "<!doctype html>\n" + (tree.html or "").removeprefix("<!DOCTYPE html>").lstrip()


def _add_file_search(site: Path) -> None:
    """Search from disk: the index as a script (the theme loads it on file://) and a worker stand-in."""
    index = site / "search" / "search_index.json"
    if not index.exists():
        return
    data = json.loads(index.read_text("utf-8"))
    for document in data.get("docs", []):  # results open files, not folders
        document["location"] = _to_file(document.get("location", "")) if document.get("location") else "index.html"
    (site / "search" / "search_index.js").write_text("var __index = " + json.dumps(data), "utf-8")
    target = site / FILE_WORKER
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PREVIEW_ASSETS / "file-worker.js", target)
    for page in site.rglob("*.html"):
        depth = len(page.relative_to(site).parts) - 1
        tag = f'<script src="{"../" * depth}{FILE_WORKER}"></script>'
        html = page.read_text("utf-8")
        marker = html.find('<script src="' + "../" * depth + "assets/javascripts/bundle.")
        if marker != -1:  # before the theme's bundle, which starts the search worker
            page.write_text(html[:marker] + tag + html[marker:], "utf-8")


def _site_path(config_file: Path) -> str:
    """The path of ``site_url`` (``/`` or ``/procedures/``), from which absolute links start."""
    path = urlparse(str(read_mkdocs_yml(config_file).get("site_url") or "/")).path or "/"
    return path if path.endswith("/") else path + "/"


def _to_file(url: str) -> str:
    if not url or url.startswith(("#", "/", "mailto:", "tel:", "data:")) or "://" in url:
        return url
    path, hash_, fragment = url.partition("#")
    path, question, query = path.partition("?")
    if path in ("", "."):
        path = "index.html" if path or not hash_ else path  # "#3.21" alone stays on the page
    elif path.endswith("/"):
        path += "index.html"
    elif path.rsplit("/", 1)[-1] in (".", ".."):
        path += "/index.html"
    return f"{path}{question}{query}{hash_}{fragment}"


def changed_pages(project: Path, base: str, procedures_folder: str, docs_folder: str) -> list[str]:
    """Paths (in the preview) of the pages whose source changed since ``base``."""
    result = subprocess.run(["git", "diff", "--name-only", base, "--"], cwd=project, capture_output=True, text=True)
    pages = []
    for name in result.stdout.split():
        for folder in (procedures_folder, docs_folder):
            prefix = folder.rstrip("/") + "/"
            if name.startswith(prefix) and name.endswith(".md") and "/_archive/" not in f"/{name}":
                pages.append(page_url(name[len(prefix):]) + "index.html")
    return sorted(set(pages))


def summary(pages: list[str], artifact: str = "site-preview") -> str:
    """Markdown for the job summary: what changed, and how to open it."""
    if not pages:
        return f"No chapter or page changed. The **{artifact}** artifact has the whole site: unzip it, open `index.html`."
    items = "\n".join(f"- `{page}`" for page in pages)
    return (f"### Pages this change affects\n\n{items}\n\nDownload the **{artifact}** artifact, unzip it and open "
            "these files (or `index.html`) in a browser.")


