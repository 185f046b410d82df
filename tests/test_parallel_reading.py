"""Reading in worker processes gives the same site and report as reading one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from artikel_reader import parallel as parallel_reading
from artikel_reader.reader import ArtikelReader
from bench.generate import generate_collection
from conftest import build_site, differing_files


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("parallel") / "content"
    generate_collection(content / "articles", 80, seed=3)
    # Files the reader skips, with their reasons, must be reported the same way.
    (content / "articles" / "900_00000000000000aa.txt").write_bytes(b"\x00\x01binary")
    (content / "articles" / "901_00000000000000bb.txt").write_bytes(b" date 2023-09   \n")
    return content


def test_parallel_reading_builds_the_same_site(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(parallel_reading, "MIN_FILES", 1)
    # The test session's browser and servers keep threads of their own, which make the reader
    # refuse to fork; they never touch the reader, so forking is safe here.
    monkeypatch.setattr(parallel_reading.threading, "active_count", lambda: 1)
    in_this_process: list[str] = []
    read = ArtikelReader.read

    def counting_read(self: ArtikelReader, source_path: str):
        in_this_process.append(source_path)
        return read(self, source_path)

    monkeypatch.setattr(ArtikelReader, "read", counting_read)
    serial = build_site(
        tmp_path / "serial" / "output", PATH=str(collection), ARTIKEL_READ_PROCESSES=1
    )
    assert len(in_this_process) == 82
    in_this_process.clear()
    parallel = build_site(
        tmp_path / "parallel" / "output", PATH=str(collection), ARTIKEL_READ_PROCESSES=2
    )
    assert in_this_process == []  # the workers read every file
    assert differing_files(serial, parallel) == []
    report = "build-report.json"
    assert (serial.parent / report).read_text() == (parallel.parent / report).read_text()
    assert '"skipped"' in (parallel.parent / report).read_text()
