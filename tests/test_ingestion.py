"""Whole builds of a messy collection: nothing lost, a report, strict mode, reproducibility."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from artikel_reader.ingest import StrictModeError
from artikel_reader.source import article_id_for
from conftest import SEED, build_site

ACCEPTED = {
    "000_3f2fa01db07937ea.txt": SEED.read_bytes(),
    "010_00000000000000aa.txt": b" date 2021-03-04 Ein Tag im M\xe4rz. \x84Gut\x93, sagte er.",
    "011_00000000000000bb.txt": b" date 2023-13 Ein Artikel mit falschem Datum.\r\n\r\nMehr.",
    "012_00000000000000cc.txt": b"Ohne Kopfzeile <script>alert(1)</script>.",
    "Artikel über Ärzte.txt": b" date 2020-01 Die \xc3\x84rzte streiken.",
}
SKIPPED = {
    "013_00000000000000dd.txt": (b"", "empty file"),
    "014_00000000000000ee.txt": (b" date 2023-09 \n\n  ", "date header but no text"),
    "015_00000000000000ff.txt": (bytes(range(256)) * 8, "binary data"),
    "Kopie.txt": (SEED.read_bytes(), "same text as articles/000_3f2fa01db07937ea.txt"),
}


def write_collection(content: Path, with_skipped: bool = True) -> Path:
    articles = content / "articles"
    articles.mkdir(parents=True)
    for name, raw in ACCEPTED.items():
        (articles / name).write_bytes(raw)
    if with_skipped:
        for name, (raw, _) in SKIPPED.items():
            (articles / name).write_bytes(raw)
    return content


@pytest.fixture(scope="module")
def messy_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("messy")
    build_site(root / "output", PATH=str(write_collection(root / "content")))
    return root


def article_pages(output: Path) -> set[str]:
    return {p.parent.name for p in (output / "artikel").glob("*/index.html")}


def test_every_accepted_file_has_exactly_one_page(messy_build: Path):
    expected = {article_id_for(Path(name)) for name in ACCEPTED}
    assert article_pages(messy_build / "output") == expected


def test_every_other_file_is_in_the_report_with_its_reason(messy_build: Path):
    report = json.loads((messy_build / "build-report.json").read_text(encoding="utf-8"))
    skipped = {entry["file"]: entry["reason"] for entry in report["skipped"]}
    assert set(skipped) == {f"articles/{name}" for name in SKIPPED}
    for name, (_, reason) in SKIPPED.items():
        assert reason in skipped[f"articles/{name}"]
    assert report["files_read"] == len(ACCEPTED) + len(SKIPPED)
    assert report["pages_written"] == len(ACCEPTED)
    assert sorted(report["pages"]) == sorted(f"articles/{name}" for name in ACCEPTED)


def test_report_lists_warnings_and_stays_outside_the_site(messy_build: Path):
    report = json.loads((messy_build / "build-report.json").read_text(encoding="utf-8"))
    warned = {entry["file"] for entry in report["warnings"]}
    assert warned == {
        "articles/010_00000000000000aa.txt",  # Windows-1252
        "articles/011_00000000000000bb.txt",  # impossible date
        "articles/012_00000000000000cc.txt",  # no header
    }
    assert not list((messy_build / "output").rglob("*report*"))


def test_undated_articles_are_listed_apart_in_the_archive(messy_build: Path):
    output = messy_build / "output"
    assert sorted(p.name for p in (output / "archiv").iterdir() if p.is_dir()) == [
        "2020",
        "2021",
        "2023",
    ]
    archive = (output / "archiv" / "index.html").read_text(encoding="utf-8")
    assert "Ohne Datum" in archive and "00000000000000bb" in archive


def test_strict_mode_fails_on_a_skipped_file_and_keeps_the_old_site(tmp_path: Path):
    content = write_collection(tmp_path / "content")
    output = tmp_path / "output"
    build_site(output, PATH=str(content))
    before = {p: p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (content / "articles" / "016_0000000000000100.txt").write_bytes(b" date 2023-09 Neu.")
    with pytest.raises(StrictModeError, match="4 source file"):
        build_site(output, PATH=str(content), strict=True)
    assert {p: p.read_bytes() for p in output.rglob("*") if p.is_file()} == before
    assert not (tmp_path / "output.building").exists()


def test_the_previous_site_is_deleted_after_the_new_one_is_in_place(tmp_path: Path):
    content = write_collection(tmp_path / "content", with_skipped=False)
    output = build_site(tmp_path / "output", PATH=str(content))
    (output / "gone.html").write_text("from the previous build", encoding="utf-8")
    leftover = tmp_path / "output.previous-left-by-a-power-cut"
    (leftover / "output").mkdir(parents=True)
    output = build_site(tmp_path / "output", PATH=str(content))
    assert not (output / "gone.html").exists() and (output / "index.html").is_file()
    assert not leftover.exists()  # removed at the start of the build
    deadline = time.monotonic() + 30
    while list(tmp_path.glob("output.previous*")) and time.monotonic() < deadline:
        time.sleep(0.05)  # deleted by a program of its own, after the build
    assert list(tmp_path.glob("output.previous*")) == []


def test_strict_mode_passes_on_a_clean_collection(tmp_path: Path):
    content = write_collection(tmp_path / "content", with_skipped=False)
    output = build_site(tmp_path / "output", PATH=str(content), strict=True)
    assert len(article_pages(output)) == len(ACCEPTED)


def test_two_builds_are_byte_identical(tmp_path: Path):
    content = write_collection(tmp_path / "content")
    first = build_site(tmp_path / "a" / "output", PATH=str(content))
    shutil.rmtree(tmp_path / "a" / "cache", ignore_errors=True)
    second = build_site(tmp_path / "b" / "output", PATH=str(content))
    files = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    for relative in files:
        assert (first / relative).read_bytes() == (second / relative).read_bytes(), relative
    report = "build-report.json"
    assert (first.parent / report).read_bytes() == (second.parent / report).read_bytes()
