"""Store each article's URL once everything it is made of is final.

Pelican computes ``article.url`` anew on every access: the URL setting formatted with a copy
of the metadata and the source path made relative (``abspath`` twice, ``relpath``). Every
list shows the URL of each of its articles, and so do feeds, the sitemap and the related and
neighbouring links of other articles: a site of 10,000 articles computed it some 200,000
times (≈ 11 s of a profiled build). Pelican lets content carry ``override_url`` (the
``url`` metadata), which ``url`` returns as it is. When all generators are finalized, the
slugs, dates, topics and languages the URL is made of are final (our metadata plugins run
before), so each article's and page's own URL is stored there and every later access is an
attribute read.

Only the URL. Storing ``save_as`` too (``override_save_as``) would make Pelican let that page
overwrite another page's file (``override_output``); it is read only a few times per article.
Static files are left alone: whether one carries ``override_url`` decides if an ``{attach}``
link may still move it. After this signal Pelican rewrites the fields in
``FORMATTED_FIELDS`` (the summary's links); if a URL setting uses one of them, no URL is
stored.

``tests/test_frozen_urls.py`` builds a site with and without this plugin and compares every
file; ``tests/test_page_cache.py`` checks that a renamed article's new URL is on every page
after a cached rebuild.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from string import Formatter
from typing import Any

from pelican import signals
from pelican.contents import Article, Page

logger = logging.getLogger(__name__)

# The generators' lists of articles and pages, everything that may be written or linked.
CONTENT_LISTS = (
    "articles",
    "translations",
    "hidden_articles",
    "hidden_translations",
    "drafts",
    "drafts_translations",
    "pages",
    "hidden_pages",
    "draft_pages",
    "draft_translations",
)


def url_fields(settings: dict[str, Any]) -> set[str]:
    """The metadata fields any ``…_URL`` setting is formatted with."""
    fields = set()
    for name, pattern in settings.items():
        if name.endswith("_URL") and isinstance(pattern, str):
            for _, field, _, _ in Formatter().parse(pattern):
                if field:
                    fields.add(re.split(r"[.\[]", field, maxsplit=1)[0])
    return fields


def contents(generators: Iterable[Any]) -> Iterator[Article | Page]:
    seen: set[int] = set()
    for generator in generators:
        for name in CONTENT_LISTS:
            for content in getattr(generator, name, ()):
                if isinstance(content, (Article, Page)) and id(content) not in seen:
                    seen.add(id(content))
                    yield content


def freeze_urls(generators: list[Any]) -> None:
    settings = generators[0].settings
    refreshed = {field.lower() for field in settings.get("FORMATTED_FIELDS", ())}
    if used := url_fields(settings) & refreshed:
        logger.info("URLs use %s, which change later: computed on every use", sorted(used))
        return
    for content in contents(generators):
        if not hasattr(content, "override_url"):
            content.override_url = content.url


def register() -> None:
    signals.all_generators_finalized.connect(freeze_urls)
