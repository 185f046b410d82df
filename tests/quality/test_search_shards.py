"""A large collection's search index comes in shards that the search page merges: a reader
finds articles from every shard, and no shard holds more pages than configured."""

from __future__ import annotations

import json
import os
import shutil
import sys
import threading
from fnmatch import fnmatch
from pathlib import Path
from types import SimpleNamespace

import pytest
from artikel_search import index as search_index
from artikel_search.shards import Shard, plan_shards, shard_count
from serving import serve

from conftest import SEED_ID, build_site, differing_files

from .sample import MARKUP_ID, SPORT_ID

TIMEOUT_MS = 15_000


@pytest.mark.parametrize(
    ("pages", "per_shard", "expected"),
    [
        (0, 4000, 1),
        (4000, 4000, 1),
        (4001, 4000, 2),
        (10_000, 4000, 4),
        (100_000, 1600, 64),
        (10**7, 4000, 256),
    ],
)
def test_shard_count_is_the_smallest_even_split_that_fits(pages, per_shard, expected):
    assert shard_count(pages, per_shard) == expected


def test_shards_cover_every_first_hex_digit_once():
    ids = [f"{digit}{digit * 15}" for digit in "0123456789abcdef"] * 625
    shards = plan_shards(ids, 4000, "pagefind", "artikel/{id}/index.html")
    assert [s.bundle for s in shards] == ["pagefind", "pagefind-2", "pagefind-3", "pagefind-4"]
    assert [s.glob for s in shards] == [
        "artikel/[0123]*/index.html",
        "artikel/[4567]*/index.html",
        "artikel/[89ab]*/index.html",
        "artikel/[cdef]*/index.html",
    ]


def test_more_than_sixteen_shards_split_by_the_second_hex_digit():
    ids = [f"{first}{second}{'0' * 14}" for first in "0123456789abcdef" for second in "0f"]
    shards = plan_shards(ids * 100, 100, "pagefind", "artikel/{id}/index.html")
    assert len(shards) == 32
    assert [s.glob for s in shards[:3]] == [
        "artikel/0[01234567]*/index.html",
        "artikel/0[89abcdef]*/index.html",
        "artikel/1[01234567]*/index.html",
    ]
    matched = [[i for i in ids if fnmatch(f"artikel/{i}/index.html", s.glob)] for s in shards]
    assert sorted(i for group in matched for i in group) == sorted(ids)


def test_ranges_without_articles_get_no_bundle():
    shards = plan_shards(["3f", "a1", "fe", "0f", "9a"], 2, "pagefind", "artikel/{id}/index.html")
    assert [(s.bundle, s.glob) for s in shards] == [
        ("pagefind", "artikel/[0123]*/index.html"),
        ("pagefind-2", "artikel/[89ab]*/index.html"),
        ("pagefind-3", "artikel/[cdef]*/index.html"),
    ]


@pytest.fixture(scope="module")
def sharded_site(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample (6 articles) with at most 2 articles a shard: 4 ranges, one of them empty."""
    output = tmp_path_factory.mktemp("sharded") / "output"
    return build_site(output, PATH=str(sample_content), ARTIKEL_SEARCH_SHARD_PAGES=2)


def test_every_article_is_in_exactly_one_shard(sharded_site: Path):
    counts = {
        bundle.name: json.loads((bundle / "pagefind-entry.json").read_text())["languages"]["de"][
            "page_count"
        ]
        for bundle in sorted(sharded_site.glob("pagefind*"))
    }
    assert list(counts) == ["pagefind", "pagefind-2", "pagefind-3"]
    assert sum(counts.values()) == len(list(sharded_site.glob("artikel/*/index.html")))


@pytest.mark.parametrize(
    ("query", "article_id"),
    [("Wostotschny", SEED_ID), ("Pokalfinale", SPORT_ID), ("Softwarekonzerns", MARKUP_ID)],
)
def test_search_finds_articles_in_every_shard(sharded_site: Path, browser, query, article_id):
    with serve(sharded_site, "/repo/") as base_url:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        failed: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page.goto(f"{base_url}suche/?q={query}")
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for()
        links = [results.nth(i).get_attribute("href") for i in range(results.count())]
        page.close()
    assert f"/repo/artikel/{article_id}/" in links
    assert failed == []


def test_unchanged_shards_are_reused_and_edits_are_indexed(
    sample_content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    content = tmp_path / "content"
    shutil.copytree(sample_content, content)
    built: list[str] = []
    commands: list[list[str]] = []
    start_pagefind, command_of = (
        search_index.BackgroundIndex.start_pagefind,
        search_index.pagefind_command,
    )

    def counting_start(index: search_index.BackgroundIndex, shard: Shard, records: Path) -> None:
        built.append(shard.bundle)
        start_pagefind(index, shard, records)

    def recorded_command(*args: object) -> list[str]:
        commands.append(command_of(*args))
        return commands[-1]

    monkeypatch.setattr(search_index.BackgroundIndex, "start_pagefind", counting_start)
    monkeypatch.setattr(search_index, "pagefind_command", recorded_command)

    def build(place: str) -> Path:
        built.clear()
        commands.clear()
        return build_site(
            tmp_path / place / "output", PATH=str(content), ARTIKEL_SEARCH_SHARD_PAGES=2
        )

    build("site")
    assert len(built) == 3
    # Pagefind is the build's longest chain: at normal priority.
    assert [Path(command[0]).name for command in commands] == ["pagefind"] * 3
    build("site")
    assert built == []  # every bundle came from the cache
    seed = next((content / "articles").glob(f"*{SEED_ID}.txt"))
    seed.write_text(seed.read_text(encoding="utf-8") + " Quastenflosser.", encoding="utf-8")
    edited = build("site")
    assert built == ["pagefind"]  # only the seed's bundle: other pages changed outside the body
    # One bundle of three: Pagefind leaves the cores to the rest of the build.
    assert [Path(part).name for part in commands[-1][:4]] == ["nice", "-n", "10", "pagefind"]
    assert differing_files(edited, build("fresh")) == []


@pytest.mark.skipif(sys.platform != "linux", reason="a niceness per thread is Linux's")
@pytest.mark.parametrize(
    ("to_build", "low_priority", "yields"),
    [(3, False, True), (1, True, False), (0, False, False)],
)
def test_the_rendering_yields_to_pagefind_while_it_is_the_longest_chain(
    monkeypatch: pytest.MonkeyPatch, to_build: int, low_priority: bool, yields: bool
):
    before = os.getpriority(os.PRIO_PROCESS, 0)
    if before >= 19:
        pytest.skip("this process already runs at the lowest priority")
    target = before + 1  # niceness cannot be lowered again: relative to where the tests are
    monkeypatch.setattr(search_index, "RENDERING_PRIORITY", target)
    index = SimpleNamespace(to_build=to_build, low_priority=low_priority)
    monkeypatch.setattr(search_index, "_current", [index])
    seen: list[int] = []

    def render() -> None:  # on a thread of its own, which ends with its niceness
        search_index.yield_to_index(None)
        seen.append(os.getpriority(os.PRIO_PROCESS, 0))

    thread = threading.Thread(target=render)
    thread.start()
    thread.join()
    assert seen == [target if yields else before]
    assert os.getpriority(os.PRIO_PROCESS, 0) == before  # the other threads keep theirs
