"""The one check editors and CI run: validate, build strictly, check every link and anchor.

Problems from every stage are gathered and reported together as
``file:line: message`` (plus ``::error`` annotations inside GitHub Actions).
The site is built in a temporary folder and only moved to ``--output`` when
everything passed, so a broken change never replaces the last good site.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import importlib.util
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml

from .core.content import Content, load_content
from .core.areas.glossary import site_glossary
from .core.areas.settings import area_key_problem, area_keys, load_area
from .core.history.unarchived import unarchived_changes
from .core.manual.continuity import lost_addresses
from .core.reading.problems import ContentError, Problem, ProblemList
from .checked_pages import CheckedPages
from .gitbase import GitBaseError, chapters_at, notes_at
from .mkdocs_plugins.areas import AREA_VARIABLE
from .mkdocs_plugins.atomic import replace_folder
from .mkdocs_plugins.search_index import ENGINE, ENGINE_VARIABLE
from .serving import serve_folder

PLUGIN_LINE = re.compile(r"^(?:ERROR|WARNING)\s+-\s+safeguarding_manual: (?P<text>.+)$")
MKDOCS_LINE = re.compile(r"^(?P<level>ERROR|WARNING)\s+-\s+(?P<text>.+)$")
DOC_FILE = re.compile(r"Doc file '(?P<file>[^']+)'")
LOCATED = re.compile(r"^(?P<file>[^:\s]+):(?P<line>[0-9]+)?:? (?P<message>.+)$")


def run_check(config_file: Path, *, output: Path | None = None, external: bool = False,
              base: str | None = None, accessibility: bool = False, area: str | None = None,
              links: bool = True) -> list[Problem]:
    """Every problem found; an empty list means the site is good (and was published to ``output``).

    With ``base`` (a git commit such as ``origin/main``), also every chapter address published at that
    commit must still be served, and every text published there must be current or archived. With
    ``area``, the site checked is that area's (see ``core.areas``); ``links=False`` leaves out linkchecker.
    """
    project = config_file.resolve().parent
    settings = _plugin_settings(config_file)
    if area is not None and (problem := area_key_problem(project, area)):
        return [Problem("areas", None, problem)]
    with tempfile.TemporaryDirectory(prefix="procedures-check-") as temp:
        site = Path(temp) / "site"
        # The strict build runs beside the source checks (3 s at 1,000 chapters, a tenth of a check after an
        # edit); their problems come first, and when there are any the build is stopped and never reported.
        with started_build(config_file, site, project, area=area) as build_result:
            problems = _source_problems(project, settings, base, area)
            if problems:
                return problems.sorted()
            problems.problems.extend(build_result())
        if not problems and site.exists() and links:
            problems.problems.extend(_check_links(site, project, external))
        if not problems and accessibility:
            from .accessibility import check_accessibility

            problems.problems.extend(check_accessibility(site))
        if not problems and output is not None:
            _publish(site, output)
    return problems.sorted()


def _source_problems(project: Path, settings: dict, base: str | None, area: str | None) -> ProblemList:
    """Our own checks of the sources (and, with ``base``, against that commit), before anything is built."""
    problems = ProblemList(project)
    area_settings = load_area(project, area, problems) if area else None
    glossary_anchors = (site_glossary(project / settings["glossary_file"], area_settings, problems).anchors()
                        if settings["glossary_enabled"] else None)
    try:
        content = load_content(project / settings["procedures_dir"], project_root=project,
                               other_pages=_docs_pages(project, settings), glossary_anchors=glossary_anchors,
                               area=area)
        if base is not None:
            problems.problems.extend(_compare_with_base(base, project, settings["procedures_dir"], content))
    except ContentError as error:
        problems.problems.extend(error.problems)
    return problems


def _compare_with_base(base: str, project: Path, procedures_folder: str, content: Content) -> list[Problem]:
    """What the change would lose against ``base``: published addresses, and published text not archived."""
    if content.area is not None:  # an area's check compares the area's own chapters; the region's check the rest
        procedures_folder = content.area.procedures_dir.resolve().relative_to(project).as_posix()
    try:
        earlier = chapters_at(base, project / procedures_folder) if (project / procedures_folder).is_dir() else []
    except GitBaseError as error:
        return [Problem(procedures_folder, None, f"cannot compare with --base {base}: {error}")]
    return (lost_addresses(earlier, content.manual, procedures_folder, base)
            + unarchived_changes(earlier, content.manual, content.history.versions, procedures_folder, base)
            + _unarchived_notes(base, project, content))


def _unarchived_notes(base: str, project: Path, content: Content) -> list[Problem]:
    """An area's note whose words changed since ``base`` without a new version would lose the words published."""
    if content.area is None or not content.notes:
        return []
    try:
        earlier = notes_at(base, content.area.notes_dir)
    except GitBaseError as error:
        return [Problem("areas", None, f"cannot compare with --base {base}: {error}")]
    problems = []
    for note in content.notes:
        version, text = earlier.get(note.source_path.name, (None, ""))
        file = note.source_path.resolve().relative_to(project).as_posix()
        if version is not None and note.version < version:
            problems.append(Problem(file, note.line_of("version"), f"the note is version {note.version} but was "
                                    f"already version {version} at {base}; versions only go up."))
        elif version == note.version and text != note.body:
            problems.append(Problem(file, note.line_of("version"), (
                f"the words of this note changed since {base}, but it is still version {version}, so the text "
                f"published until now would be lost. Run 'procedures amend --area {content.area.key} --note "
                f"{note.source_path.name} --summary \"...\"' on the text as it was at {base}, then make the change.")))
    return problems


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as plain data: MkDocs' own tags (``!ENV`` and friends) read as nothing."""


_ConfigLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_mkdocs_yml(config_file: Path) -> dict:
    return yaml.load(config_file.read_text("utf-8"), Loader=_ConfigLoader) or {}


def _plugin_settings(config_file: Path) -> dict:
    """The few settings of mkdocs.yml the check needs, read without running MkDocs."""
    data = read_mkdocs_yml(config_file)
    settings = {"procedures_dir": "procedures", "glossary_file": "glossary.yml", "glossary_enabled": False,
                "docs_dir": data.get("docs_dir", "docs")}
    for plugin in data.get("plugins") or []:
        name, options = (plugin, {}) if isinstance(plugin, str) else next(iter(plugin.items()))
        options = options or {}
        if name == "procedures":
            settings["procedures_dir"] = options.get("procedures_dir", "procedures")
        elif name == "glossary":
            settings["glossary_enabled"] = True
            settings["glossary_file"] = options.get("file", "glossary.yml")
    return settings


def _docs_pages(project: Path, settings: dict) -> set[str]:
    docs = project / settings["docs_dir"]
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")} if docs.exists() else set()


def _build(config_file: Path, site: Path, project: Path, search: str = ENGINE,
           area: str | None = None) -> list[Problem]:
    """Build with strict MkDocs in its own process; ``search="theme"`` keeps the theme's own search.

    With ``area``, the site built is that area's (the plugins read ``PROCEDURES_AREA``).
    """
    with started_build(config_file, site, project, search, area) as build_result:
        return build_result()


@contextlib.contextmanager
def started_build(config_file: Path, site: Path, project: Path, search: str = ENGINE,
                  area: str | None = None) -> Iterator[Callable[[], list[Problem]]]:
    """A strict build started in a process of its own; gives a function that waits for it and returns its problems.

    Left before that function was called, the build is stopped, with every process it started (the copying
    of frozen pages), so none of them writes into ``site`` after it is gone.
    """
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as log:
        process = subprocess.Popen(build_command(config_file, site), stdout=subprocess.DEVNULL, stderr=log,
                                   env=build_environment(search, area), cwd=project, start_new_session=True)

        def build_result() -> list[Problem]:
            returncode = process.wait()
            log.seek(0)
            return build_problems(returncode, log.read(), config_file, project)

        try:
            yield build_result
        finally:
            if process.poll() is None:
                _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Stop a build and whatever it started (its own session: ``start_new_session``; where the system has no
    process groups, the build alone)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (AttributeError, ProcessLookupError, PermissionError):
        process.kill()
    process.wait()


