"""Reading in worker processes gives the same site and report as reading one by one.

Each build runs in a fresh Python process, as `invoke build` does: the test session's own
threads (browser, servers) would make the reader refuse to fork."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from artikel_reader.parallel import MIN_FILES
from bench.generate import generate_collection
from conftest import ROOT, differing_files

BUILD = (
    "import json, sys, tasks; tasks.build_site(tasks.LOCAL_SETTINGS, PATH=sys.argv[1], "
    "OUTPUT_PATH=sys.argv[2], CACHE_PATH=sys.argv[3], ARTIKEL_READ_PROCESSES=int(sys.argv[4]), "
    "**json.loads(sys.argv[5]))"
)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    generate_collection(content / "articles", MIN_FILES + 20, seed=3)
    # Files the reader skips, with their reasons, must be reported the same way.
    (content / "articles" / "900_00000000000000aa.txt").write_bytes(b"\x00\x01binary")
    (content / "articles" / "901_00000000000000bb.txt").write_bytes(b" date 2023-09   \n")
    return content


def build(content: Path, place: Path, processes: int, **settings: str) -> tuple[Path, str]:
    """Build in a fresh process; return the output folder and the build's log."""
    command = [sys.executable, "-c", BUILD, str(content), str(place / "output")]
    command += [str(place / "cache"), str(processes), json.dumps(settings)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return place / "output", result.stdout + result.stderr


def test_parallel_reading_builds_the_same_site(collection: Path, tmp_path: Path):
    serial, serial_log = build(collection, tmp_path / "serial", 1)
    parallel, parallel_log = build(collection, tmp_path / "parallel", 2)
    assert "processes" not in serial_log
    assert f"Reading {MIN_FILES + 22} articles in 2 processes" in " ".join(parallel_log.split())
    assert differing_files(serial, parallel) == []
    report = "build-report.json"
    assert (serial.parent / report).read_text() == (parallel.parent / report).read_text()
    assert '"skipped"' in (parallel.parent / report).read_text()


def test_analyses_made_with_an_edited_lexicon_are_made_again_in_parallel(
    collection: Path, tmp_path: Path
):
    """After a lexicon edit every cached article needs a new analysis: the worker processes
    make them, as they read new files, and the site is the one a build from scratch makes."""
    place = tmp_path / "site"
    first, _ = build(collection, place, 2)
    before = topics(first)
    _, unchanged_log = build(collection, place, 2)
    assert "processes" not in unchanged_log  # the cache serves every article
    lexicon = tmp_path / "ressorts.toml"
    text = (ROOT / "content" / "ressorts.toml").read_text(encoding="utf-8")
    # The fallback Ressort changes, so stale analyses would show on many pages.
    lexicon.write_text(text.replace("min_score = 4", "min_score = 40"), encoding="utf-8")
    edited, log = build(collection, place, 2, ARTIKEL_LEXICON=str(lexicon))
    assert f"Reading {MIN_FILES + 20} articles in 2 processes" in " ".join(log.split())
    fresh, _ = build(collection, tmp_path / "fresh", 1, ARTIKEL_LEXICON=str(lexicon))
    assert differing_files(fresh, edited) == []
    after = topics(edited)
    assert after["Panorama"] > before["Panorama"]
    assert sum(after.values()) == sum(before.values()) == MIN_FILES + 20


def topics(site: Path) -> Counter[str]:
    """How many article pages show each Ressort."""
    shown: Counter[str] = Counter()
    for page in (site / "artikel").glob("*/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        shown[soup.select_one("article .meta a").get_text()] += 1
    return shown
