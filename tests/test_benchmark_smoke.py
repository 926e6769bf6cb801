"""The benchmark keeps working: a 20-chapter run of every measurement (no timing assertions)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO


def test_benchmark_smoke(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "20", "--pairs", "1", "--glossary-chapters", "20",
         "--serve-chapters", "20", "--check-chapters", "20", "--output", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text())
    size = results["sizes"][0]
    assert size["chapters"] == 20
    assert size["pages"]["plugins"] > size["pages"]["stock"] > 20
    assert size["archived_versions"] > 0
    assert set(size["median_seconds"]) == {"plugins", "stock", "stock_same_nav"}
    assert size["cold"]["seconds"] > 0 and size["memory_ratio"] > 0 and size["ratio_same_nav"] > 0
    assert size["search_index_bytes"]["plugins"] > 0
    searched = size["search_first_result"]
    assert searched["plugins"]["queries"] == searched["stock"]["queries"] == 5
    assert searched["plugins"]["median_gzip_bytes"] > 0 and searched["stock"]["median_bytes"] > 0
    same, all_terms = results["glossary"]["same_matches"], results["glossary"]["all_terms_in_text"]
    assert same["matches_found"]["10"] == same["matches_found"]["1000"] > 0
    assert all_terms["links_made"]["1000"] > all_terms["links_made"]["10"]
    assert len(results["serve"]["full_rebuild"]["save_to_page_seconds"]) == 5
    check = results["check"]
    assert check["returncode"] == 0, check["output_tail"]
    assert check["check_seconds"] > 0 and check["check_again_seconds"] > 0 and check["ratio"] > 0
    assert check["check_cold_seconds"] > check["check_again_seconds"] and check["ratio_cold"] > 0
    assert not (tmp_path / "work").exists()


def test_generator_is_deterministic(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO))
    from bench.generate import write_manual

    write_manual(tmp_path / "a", 12, 30, seed=3)
    write_manual(tmp_path / "b", 12, 30, seed=3)
    files_a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files_a)
    chapter = (tmp_path / "a/procedures/core/chapter-00000.md").read_text()
    assert 6_000 < len(chapter.encode()) < 11_000


def test_profile_smoke(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "bench.profile", "--chapters", "20", "--terms", "30",
                             "--output", str(tmp_path)], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = (tmp_path / "profile.txt").read_text()
    assert "| Python-Markdown |" in summary and "Our plugins' own code:" in summary
    assert "markdown_ext/" in summary or "core/" in summary, "our own functions are listed"
    assert (tmp_path / "profile.pstats").stat().st_size > 0


def test_rebuild_smoke(tmp_path: Path) -> None:
    """``bench.rebuild`` saves a chapter and times the preview's rebuilds; the chapter is put back after."""
    sys.path.insert(0, str(REPO))
    from bench.generate import write_manual

    project = tmp_path / "manual"
    write_manual(project, 12, 30, seed=3)
    before = {p: p.read_bytes() for p in (project / "procedures").rglob("*.md")}
    result = subprocess.run([sys.executable, "-m", "bench.rebuild", str(project), "--saves", "2"], cwd=REPO,
                            capture_output=True, text=True, timeout=600,
                            env={**os.environ, "PROCEDURES_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr[-3000:]
    rebuilds = re.findall(r"^rebuild \d: ([0-9.]+) s$", result.stdout, re.MULTILINE)
    assert len(rebuilds) == 2 and "median rebuild:" in result.stdout
    assert {p: p.read_bytes() for p in (project / "procedures").rglob("*.md")} == before
