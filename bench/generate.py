"""Write a realistic generated manual of N chapters for benchmarking, deterministic for a seed.

Each chapter is about 8 KB with 4-6 numbered sections of numbered paragraphs,
cross-references to other chapters' paragraphs, glossary terms in the text;
a third have three earlier versions in the archive; a tenth are under review.
The same chapter bodies can be written as plain Markdown pages for stock Material.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("agency child family practitioner referral assessment safeguarding welfare partnership review plan "
         "support health school police social care concern risk harm meeting record information share consent "
         "decision manager evidence outcome parent carer service local authority strategy enquiry visit").split()
PARTS = [("CP", "Core Procedures", "core"), ("PA", "Partnership Arrangements", "partnership"),
         ("PG", "Practice Guidance", "guidance")]
MKDOCS_PLUGINS = """site_name: Generated Manual
site_url: https://bench.example.org/
strict: true
theme:
  name: material
  font: false
  features: [navigation.prune, content.tooltips]
markdown_extensions:
  - toc: {permalink: true}
  - attr_list
  - tables
plugins:
  - search:
      separator: '[\\s\\-,:!=\\[\\]()"/]+|\\.(?!\\d)'
  - procedures
  - glossary
"""
MKDOCS_STOCK = """site_name: Generated Manual
site_url: https://bench.example.org/
theme:
  name: material
  font: false
  features: [navigation.prune]
markdown_extensions:
  - toc: {permalink: true}
  - attr_list
  - tables
plugins:
  - search
"""


@dataclass(frozen=True)
class Chapter:
    index: int
    id: str
    part: str
    folder: str
    slug: str
    title: str
    sections: list[list[str]]  # each section: list of paragraph texts (numbered)
    section_titles: list[str]


def _sentence(rng: random.Random, terms: list[str]) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    if terms and rng.random() < 0.6:
        words.insert(rng.randint(0, len(words)), rng.choice(terms))
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _prose_term_names(count: int, taken: set[str]) -> list[str]:
    """Two-word terms made of the prose's own words ("Family support"), so they collide with the text as a
    real glossary's terms ("child", "plan", "strategy discussion") collide with real chapters."""
    names = []
    for first in WORDS:
        for second in WORDS:
            name = f"{first} {second}".capitalize()
            if first != second and name.lower() not in taken:
                names.append(name)
    return names[:count]


def _real_glossary_text() -> str:
    """The project's own glossary (its terms are real ones), without the last newline."""
    return (ROOT / "glossary.yml").read_text("utf-8").rstrip("\n")


def _term_name(index: int) -> str:
    """Distinct multi-word term names built from index digits, so they never collide with ordinary words."""
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "xe", "zu"]
    word = "".join(syllables[int(d)] for d in f"{index:04d}")
    return f"{word.capitalize()} protocol"


def make_chapters(n: int, rng: random.Random, terms: list[str]) -> list[Chapter]:
    chapters = []
    counters = {p[0]: 0 for p in PARTS}
    for index in range(n):
        part_id, _, folder = PARTS[index % len(PARTS)]
        counters[part_id] += 1
        number = counters[part_id]
        sections, titles = [], []
        for _ in range(rng.randint(4, 6)):
            titles.append(" ".join(rng.choice(WORDS) for _ in range(3)).title())
            sections.append([" ".join(_sentence(rng, terms) for _ in range(rng.randint(2, 3)))
                             for _ in range(rng.randint(4, 6))])
        chapters.append(Chapter(index, f"{part_id}{number}", part_id, folder, f"chapter-{index:05d}",
                                f"Generated Chapter {index}", sections, titles))
    return chapters


