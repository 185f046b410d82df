"""Reading in worker processes gives the same site and report as reading one by one.

Each build runs in a fresh Python process, as `invoke build` does: the test session's own
threads (browser, servers) would make the reader refuse to fork."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from artikel_reader.parallel import MIN_FILES
from bench.generate import generate_collection
from conftest import ROOT, differing_files

BUILD = (
    "import sys, tasks; tasks.build_site(tasks.LOCAL_SETTINGS, PATH=sys.argv[1], "
    "OUTPUT_PATH=sys.argv[2], CACHE_PATH=sys.argv[3], ARTIKEL_READ_PROCESSES=int(sys.argv[4]))"
)


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    generate_collection(content / "articles", MIN_FILES + 20, seed=3)
    # Files the reader skips, with their reasons, must be reported the same way.
    (content / "articles" / "900_00000000000000aa.txt").write_bytes(b"\x00\x01binary")
    (content / "articles" / "901_00000000000000bb.txt").write_bytes(b" date 2023-09   \n")
    return content


def build(content: Path, place: Path, processes: int) -> tuple[Path, str]:
    """Build in a fresh process; return the output folder and the build's log."""
    command = [sys.executable, "-c", BUILD, str(content), str(place / "output")]
    command += [str(place / "cache"), str(processes)]
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
