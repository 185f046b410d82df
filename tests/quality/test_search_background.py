"""The search index is built beside the rendering: it starts once the article pages are
written, fails the build when Pagefind fails, and a failed build leaves no indexer running.
A bundle is reused while what Pagefind reads of its pages is unchanged."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from artikel_search import index as search_index
from artikel_search.searchable import searchable_part
from artikel_search.shards import Shard
from pelican import signals

from conftest import SEED_ID, build_site

from .sample import ARTICLE_COUNT, MARKUP_ID

# How long the rendering waits for the index to start before the test gives up.
START_TIMEOUT_S = 30


@pytest.fixture(scope="module")
def article_page(local_site) -> bytes:
    return (local_site.output / "artikel" / MARKUP_ID / "index.html").read_bytes()


def body_end(page: bytes) -> int:
    return page.index(b"</article>") + len(b"</article>")


def test_links_after_the_body_do_not_count(article_page: bytes):
    # Related articles and topic neighbours change when other articles change.
    end = body_end(article_page)
    relinked = article_page[:end] + b'<nav><a href="../x/">Anderer Artikel</a></nav>'
    assert searchable_part(relinked + article_page[end:]) == searchable_part(article_page)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (b'<html lang="de">', b'<html lang="en">'),  # Pagefind's language
        (b"<title>", b"<title>Neu: "),  # Pagefind's fallback title
        (b"<h1>", b"<h1>Neu: "),  # Pagefind's title
        (b'<div class="article-body">', b'<div class="article-body"><p>Quastenflosser</p>'),
    ],
)
def test_what_pagefind_reads_counts(article_page: bytes, old: bytes, new: bytes):
    assert old in article_page
    changed = article_page.replace(old, new, 1)
    assert searchable_part(changed) != searchable_part(article_page)


@pytest.mark.parametrize(
    "read_after_body",
    [
        b'<p data-pagefind-filter="ressort">Sport</p>',
        b'<span data-pagefind-meta="autor">Anna</span>',
        b"<h1>Zweiter Titel</h1>",
        b'<img src="bild.jpg" alt="Bild">',
    ],
)
def test_what_pagefind_reads_after_the_body_counts(article_page: bytes, read_after_body: bytes):
    end = body_end(article_page)
    changed = article_page[:end] + read_after_body + article_page[end:]
    assert searchable_part(changed) != searchable_part(article_page)


def test_a_nested_article_does_not_end_the_body(article_page: bytes):
    nested = article_page.replace(
        b'<div class="article-body">', b'<div class="article-body"><article>Zitat</article>', 1
    )
    later_word = nested.replace(b"</article>\n", b"</article>\n<p>Nachtrag</p>", 1)
    assert b"Nachtrag" in later_word
    assert searchable_part(later_word) != searchable_part(nested)


def test_a_page_without_a_body_counts_whole():
    page = b'<html lang="de"><body><p>Text</p><nav>Links</nav></body></html>'
    assert searchable_part(page) == page


def test_index_is_built_while_the_list_pages_render(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The first page after the article pages holds the rendering until the index has
    started: if it only started at ``finalized``, this wait would run out."""
    started = threading.Event()
    threads: list[str] = []
    build_shard = search_index.BackgroundIndex.build_shard

    def recording_build_shard(
        index: search_index.BackgroundIndex, shard: Shard, *more: object
    ) -> str:
        threads.append(threading.current_thread().name)
        started.set()
        return build_shard(index, shard, *more)

    monkeypatch.setattr(search_index.BackgroundIndex, "build_shard", recording_build_shard)
    waits: list[bool] = []

    def hold_first_list_page(path: str, **_context: object) -> None:
        if not waits and "/artikel/" not in path:
            waits.append(started.wait(START_TIMEOUT_S))

    signals.content_written.connect(hold_first_list_page)
    try:
        site = build_site(tmp_path / "output", PATH=str(sample_content))
    finally:
        signals.content_written.disconnect(hold_first_list_page)
    assert waits == [True]
    assert threads == ["artikel-search"]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == ARTICLE_COUNT


def shard_of(article_id: str) -> int:
    """The shard of an id when there are four: ranges of four first hex digits."""
    return int(article_id[0], 16) // 4


def test_first_shard_is_indexed_while_article_pages_are_written(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Article pages are written shard by shard: the first page of the second shard waits
    until the first shard is being indexed, which would time out if indexing began only
    once every article page was written."""
    started = threading.Event()
    build_shard = search_index.BackgroundIndex.build_shard

    def recording_build_shard(
        index: search_index.BackgroundIndex, shard: Shard, *more: object
    ) -> str:
        started.set()
        return build_shard(index, shard, *more)

    monkeypatch.setattr(search_index.BackgroundIndex, "build_shard", recording_build_shard)
    written: list[str] = []
    waits: list[bool] = []

    def hold_second_shard(path: str, **_context: object) -> None:
        if "/artikel/" in path:
            written.append(Path(path).parent.name)
            if not waits and shard_of(written[-1]) != shard_of(written[0]):
                waits.append(started.wait(START_TIMEOUT_S))

    signals.content_written.connect(hold_second_shard)
    try:
        # Two articles a bundle: the sample's articles fall into three shards.
        site = build_site(
            tmp_path / "output", PATH=str(sample_content), ARTIKEL_SEARCH_SHARD_PAGES=2
        )
    finally:
        signals.content_written.disconnect(hold_second_shard)
    assert waits == [True]
    assert [shard_of(i) for i in written] == sorted(shard_of(i) for i in written)
    bundles = sorted(site.glob("pagefind*"))
    assert len(bundles) == 3
    indexed = sum(
        json.loads((b / "pagefind-entry.json").read_text())["languages"]["de"]["page_count"]
        for b in bundles
    )
    assert indexed == ARTICLE_COUNT


def test_failing_pagefind_fails_the_build(sample_content: Path, tmp_path: Path):
    # A bundle folder inside an article's page file: Pagefind cannot write it.
    bundle = f"artikel/{SEED_ID}/index.html/pagefind"
    output = tmp_path / "output"
    with pytest.raises(search_index.SearchIndexError) as failure:
        build_site(output, PATH=str(sample_content), ARTIKEL_SEARCH_BUNDLE=bundle)
    message = str(failure.value)
    assert f"Search index for {output}" in message  # the site (its staging folder)
    assert "Not a directory" in message  # Pagefind's reason
    assert not output.exists()


def test_failed_build_leaves_no_index_behind(sample_content: Path, tmp_path: Path):
    """Rendering fails after the article pages, with the index under way; the next build
    into the same folder gets a complete index of its own and no indexer is left running."""
    output = tmp_path / "output"
    unwritable = f"artikel/{SEED_ID}/index.html/suche.html"
    with pytest.raises(OSError):
        build_site(output, PATH=str(sample_content), SEARCH_SAVE_AS=unwritable)
    site = build_site(output, PATH=str(sample_content))
    assert [t for t in threading.enumerate() if t.name == "artikel-search"] == []
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == ARTICLE_COUNT