def body(chapter: Chapter, chapters: list[Chapter], rng: random.Random, *, version: int = 0) -> str:
    lines = []
    for s, (title, paragraphs) in enumerate(zip(chapter.section_titles, chapter.sections), start=1):
        lines.append(f"## {s}. {title}\n")
        for p, text in enumerate(paragraphs, start=1):
            if version and (s + p + version) % 7 == 0:
                text = text.replace(" the ", " each ", 1) + " Earlier wording."
            lines.append(f"**{s}.{p}** {text}\n")
            if p == 2:
                target = chapters[(chapter.index * 7 + s) % len(chapters)]
                rel = f"../{target.folder}/{target.slug}.md" if target.folder != chapter.folder else f"{target.slug}.md"
                lines.append(f"See [{target.title}]({rel}#1.1) for how this links with other work.\n")
            if p == 3:
                lines.append("- " + _sentence(rng, []) + "\n- " + _sentence(rng, []) + "\n")
    return "\n".join(lines)


def front_matter(chapter: Chapter, version: int, status: str) -> str:
    amendments = "".join(
        f"  - date: 2025-0{v}-01\n    summary: Generated amendment {v}.\n    version: {v}\n    release: 2025-0{v}\n"
        for v in range(2, version + 1)
    )
    review = "review_started: 2025-09-01\n" if status == "under-review" else ""
    return (f"---\nid: {chapter.id}\ntitle: {chapter.title}\npart: {chapter.part}\nversion: {version}\n"
            f"status: {status}\n{review}last_updated: 2025-0{max(version, 1)}-01\nreview_due: 2027-01-01\n"
            f"owner: Generated Subgroup\namendments:{' []' if version == 1 else ''}\n{amendments}---\n\n")


def write_manual(target: Path, n: int, terms: int, seed: int = 1, text_terms: int | None = None,
                 glossary: str = "real") -> dict[str, int]:
    """The plugin version of the manual at ``target``; returns counts for the report.

    ``glossary="real"``: the project's own glossary plus terms made of the prose's words, ``terms`` in all,
    which collide with the text as real terms do. ``glossary="invented"``: ``terms`` invented names that
    never occur in prose, of which the text mentions the first ``text_terms`` (default: all).
    """
    rng = random.Random(seed)
    shutil.rmtree(target, ignore_errors=True)
    (target / "docs").mkdir(parents=True)
    procedures = target / "procedures"
    if glossary == "real":
        real = _real_glossary_text()
        real_terms = yaml.safe_load(real)["terms"]
        taken = {form.lower() for t in real_terms for form in [t["term"], t.get("abbreviation") or "", *(t.get("aliases") or [])]}
        term_names = _prose_term_names(max(terms - len(real_terms), 0), taken)
        chapters = make_chapters(n, rng, [])  # the glossary's terms are in the prose already
    else:
        term_names = [_term_name(i) for i in range(terms)]
        chapters = make_chapters(n, rng, term_names[: text_terms or terms])
    (target / "mkdocs.yml").write_text(MKDOCS_PLUGINS)
    (target / "docs/index.md").write_text("# Generated Manual\n\n<!-- procedures:home-status -->\n")
    releases = "".join(f"  - {{id: 2025-0{v}, title: Release {v}, date: 2025-0{v}-01}}\n" for v in range(2, 5))
    parts = "".join(f"  - {{id: {p}, title: {t}, folder: {f}}}\n" for p, t, f in PARTS)
    procedures.mkdir()
    (procedures / "manual.yml").write_text(f"title: Generated\npublisher: Bench\narea: Benchshire\nedition: 1st\n"
                                           f"parts:\n{parts}releases:\n{releases}")
    manifest = {}
    archived = 0
    for chapter in chapters:
        version = 4 if chapter.index % 3 == 0 else 1
        status = "under-review" if chapter.index % 10 == 5 else "current"
        path = procedures / chapter.folder / f"{chapter.slug}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front_matter(chapter, version, status) + body(chapter, chapters, random.Random(chapter.index)))
        for old in range(1, version):
            snapshot = procedures / "_archive" / chapter.folder / chapter.slug / f"v{old}.md"
            snapshot.parent.mkdir(parents=True, exist_ok=True)
            snapshot.write_text(front_matter(chapter, old, "current")
                                + body(chapter, chapters, random.Random(chapter.index), version=old))
            manifest[f"{chapter.folder}/{chapter.slug}/v{old}.md"] = hashlib.sha256(snapshot.read_bytes()).hexdigest()
            archived += 1
    (procedures / "_archive" / "manifest.yml").write_text("".join(f"{k}: {v}\n" for k, v in sorted(manifest.items())))
    entries = "".join(f"  - term: {name}\n    definition: Generated definition of {name.lower()} number {i}.\n"
                      for i, name in enumerate(term_names))
    (target / "glossary.yml").write_text((real + "\n" if glossary == "real" else "terms:\n") + entries)
    _write_thresholds(procedures)
    return {"chapters": n, "archived_versions": archived,
            "terms": len(term_names) + (len(real_terms) if glossary == "real" else 0),
            "glossary": glossary}