def build_command(config_file: Path, site: Path) -> list[str]:
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "-f", str(config_file), "-d", str(site)]


def build_environment(search: str = ENGINE, area: str | None = None) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore", ENGINE_VARIABLE: search}
    env.pop(AREA_VARIABLE, None)
    if area is not None:
        env[AREA_VARIABLE] = area
    return env


def build_problems(returncode: int, stderr: str, config_file: Path, project: Path) -> list[Problem]:
    """The problems a build logged, as ``file:line: message``; a failure that logged none is one too."""
    problems = [_problem_from_log(line, config_file, project) for line in stderr.splitlines()]
    found = [p for p in problems if p is not None]
    if returncode != 0 and not found:
        tail = stderr.strip().splitlines()[-1:] or ["unknown error"]
        found.append(Problem(config_file.name, None, f"the site build failed: {tail[0]}"))
    return found


def _problem_from_log(line: str, config_file: Path, project: Path) -> Problem | None:
    own = PLUGIN_LINE.match(line)
    if own:
        located = LOCATED.match(own.group("text"))
        if located:
            return Problem(located.group("file"), int(located.group("line")) if located.group("line") else None,
                           located.group("message"))
        if "problem(s)" in own.group("text") or "previous site was left" in own.group("text"):
            return None
        return Problem(config_file.name, None, own.group("text"))
    other = MKDOCS_LINE.match(line)
    if not other or "Aborted with" in line:
        return None
    text = other.group("text").strip()
    doc = DOC_FILE.search(text)
    return Problem(_source_of(doc.group("file"), project) if doc else config_file.name, None, text)


def _source_of(src_uri: str, project: Path) -> str:
    for folder in ("docs", "procedures", *(f"areas/{key}/procedures" for key in area_keys(project))):
        if (project / folder / src_uri).exists():
            return f"{folder}/{src_uri}"
    return src_uri


def _check_links(site: Path, project: Path, external: bool) -> list[Problem]:
    """Every link of the built site checked by linkchecker, and every anchor by our linkchecker plugin.

    linkchecker is given every page of the built folder (not only those reachable from the home page),
    and reads each once. Pages it found clean before, unchanged and with link targets unchanged, are left
    out (``checked_pages.py``), unless other websites are checked too. A large site is split between one
    linkchecker process per processor (linkchecker's threads share one Python interpreter, so one process
    uses one processor), each given its share of the pages and every page's anchors.

    linkchecker's own AnchorCheck downloads and parses a page again for every anchor linked
    into it, which never ends on a large manual; ``linkchecker_plugin/page_anchors.py`` checks
    the same anchors inside the same linkchecker run, reading each page once.
    """
    if importlib.util.find_spec("linkcheck") is None:
        return [Problem("mkdocs.yml", None, "linkchecker is not installed; install the project with its test extras.")]
    checked = CheckedPages(site)
    pages = sorted(checked.keys) if external else checked.unchecked()
    if not pages:
        return []
    with tempfile.TemporaryDirectory() as temp, serve_folder(site) as url:
        config = _linkchecker_setup(Path(temp), url, checked.anchors())
        # -r 1: each given page is read and its links checked; the pages they lead to are given too, or clean
        command = [sys.executable, "-c", LINKCHECKER, "-f", str(config), "--no-status", "-o", "csv", "--threads", "4",
                   "--recursion-level", "1", "--stdin"]
        if external:
            command.insert(1, "--check-extern")
        env = {**os.environ, "XDG_DATA_HOME": str(Path(temp) / "data")}
        shares = _shares(pages, site, _processes_for(len(pages)))
        with concurrent.futures.ThreadPoolExecutor(len(shares)) as pool:
            results = list(pool.map(lambda share: _run_linkchecker(command, url, share, env), shares))
    problems: list[Problem] = []
    for result in results:
        if failure := _linkchecker_failure(result):
            return failure
        problems.extend(_link_problems(result.stdout, result.stderr, url_prefix=url))
    problems = list(dict.fromkeys(problems))
    if not external and not any(problem.message.startswith(UNREAD_PROBLEM) for problem in problems):
        # (a page that could not be read leaves the anchors linked into it unjudged: then nothing is kept)
        read = {match["page"] for result in results for line in result.stderr.splitlines()
                if (match := READ_LINE.match(line))}
        troubled = {problem.file for problem in problems}
        checked.keep_clean(page for page in pages if page in read and f"site{page}" not in troubled)
    return problems


