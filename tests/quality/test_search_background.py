"""The search index is built beside the metadata step and the rendering, from one record per
article (title and text): it starts before any page is written, fails the build when Pagefind
fails, and a failed build leaves no indexer running."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from artikel_search import index as search_index
from artikel_search.shards import Shard
from bs4 import BeautifulSoup
from pelican import signals, writers

from conftest import SEED_ID, build_site

from .sample import ARTICLE_COUNT

# How long the rendering waits for the index to start before the test gives up.
START_TIMEOUT_S = 30


def fragments(site: Path) -> dict[str, dict]:
    """Pagefind's stored result of every indexed page, by its URL."""
    found = {}
    for bundle in site.glob("pagefind*"):
        for file in (bundle / "fragment").iterdir():
            fragment = json.loads(gzip.decompress(file.read_bytes()).removeprefix(b"pagefind_dcd"))
            found[fragment["url"]] = fragment
    return found


def test_index_holds_each_article_title_and_text_only(local_site):
    """The search record: what surrounds an article's text on its page (date line, keywords,
    related articles, neighbours) is never what a search finds."""
    site = local_site.output
    found = fragments(site)
    assert len(found) == ARTICLE_COUNT
    page = BeautifulSoup(
        (site / "artikel" / SEED_ID / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    seed = found[f"/artikel/{SEED_ID}/"]
    title = page.h1.get_text()
    assert seed["meta"]["title"] == title
    # The stored text: the title, then each block of the article's text, and nothing else
    # (Pagefind adds a full stop after a heading).
    content = " ".join(seed["content"].split())
    assert content.startswith(" ".join(title.split()))
    texts = page.select(".article-body :is(p, h2, figcaption)")
    blocks = [" ".join(b.get_text().split()) for b in texts]
    assert all(block in content for block in blocks)
    assert len(content) <= len(title) + sum(len(block) + 2 for block in blocks)
    around = [page.select_one(".keywords-of-article"), page.select_one(".meta")]
    for element in around + page.select(".related a, .topic-nav a"):
        assert element.get_text(" ", strip=True) not in seed["content"]


def test_index_starts_before_the_pages_are_written(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Pagefind reads the search records, not the pages: the first page waits until a shard
    is being indexed, which would time out if indexing waited for the article pages."""
    started = threading.Event()
    threads: list[str] = []
    start_pagefind = search_index.BackgroundIndex.start_pagefind

    def recording_start(index: search_index.BackgroundIndex, shard: Shard, records: Path) -> None:
        threads.append(threading.current_thread().name)
        started.set()
        start_pagefind(index, shard, records)

    monkeypatch.setattr(search_index.BackgroundIndex, "start_pagefind", recording_start)
    waits: list[bool] = []

    def hold_first_page(path: str, **_context: object) -> None:
        if not waits:
            waits.append(started.wait(START_TIMEOUT_S))

    signals.content_written.connect(hold_first_page)
    try:
        # Two articles a bundle: the sample's articles fall into three shards.
        site = build_site(
            tmp_path / "output", PATH=str(sample_content), ARTIKEL_SEARCH_SHARD_PAGES=2
        )
    finally:
        signals.content_written.disconnect(hold_first_page)
    assert waits == [True]
    assert set(threads) == {"artikel-search"}
    bundles = sorted(site.glob("pagefind*"))
    assert len(bundles) == 3
    assert len(fragments(site)) == ARTICLE_COUNT


def test_failing_pagefind_fails_the_build(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\necho 'Error: No space left on device' >&2\nexit 3\n")
    failing.chmod(0o755)
    monkeypatch.setattr(search_index, "get_executable", lambda: failing)
    output = tmp_path / "output"
    with pytest.raises(search_index.SearchIndexError) as failure:
        build_site(output, PATH=str(sample_content))
    message = str(failure.value)
    assert f"Search index for {output}" in message  # the site (its staging folder)
    assert "status 3" in message
    assert "No space left on device" in message  # Pagefind's reason
    assert not output.exists()


def test_failed_build_leaves_no_index_behind(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Rendering fails after the article pages, with the index under way; the next build
    into the same folder gets a complete index of its own and no indexer is left running."""
    output = tmp_path / "output"
    place_page = writers.sanitised_join

    def failing_for_the_search_page(folder: str, name: str) -> str:
        if name == "suche/index.html":
            raise OSError(28, "No space left on device")
        return place_page(folder, name)

    with monkeypatch.context() as failing:
        failing.setattr(writers, "sanitised_join", failing_for_the_search_page)
        with pytest.raises(OSError, match="No space left"):
            build_site(output, PATH=str(sample_content))
    site = build_site(output, PATH=str(sample_content))
    assert [t for t in threading.enumerate() if t.name == "artikel-search"] == []
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == ARTICLE_COUNT


def test_search_shows_the_title_set_in_the_overrides_file(sample_content: Path, tmp_path: Path):
    """Indexing starts before keywords and related articles, but after the overrides."""
    content = tmp_path / "content"
    shutil.copytree(sample_content, content)
    title = "Putin empfängt Kim auf dem Weltraumbahnhof"
    (content / "overrides.toml").write_text(f'[{SEED_ID}]\ntitle = "{title}"\n', encoding="utf-8")
    site = build_site(tmp_path / "output", PATH=str(content))
    seed = fragments(site)[f"/artikel/{SEED_ID}/"]
    assert seed["meta"]["title"] == title
    assert seed["content"].startswith(title)


def test_records_of_a_killed_build_are_removed_by_the_next(sample_content: Path, tmp_path: Path):
    """Records live in memory (/dev/shm) when there is room: a killed build's must not stay."""
    probe = search_index.scratch_folder()
    probe.rmdir()
    finished = subprocess.Popen(["true"])
    finished.wait()
    gone = probe.parent / f"artikel-search-{finished.pid}-left"
    alive = probe.parent / f"artikel-search-{os.getpid()}-in-use"
    for folder in (gone, alive):
        (folder / "pagefind").mkdir(parents=True)
    try:
        build_site(tmp_path / "output", PATH=str(sample_content))
        assert not gone.exists()
        assert alive.exists()  # this process is still running
    finally:
        shutil.rmtree(gone, ignore_errors=True)
        shutil.rmtree(alive, ignore_errors=True)
