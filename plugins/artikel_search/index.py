"""Build the Pagefind search index over the written article pages."""

from __future__ import annotations

import asyncio
import logging
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


async def build_shard(site: Path, shard: Shard) -> int:
    """Index the pages of one shard; return how many were indexed.

    Pagefind indexes only the parts of a page inside ``data-pagefind-body``, so the theme
    decides what of an article is searchable.
    """
    async with PagefindIndex(IndexConfig(output_path=str(site / shard.bundle))) as index:
        result = await index.add_directory(str(site), glob=shard.glob)
    return result["page_count"]


async def build_shards(site: Path, shards: list[Shard]) -> int:
    # One after another: the point of shards is that only one is in memory at a time.
    return sum([await build_shard(site, shard) for shard in shards])


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
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pages = pool.submit(asyncio.run, build_shards(site, shards)).result()
        except Exception as error:
            raise SearchIndexError(f"Search index for {site} failed: {error}") from error
    logger.info("Search index: %d pages in %d bundle(s)", pages, len(shards))