def _write_thresholds(procedures: Path) -> None:
    levels = "".join(f"  - {{id: {i}, title: Level {i}, summary: Level {i} needs., response: {{what_to_do: Act at level {i}.}}}}\n"
                     for i in range(1, 5))
    domains = "".join(f"  - {{id: d{d}, title: Domain {d}, subdomains: [{{id: s1, title: Sub 1}}, {{id: s2, title: Sub 2}}]}}\n"
                      for d in range(1, 4))
    indicators = "".join(f"  - {{id: i{d}{s}{lv}, level: {lv}, domain: d{d}, subdomain: s{s}, text: Indicator {d}.{s}.{lv}.}}\n"
                         for d in range(1, 4) for s in (1, 2) for lv in range(1, 5))
    (procedures / "thresholds.md").write_text(
        "---\ntype: thresholds\nid: TH1\ntitle: Thresholds\npart: CP\nversion: 1\nstatus: current\n"
        "last_updated: 2025-01-01\nreview_due: 2027-01-01\nowner: Generated Subgroup\namendments: []\n"
        f"levels:\n{levels}domains:\n{domains}indicators:\n{indicators}---\n\nNot a tick-box exercise.\n")


def write_stock(plugin_manual: Path, target: Path) -> None:
    """The same chapter bodies as plain Markdown pages for stock Material (no project plugins)."""
    shutil.rmtree(target, ignore_errors=True)
    (target / "docs").mkdir(parents=True)
    (target / "mkdocs.yml").write_text(MKDOCS_STOCK)
    (target / "docs/index.md").write_text("# Generated Manual\n")
    for path in sorted((plugin_manual / "procedures").rglob("*.md")):
        relative = path.relative_to(plugin_manual / "procedures")
        if relative.parts[0] == "_archive":
            continue
        text = path.read_text()
        _, meta, content = text.split("---\n", 2)
        title = next(line.split(": ", 1)[1] for line in meta.splitlines() if line.startswith("title: "))
        out = target / "docs" / relative
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"# {title}\n{content}")


def write_stock_same_nav(plugin_manual: Path, target: Path) -> None:
    """Stock Material given the navigation our plugin makes for large parts: home and one contents page per
    part listing its chapters, with the chapters themselves left out of the navigation."""
    write_stock(plugin_manual, target)
    nav = ["  - index.md"]
    for _, title, folder in PARTS:
        chapters = sorted((target / "docs" / folder).glob("chapter-*.md"))
        if not chapters:
            continue
        listing = "".join(f"- [{path.read_text().splitlines()[0][2:]}]({path.name})\n" for path in chapters)
        (target / "docs" / folder / "index.md").write_text(f"# {title}\n\n{listing}")
        nav.append(f"  - {title}: {folder}/index.md")
    text = (target / "mkdocs.yml").read_text()
    (target / "mkdocs.yml").write_text(text.replace("features: [navigation.prune]",
                                                    "features: [navigation.prune, navigation.indexes]")
                                       + "nav:\n" + "\n".join(nav) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("target", type=Path)
    parser.add_argument("--chapters", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stock", type=Path, help="also write the stock-Material version here")
    args = parser.parse_args()
    print(json.dumps(write_manual(args.target, args.chapters, args.terms, args.seed)))
    if args.stock:
        write_stock(args.target, args.stock)


if __name__ == "__main__":
    main()
