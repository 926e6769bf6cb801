"""``procedures build-all``: the regional site and every area's site, built side by side and published together.

The regional site goes to ``DIR/`` and each area's to ``DIR/<area>/``. Each build is a strict MkDocs
build in a process of its own, started as others finish, as many at once as the machine has cores
(processes, not threads: a build is Python work that one process cannot share); the sites are published
only when every one of them built without a problem, so a mistake in one area never leaves a mix of
old and new sites behind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from .check import _publish, build_command, build_environment, build_problems
from .core.areas.settings import area_keys
from .core.reading.problems import Problem


@dataclass
class BuildReport:
    """What ``build-all`` did: every problem, and how long each site took (seconds)."""

    problems: list[Problem] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    total_seconds: float = 0.0


def build_all(config_file: Path, output: Path, jobs: int | None = None,
              areas: list[str] | None = None) -> BuildReport:
    """Build the regional site and the areas' sites (all of them, or ``areas``); publish only if all built."""
    project = config_file.resolve().parent
    keys = area_keys(project) if areas is None else areas
    report = BuildReport()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="procedures-build-all-") as temp:
        staging = Path(temp)
        targets: list[str | None] = [None, *keys]
        workers = max(1, min(jobs or os.cpu_count() or 1, len(targets)))
        for key, (problems, seconds) in _run_builds(config_file, staging, project, targets, workers).items():
            report.seconds[key or "(regional)"] = seconds
            report.problems.extend(problems)
        report.problems = sorted(set(report.problems), key=lambda p: (p.file, p.line or 0, p.message))
        if not report.problems:
            report.problems.extend(_assemble(staging, keys))
        if not report.problems:
            _publish(staging / "site", output)
    report.total_seconds = time.perf_counter() - started
    return report


def _run_builds(config_file: Path, staging: Path, project: Path, targets: list[str | None],
                workers: int) -> dict[str | None, tuple[list[Problem], float]]:
    """Each site's strict build in a process of its own, ``workers`` at a time; problems and seconds of each."""
    waiting = list(targets)
    running: dict[str | None, tuple[subprocess.Popen[str], float, IO[str]]] = {}
    done: dict[str | None, tuple[list[Problem], float]] = {}
    while waiting or running:
        while waiting and len(running) < workers:
            key = waiting.pop(0)
            site = staging / ("regional" if key is None else f"area-{key}")
            log = tempfile.TemporaryFile("w+", encoding="utf-8")  # a pipe could fill up and stall the build
            process = subprocess.Popen(build_command(config_file, site), cwd=project, env=build_environment(area=key),
                                       stdout=subprocess.DEVNULL, stderr=log, text=True)
            running[key] = (process, time.perf_counter(), log)
        for key, (process, started, log) in list(running.items()):
            if process.poll() is not None:
                log.seek(0)
                done[key] = (build_problems(process.returncode, log.read(), config_file, project),
                             time.perf_counter() - started)
                log.close()
                del running[key]
        time.sleep(0.05)
    return {key: done[key] for key in targets}


def _assemble(staging: Path, keys: list[str]) -> list[Problem]:
    """The regional site with each area's site in its folder; an area may not take a folder of the region's."""
    site = staging / "site"
    (staging / "regional").rename(site)
    problems = []
    for key in keys:
        if (site / key).exists():
            problems.append(Problem(f"areas/{key}", None, f"the area's folder name '{key}' is also the address of a "
                                    f"page or folder of the regional site ({key}/); rename the area's folder."))
            continue
        shutil.move(str(staging / f"area-{key}"), site / key)
    return problems
