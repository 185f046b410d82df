"""Build the Pagefind search index over the written article pages."""

from __future__ import annotations

import asyncio
import hashlib
import logging
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

from .shards import Shard, plan_shards

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    """The search index could not be built."""


def shards_for(settings: dict[str, Any], article_ids: list[str]) -> list[Shard]:
    # Article pages only: list pages, the search page and the 404 page are never results.
    article_glob = settings["ARTICLE_SAVE_AS"].replace("{slug}", "{id}")
    return plan_shards(
        article_ids,
        settings["ARTIKEL_SEARCH_SHARD_PAGES"],
        settings["ARTIKEL_SEARCH_BUNDLE"],
        article_glob,
    )


async def build_shard(site: Path, shard: Shard) -> None:
    """Index the pages of one shard.

    Pagefind indexes only the parts of a page inside ``data-pagefind-body``, so the theme
    decides what of an article is searchable.
    """
    async with PagefindIndex(IndexConfig(output_path=str(site / shard.bundle))) as index:
        await index.add_directory(str(site), glob=shard.glob)


def shard_digest(site: Path, shard: Shard) -> str:
    """What a shard's bundle is made from: the bytes of its pages, under their paths."""
    digest = hashlib.blake2b(digest_size=16)
    for page in sorted(site.glob(shard.glob)):
        digest.update(page.relative_to(site).as_posix().encode() + b"\0")
        digest.update(page.read_bytes())
    return digest.hexdigest()


async def build_shards(site: Path, shards: list[Shard], cache: Path | None) -> tuple[int, int]:
    """Build the shards one after another (only one in memory at a time); a shard whose pages
    are unchanged since a cached build is copied from the cache. Returns (built, reused)."""
    built = reused = 0
    for shard in shards:
        stored = cache / f"{shard.bundle}-{shard_digest(site, shard)}" if cache else None
        if stored and stored.is_dir():
            shutil.copytree(stored, site / shard.bundle)
            reused += 1
            continue
        await build_shard(site, shard)
        built += 1
        if stored:
            for old in cache.glob(f"{shard.bundle}-*"):
                shutil.rmtree(old)
            shutil.copytree(site / shard.bundle, stored)
    return built, reused


def announce_bundles(generator: Any) -> None:
    """``article_generator_finalized``: tell the search page which bundles to merge."""
    settings = generator.settings
    if settings["ARTIKEL_SEARCH"]:
        shards = shards_for(settings, [article.slug for article in generator.articles])
        generator.context["search_bundles"] = [shard.bundle for shard in shards]


def index_site(pelican: Any) -> None:
    """``finalized`` handler: write the search bundles into the output folder."""
    settings = pelican.settings
    if not settings["ARTIKEL_SEARCH"]:
        return
    site = Path(pelican.output_path).resolve()
    # The ids of the written article pages: the same articles the search page was told about.
    pages = site.glob(settings["ARTICLE_SAVE_AS"].replace("{slug}", "*"))
    shards = shards_for(settings, [page.parent.name for page in pages])
    # A thread of its own gets a fresh event loop: the livereload server runs builds from
    # inside its loop, where asyncio.run() would refuse to start.
    # Pagefind's output depends only on the pages, so a bundle is reused while they are unchanged.
    cache = Path(settings["CACHE_PATH"]) / "search" if settings.get("CACHE_CONTENT") else None
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            built, reused = pool.submit(asyncio.run, build_shards(site, shards, cache)).result()
        except Exception as error:
            raise SearchIndexError(f"Search index for {site} failed: {error}") from error
    logger.info("Search index: %d bundle(s) built, %d reused", built, reused)