#: linkchecker's own command, reading pages with lxml (``linkchecker_plugin/lxml_soup.py``: its own parser
#: was 40% of a first check), and with the modules it imports late imported first. Started as root,
#: linkchecker goes on as the user 'nobody', who may not be able to read the folder Python's library is in
#: (pyenv's, under /root): each import after that fails, and is tried again, searching every folder of the
#: path, each time it is reached. requests looks for a .netrc file with ``from netrc import netrc`` before
#: every request.
LINKCHECKER = ("import netrc, sys\nfrom safeguarding_manual.linkchecker_plugin import lxml_soup\nlxml_soup.install()\n"
               "from linkcheck.command.linkchecker import linkchecker\nsys.argv[0] = 'linkchecker'\n"
               "sys.exit(linkchecker())")

#: Fewest pages worth a linkchecker process of their own (one takes about a second to start).
PAGES_PER_PROCESS = 250


def _processes_for(pages: int) -> int:
    processors = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(processors, pages // PAGES_PER_PROCESS))


def _shares(pages: list[str], site: Path, count: int) -> list[list[str]]:
    """``pages`` cut into ``count`` runs of neighbours of about equal size in bytes (the work of reading them).

    Neighbours, because a page links most to pages of its own folder, which a process then checks once.
    """
    sizes = [_size_of(site, page) for page in pages]
    total = sum(sizes) or 1
    shares: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for page, size in zip(pages, sizes):  # each page goes to the share its middle byte falls in
        shares[min(count - 1, (2 * done + size) * count // (2 * total))].append(page)
        done += size
    return [share for share in shares if share]


def _size_of(site: Path, page: str) -> int:
    path = site / urllib.parse.unquote(page).lstrip("/")
    return (path / "index.html" if path.is_dir() else path).stat().st_size


def _run_linkchecker(command: list[str], url: str, pages: list[str],
                     env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    addresses = "\n".join(url + urllib.parse.quote(page.lstrip("/")) for page in pages)
    return subprocess.run(command, input=addresses, capture_output=True, text=True, env=env)


def _linkchecker_failure(result: subprocess.CompletedProcess[str]) -> list[Problem]:
    """A linkchecker run that stopped part way (exit code 2 is its internal error) is a failed check, not a pass."""
    finished = "# Stopped checking at" in result.stdout  # the last line of a run that went to its end
    if result.returncode in (0, 1) and finished and not any(sign in result.stderr for sign in ("internal error",
                                                                                               "Traceback")):
        return []
    last_lines = " | ".join(line.strip() for line in result.stderr.strip().splitlines()[-3:])
    return [Problem("site/", None, f"linkchecker stopped before checking the site (exit code {result.returncode}): "
                                   f"{last_lines or 'no message'}. Run the check again; report it if it persists.")]


def _linkchecker_setup(temp: Path, url: str, anchors: dict[str, list[str]]) -> Path:
    """linkchecker's settings, its plugin folder (found through XDG_DATA_HOME) and the site's anchors for the
    plugin, readable by the unprivileged user linkchecker becomes when started as root."""
    plugins = temp / "data" / "linkchecker" / "plugins"
    plugins.mkdir(parents=True)
    shutil.copyfile(Path(__file__).parent / "linkchecker_plugin" / "page_anchors.py", plugins / "page_anchors.py")
    anchors_file = temp / "anchors.json"
    anchors_file.write_text(json.dumps(anchors), "utf-8")
    config = temp / "linkcheckerrc"
    # nofollow: an address of the site with a query (the glossary's "?q=" search links) serves the same page
    # as the address without it. linkchecker still checks that it answers, but does not read it again: at
    # 1,000 chapters it read the 750 KB glossary page once per searchable term. The anchor plugin has the page
    # itself checked in its place.
    nofollow = "^" + re.escape(url) + r"[^#]*\?"
    # internlinks: the whole site is checked, whichever of its pages linkchecker is given (by default only
    # addresses under the first page given would be, and a link from /b/ to /a/ would go unchecked)
    config.write_text("[checking]\nmaxrequestspersecond=1000\n[filtering]\nignorewarnings=http-redirected\n"
                      f"internlinks=^{re.escape(url)}\nnofollow={nofollow}\n[PageAnchorCheck]\nsite_url={url}\n"
                      f"anchors_file={anchors_file}\n", "utf-8")
    for folder in (temp, temp / "data", temp / "data" / "linkchecker", plugins):
        os.chmod(folder, 0o755)
    for file in (config, plugins / "page_anchors.py", anchors_file):
        os.chmod(file, 0o644)
    return config


#: The page anchor plugin's warning (``AnchorLink.warning`` in linkchecker_plugin/page_anchors.py).
ANCHOR_WARNING = re.compile(r"^Anchor not found: (?P<page>/\S*) line (?P<line>[0-9]+) links to (?P<target>\S+): "
                            r"(?P<detail>.+)$")
UNREAD_WARNING = re.compile(r"^could not get content: (?P<detail>.+)$")
UNREAD_PROBLEM = "linkchecker could not check this page:"
#: The anchor plugin's list of the pages whose links linkchecker read (``READ_START``).
READ_LINE = re.compile(r"^Links read: (?P<page>/\S*)$")


def _link_problems(output: str, errors: str, url_prefix: str) -> list[Problem]:
    """linkchecker's broken links and warnings (standard output, CSV) and the anchor plugin's last words (standard
    error), each on the page and line of the site that holds the link."""
    rows = [line for line in output.splitlines() if line and not line.startswith("#")]
    problems: list[Problem] = []
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        if row.get("valid") == "False":
            page = (row.get("parentname") or "").replace(url_prefix, "/") or "/"
            problems.append(Problem(f"site{page}", int(row["line"]) if (row.get("line") or "").isdigit() else None,
                                    f"broken link to {row.get('urlname')}: {row.get('result')}"))
        problems.extend(_warning_problems((row.get("warningstring") or "").splitlines(), row.get("url") or ""))
    problems.extend(_warning_problems(errors.splitlines(), ""))
    return list(dict.fromkeys(problems))


def _warning_problems(warnings: list[str], url: str) -> list[Problem]:
    problems = []
    for text in warnings:
        if match := ANCHOR_WARNING.match(text):
            problems.append(Problem(f"site{match['page']}", int(match["line"]) or None,
                                    f"broken link to {match['target']}: {match['detail']}"))
        elif (match := UNREAD_WARNING.match(text)) and url:
            # the page could not be read or its anchors not checked: never pass it silently
            page = "/" + urllib.parse.urlsplit(url).path.lstrip("/")
            problems.append(Problem(f"site{page}", None, f"{UNREAD_PROBLEM} {match['detail']}"))
    return problems


def _publish(site: Path, output: Path) -> None:
    """Replace ``output`` with the new site in one rename, keeping the old one until it is in place."""
    staging = output.with_name(output.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging)
    replace_folder(staging, output)


def report(problems: list[Problem], stream=sys.stdout) -> None:
    in_actions = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(problem.format(), file=stream)
        if in_actions:
            print(problem.github_annotation(), file=stream)
    if problems:
        print(f"{len(problems)} problem(s) found.", file=stream)
    else:
        print("All checks passed: content, strict build, links and anchors.", file=stream)
