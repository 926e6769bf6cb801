"""``procedures``: the editors' command line.

    procedures init DIR            start a new manual that builds
    procedures init --area NAME    add an area (areas/NAME/) to this repository
    procedures build [--area NAME] [--output site]
    procedures build-all --output DIR   the regional site in DIR/, each area's in DIR/<area>/
    procedures areas [--base origin/main]   the areas (those a change since the base affects)
    procedures new --part CP --title "..."
    procedures amend CP1 --summary "..." [--release 2026-06] [--paragraphs 1.2,1.3]
    procedures move CP1 core-procedures/new-name.md
    procedures due [--within 60]
    procedures check [--output site] [--base origin/main]
    procedures schema [--output-dir docs/schemas]

Every command refuses bad input with a message and changes nothing when it does.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .core.areas.notes import NOTE_FIELDS
from .core.areas.settings import AREA_FIELDS
from .core.editing.chapters import EditError, amend, amend_note, new_chapter, parse_day, reviews_due
from .core.editing.from_base import amend_from_base
from .core.editing.moving import move_chapter
from .core.glossary.entries import GLOSSARY_FIELDS
from .core.reading.schema import json_schema
from .gitbase import GitBaseError, changed_files, chapters_at
from .scaffolding import Settings, add_area, create_manual


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except EditError as error:
        print(f"procedures {args.command}: {error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="procedures", description="Edit and check a safeguarding procedures manual.")
    parser.add_argument("--procedures", type=Path, default=Path("procedures"),
                        help="the folder of chapters (default: procedures)")
    commands = parser.add_subparsers(dest="command", required=True)

    init = commands.add_parser("init", help="create a new, empty manual that builds (or, with --area and no "
                                           "folder, add an area to this repository)")
    init.add_argument("directory", type=Path, nargs="?")
    init.add_argument("--title", default="Safeguarding Children Procedures")
    init.add_argument("--publisher", default="Local Safeguarding Children Partnership")
    init.add_argument("--area", default=None,
                      help="with a folder: the area the new manual covers; without: the name of an area to add "
                           "(a folder name such as northshire)")
    init.add_argument("--name", help="with --area: the area's name as readers see it, e.g. Northshire")
    init.add_argument("--partnership", help="with --area: the area's partnership")
    init.add_argument("--site-url", default="https://procedures.example.org/",
                      help="where the site will be published (for the feed and search engines)")
    init.add_argument("--repo-url", default="https://github.com/OWNER/REPOSITORY",
                      help="the GitHub repository (for the 'Edit this page' button)")
    init.add_argument("--edit-uri", default="edit/main/docs/",
                      help="the path after --repo-url to edit a page (chapters use procedures/ instead of docs/)")
    init.add_argument("--no-git", action="store_true", help="do not make a git repository with a first commit")
    init.set_defaults(handler=_init)

    new = commands.add_parser("new", help="create a draft chapter with the part's next free ID")
    new.add_argument("--part", required=True)
    new.add_argument("--title", required=True)
    new.add_argument("--owner", default="Policy and Procedures Subgroup")
    new.add_argument("--file-name")
    new.add_argument("--area", help="an area whose local part (--part) gets the chapter")
    new.set_defaults(handler=_new)

    amend_ = commands.add_parser("amend", help="record the current text as a version and add an amendment")
    amend_.add_argument("chapter", nargs="?", help="chapter ID (e.g. PA5) or file path")
    amend_.add_argument("--summary", help="what changed, for practitioners")
    amend_.add_argument("--from-base", metavar="REF",
                        help="archive the text published at git commit REF of every chapter changed since then")
    amend_.add_argument("--date", help="YYYY-MM-DD (default: today)")
    amend_.add_argument("--release", help="release ID from manual.yml, e.g. 2026-12")
    amend_.add_argument("--paragraphs", default="", help="comma-separated sections or paragraphs, e.g. 3,4.2")
    amend_.add_argument("--area", help="an area's own chapter (by ID), or with --note one of its local notes")
    amend_.add_argument("--note", action="store_true", help="amend the area's local note named as 'chapter' "
                                                             "(its file name, e.g. cp1-contacts.md)")
    amend_.set_defaults(handler=_amend)

    move = commands.add_parser("move", help="move or rename a chapter file; its old URL keeps working")
    move.add_argument("chapter", help="chapter ID (e.g. PA5) or file path")
    move.add_argument("destination", help="new path below the procedures folder, e.g. core-procedures/new-name.md")
    move.add_argument("--docs", type=Path, default=Path("docs"), help="the docs folder whose links to update")
    move.set_defaults(handler=_move)

    due = commands.add_parser("due", help="list chapters whose review is due")
    due.add_argument("--within", type=int, default=0, help="also list reviews due within this many days")
    due.add_argument("--today", help="YYYY-MM-DD (default: today)")
    due.set_defaults(handler=_due)

    check = commands.add_parser("check", help="validate, build strictly and check every link")
    check.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    check.add_argument("--output", type=Path, help="publish the built site here, only if every check passed")
    check.add_argument("--external", action="store_true", help="also check links to other websites")
    check.add_argument("--accessibility", action="store_true",
                       help="also check pages of every kind with axe-core in Chromium (WCAG 2.2 A and AA)")
    check.add_argument("--area", help="check this area's site (a folder under areas/) instead of the regional one")
    check.add_argument("--base", metavar="COMMIT",
                       help="git commit to compare with (e.g. origin/main): every chapter address published there "
                            "must still work")
    check.set_defaults(handler=_check)

    build = commands.add_parser("build", help="check and build one site strictly (the regional site, or an area's)")
    build.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build.add_argument("--area", help="the area to build (a folder under areas/)")
    build.add_argument("--output", type=Path, default=Path("site"),
                       help="publish the site here, only if it built without a problem (default: site)")
    build.add_argument("--links", action="store_true", help="also check every link and anchor with linkchecker")
    build.set_defaults(handler=_build_one)

    build_all = commands.add_parser("build-all", help="build the regional site and every area's site")
    build_all.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    build_all.add_argument("--output", type=Path, required=True,
                           help="the regional site goes here, each area's into its folder <area>/")
    build_all.add_argument("--jobs", type=int, help="builds at once (default: the number of cores)")
    build_all.set_defaults(handler=_build_all)

    areas = commands.add_parser("areas", help="list the areas, as JSON for a GitHub Actions matrix")
    areas.add_argument("--base", metavar="COMMIT",
                       help="only the areas a change since this commit affects (all of them if a regional file "
                            "changed)")
    areas.set_defaults(handler=_areas)

    preview = commands.add_parser("preview", help="build the site to open from disk, for reviewers")
    preview.add_argument("--config", type=Path, default=Path("mkdocs.yml"))
    preview.add_argument("--output", type=Path, default=Path("preview"))
    preview.add_argument("--base", metavar="COMMIT", help="list the pages changed since this commit")
    preview.set_defaults(handler=_preview)

    schema = commands.add_parser("schema", help="write JSON Schemas for editors' YAML tooling")
    schema.add_argument("--output-dir", type=Path, default=Path("docs/schemas"))
    schema.set_defaults(handler=_schema)
    return parser


def _init(args: argparse.Namespace) -> int:
    if args.directory is None:
        if not args.area:
            raise EditError("give a folder for a new manual, or --area NAME to add an area to this repository.")
        for line in add_area(Path("."), args.area, name=args.name, partnership=args.partnership):
            print(line)
        return 0
    target: Path = args.directory
    if target.exists() and any(target.iterdir()):
        raise EditError(f"{target} is not empty; choose a new folder.")
    settings = Settings(args.title, args.publisher, args.area or "the local area", args.site_url,
                        args.repo_url.rstrip("/"), args.edit_uri)
    for line in create_manual(target, settings, git=not args.no_git):
        print(line)
    return 0


def _new(args: argparse.Namespace) -> int:
    path, chapter_id = new_chapter(args.procedures, args.part, args.title, owner=args.owner, file_name=args.file_name,
                                   area=args.area)
    print(f"Created {path} as {chapter_id} (status: draft). Set status: current to publish it.")
    return 0


def _amend(args: argparse.Namespace) -> int:
    if args.from_base:
        return _amend_from_base(args)
    if not args.chapter or not args.summary:
        raise EditError("give the chapter and --summary, or --from-base REF to complete edits made since REF.")
    if args.note:
        if not args.area:
            raise EditError("give the area of the note: --area NAME.")
        result = amend_note(args.procedures.resolve().parent, args.area, args.chapter, args.summary, date=args.date)
        print(f"Recorded the previous text as {result.snapshot}; {result.chapter_path} is now version "
              f"{result.new_version}.")
        return 0
    paragraphs = [p.strip() for p in args.paragraphs.split(",") if p.strip()]
    result = amend(args.procedures, args.chapter, args.summary, date=args.date, release=args.release,
                   paragraphs=paragraphs, area=args.area)
    print(f"Recorded the previous text as {result.snapshot}; {result.chapter_path} is now version {result.new_version}.")
    return 0


def _amend_from_base(args: argparse.Namespace) -> int:
    try:
        earlier = chapters_at(args.from_base, args.procedures)
    except GitBaseError as error:
        raise EditError(str(error)) from None
    done = amend_from_base(args.procedures, earlier, args.from_base, summary=args.summary, date=args.date)
    for item in done:
        print(f"{item.chapter}: archived the text published at {args.from_base} as {item.snapshot}; "
              f"now version {item.new_version}.")
    if not done:
        print(f"Nothing to archive: no published chapter's text changed since {args.from_base} without its record.")
    return 0


def _move(args: argparse.Namespace) -> int:
    result = move_chapter(args.procedures, args.chapter, args.destination, docs_dir=args.docs)
    print(f"Moved {result.old_path} to {result.new_path}.")
    print(f"The old address {result.old_url} now redirects to {result.new_url}.")
    if result.archive_moved:
        print("Its archived versions moved with it and the archive manifest was updated.")
    for path in result.files_relinked:
        print(f"Updated links in {path}")
    return 0


def _due(args: argparse.Namespace) -> int:
    today = parse_day(args.today, "--today")
    chapters = reviews_due(args.procedures, within_days=args.within, today=today)
    if not chapters:
        print("No chapter reviews are due." if not args.within else f"No chapter reviews are due within {args.within} days.")
        return 0
    for chapter in chapters:
        days = (chapter.review_due - today).days
        when = f"{-days} days overdue" if days < 0 else ("due today" if days == 0 else f"due in {days} days")
        print(f"{chapter.id}\t{chapter.review_due.isoformat()}\t{when}\t{chapter.owner}\t{chapter.source_path}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .check import report, run_check

    if not args.config.exists():
        raise EditError(f"{args.config} does not exist; run the check from the manual's folder or pass --config.")
    problems = run_check(args.config, output=args.output, external=args.external, base=args.base,
                         accessibility=args.accessibility, area=args.area)
    report(problems)
    return 1 if problems else 0


def _build_one(args: argparse.Namespace) -> int:
    from .check import report, run_check

    if not args.config.exists():
        raise EditError(f"{args.config} does not exist; run the build from the manual's folder or pass --config.")
    problems = run_check(args.config, output=args.output, area=args.area, links=args.links)
    if problems:
        report(problems)
        return 1
    print(f"Built {'the site of ' + args.area if args.area else 'the site'} into {args.output}/.")
    return 0


def _build_all(args: argparse.Namespace) -> int:
    from .building import build_all
    from .check import report

    if not args.config.exists():
        raise EditError(f"{args.config} does not exist; run the build from the manual's folder or pass --config.")
    result = build_all(args.config, args.output, jobs=args.jobs)
    for name, seconds in result.seconds.items():
        print(f"{name}: {seconds:.1f} s")
    if result.problems:
        report(result.problems)
        print("Nothing was published.")
        return 1
    print(f"Built {len(result.seconds)} site(s) into {args.output}/ in {result.total_seconds:.1f} s.")
    return 0


def _areas(args: argparse.Namespace) -> int:
    from .core.areas.affected import affected_areas
    from .core.areas.settings import area_keys

    project = Path(".").resolve()
    if args.base:
        try:
            keys = affected_areas(project, changed_files(project, args.base))
        except GitBaseError as error:
            raise EditError(str(error)) from None
    else:
        keys = area_keys(project)
    print(json.dumps(keys))
    return 0


def _preview(args: argparse.Namespace) -> int:
    from .check import _plugin_settings, report
    from .preview import build_preview, changed_pages, summary

    if not args.config.exists():
        raise EditError(f"{args.config} does not exist; run the preview from the manual's folder or pass --config.")
    problems = build_preview(args.config, args.output)
    if problems:
        report(problems)
        return 1
    settings = _plugin_settings(args.config)
    pages = changed_pages(args.config.resolve().parent, args.base, settings["procedures_dir"],
                          settings["docs_dir"]) if args.base else []
    text = summary(pages)
    print(f"Preview written to {args.output}/ (open index.html).\n{text}")
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:
        with open(step_summary, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
    return 0


def _schema(args: argparse.Namespace) -> int:
    args.output_dir.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas().items():
        (args.output_dir / name).write_text(json.dumps(schema, indent=2) + "\n", "utf-8")
        print(f"Wrote {args.output_dir / name}")
    return 0


def schemas() -> dict[str, dict]:
    return {
        "chapter.schema.json": json_schema(),
        "glossary.schema.json": json_schema(GLOSSARY_FIELDS, title="Glossary"),
        "area.schema.json": json_schema(AREA_FIELDS, title="Area settings (areas/<area>/area.yml)"),
        "local-note.schema.json": json_schema(NOTE_FIELDS, title="Local note (front matter of areas/<area>/notes/*.md)"),
    }


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
