#!/usr/bin/env python3
"""Set-up and run, using only Python 3.11 and git on a fresh machine.

    python3 tasks.py serve    # create .venv, install, build and serve the example manual
    python3 tasks.py build    # the same, but only build into site/
    python3 tasks.py test     # create .venv, install with test extras, run the whole test suite
    python3 tasks.py procedures check   # any 'procedures' command, run from the project's .venv

Standard library only, so it works before anything is installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def ensure_environment(extras: str) -> None:
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    stamp = VENV / f".installed-{extras or 'base'}"
    sources = [ROOT / "pyproject.toml"]
    if stamp.exists() and all(stamp.stat().st_mtime >= s.stat().st_mtime for s in sources):
        return
    print("Installing the project and its dependencies ...", flush=True)
    target = f".[{extras}]" if extras else "."
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(BIN / "python"), "-m", "pip", "install", "--quiet", "-e", target], check=True, cwd=ROOT)
    stamp.touch()


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "help"
    rest = argv[1:]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if command == "serve":
        ensure_environment("")
        return subprocess.call([str(BIN / "mkdocs"), "serve", *rest], cwd=ROOT, env=env)
    if command == "build":
        ensure_environment("")
        return subprocess.call([str(BIN / "mkdocs"), "build", "--strict", *rest], cwd=ROOT, env=env)
    if command == "procedures":
        ensure_environment("")
        return subprocess.call([str(BIN / "procedures"), *rest], cwd=ROOT, env=env)
    if command == "test":
        ensure_environment("test")
        parallel = [] if any(arg.startswith(("-n", "--numprocesses", "-p")) for arg in rest) else ["-n", "auto"]
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *parallel, *rest], cwd=ROOT, env=env)
    print(__doc__)
    return 0 if command == "help" else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
