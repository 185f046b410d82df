"""Build the Pagefind search index over the written site."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex

logger = logging.getLogger(__name__)


class SearchIndexError(RuntimeError):
    """The search index could not be built."""


async def build_index(site: Path, bundle: Path) -> int:
    """Index every HTML page of ``site`` into ``bundle``; return the number of pages indexed.

    Pagefind indexes only the parts of a page inside ``data-pagefind-body``, and skips pages
    without one, so the theme decides what is searchable (the article bodies).
    """
    async with PagefindIndex(IndexConfig(output_path=str(bundle))) as index:
        result = await index.add_directory(str(site))
    return result["page_count"]


def index_site(pelican: Any) -> None:
    """``finalized`` handler: write the search bundle into the output folder."""
    settings = pelican.settings
    if not settings["ARTIKEL_SEARCH"]:
        return
    site = Path(pelican.output_path).resolve()
    bundle = site / settings["ARTIKEL_SEARCH_BUNDLE"]
    # A thread of its own gets a fresh event loop: the livereload server runs builds from
    # inside its loop, where asyncio.run() would refuse to start.
    with ThreadPoolExecutor(max_workers=1) as pool:
        try:
            pages = pool.submit(asyncio.run, build_index(site, bundle)).result()
        except Exception as error:
            raise SearchIndexError(f"Search index for {site} failed: {error}") from error
    logger.info("Search index: %d pages in %s", pages, bundle)
