"""Time the rebuilds ``mkdocs serve`` does after a save, in one process, without the server or its watcher.

    python -m bench.rebuild PROJECT [--saves 5] [--profile FILE]

Does what ``mkdocs serve`` does (``on_startup`` with ``serve``, a first build, then for each save the
builder: the configuration read again and the site built into the served folder), saving a chapter's text
before each rebuild, and prints each rebuild's seconds. The watcher's part of save-to-preview (MkDocs
polls the files every half second) is not in these figures, nor is the search index, which is made after
the preview is shown (each save waits for the last one's); ``bench.run``'s save-to-preview is, from the
file written to the served page changed. ``--profile`` writes the rebuilds' cProfile statistics.
"""

from __future__ import annotations

import argparse
import cProfile
import statistics
import tempfile
import time
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from safeguarding_manual.mkdocs_plugins.quick_preview import PREVIEW

SERVE_URL = "http://127.0.0.1:8000/"


def first_chapter(project: Path) -> Path:
    chapters = sorted(p for p in (project / "procedures").rglob("*.md")
                      if "_archive" not in p.parts and not p.name.startswith("_"))
    return chapters[len(chapters) // 2]


def save(chapter: Path, number: int) -> None:
    """Change a word of the chapter's last line, as an editor would."""
    lines = chapter.read_text("utf-8").rstrip("\n").split("\n")
    lines[-1] = lines[-1].split(" [saved ")[0] + f" [saved {number}]"
    chapter.write_text("\n".join(lines) + "\n", "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--saves", type=int, default=5)
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args()
    config_file = str(args.project / "mkdocs.yml")
    site_dir = tempfile.mkdtemp(prefix="bench-rebuild-")

    def builder() -> float:
        started = time.perf_counter()
        config = load_config(config_file=config_file, site_dir=site_dir)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL)
        return time.perf_counter() - started

    config = load_config(config_file=config_file, site_dir=site_dir)
    config.plugins.on_startup(command="serve", dirty=False)
    chapter = first_chapter(args.project)
    original = chapter.read_text("utf-8")
    profiler = cProfile.Profile() if args.profile else None
    try:
        print(f"first build: {builder():.2f} s")
        times = []
        for number in range(args.saves):
            PREVIEW.wait_for_search()  # an editor reads the preview before saving again
            save(chapter, number)
            if profiler:
                profiler.enable()
            times.append(builder())
            if profiler:
                profiler.disable()
            print(f"rebuild {number + 1}: {times[-1]:.2f} s")
        print(f"median rebuild: {statistics.median(times):.2f} s")
    finally:
        chapter.write_text(original, "utf-8")
        config.plugins.on_shutdown()
    if profiler:
        profiler.dump_stats(args.profile)


if __name__ == "__main__":
    main()
