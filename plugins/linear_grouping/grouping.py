"""Group articles in linear time instead of Pelican's quadratic list scans.

Pelican 4.12 finds the articles of each year or month archive with
``[a for a in articles if a in dates]`` and the date-ordered articles of each tag, category
and author with ``[a for a in self.dates if a in articles]``: a scan of a list for every
article. At 10,000 articles that already costs seconds; with several keywords (tags) per
article and 100,000 articles it would take hours. Here the same lists are built from one
position index per build, in the same order, so the pages are byte for byte the same.

The methods replaced are those of the pinned Pelican version; ``tests/test_linear_grouping.py``
builds a site with and without them and compares every file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

# Pelican's own implementations, kept so that they can be restored (tests do).
REPLACED = ("_build_period_archives", "generate_tags", "generate_categories", "generate_authors")
ORIGINALS = {name: getattr(ArticlesGenerator, name) for name in REPLACED}


def in_date_order(generator: ArticlesGenerator) -> Callable[[Iterable[Any]], list[Any]]:
    """A function that returns articles in ``generator.dates`` order, dropping any not there
    (as Pelican's scan of ``dates`` does)."""
    position = {id(article): index for index, article in enumerate(generator.dates)}

    def order(articles: Iterable[Any]) -> list[Any]:
        listed = [a for a in articles if id(a) in position]
        return sorted(listed, key=lambda a: position[id(a)])

    return order


def build_period_archives(
    self: ArticlesGenerator, sorted_articles: list[Any], articles: list[Any], settings: dict
) -> dict[str, list[dict[str, Any]]]:
    # Pelican groups ``sorted_articles`` into periods itself; only its per-period scan of
    # ``articles`` is quadratic, so it gets none and each period is filled in one pass.
    archives = ORIGINALS["_build_period_archives"](self, sorted_articles, [], settings)
    for periods in archives.values():
        period_of = {}
        for archive in periods:
            archive["articles"] = []
            period_of.update((id(article), archive) for article in archive["dates"])
        for article in articles:
            if (archive := period_of.get(id(article))) is not None:
                archive["articles"].append(article)
    return archives


def write_groups(
    generator: ArticlesGenerator,
    write: Callable[..., None],
    groups: Iterable[tuple[Any, list[Any]]],
    kind: str,
) -> None:
    """Write one page (or paginated pages) per tag, category or author, as Pelican does."""
    template = generator.get_template(kind)
    order = in_date_order(generator)
    for group, articles in groups:
        try:
            write(
                group.save_as,
                template,
                generator.context,
                url=group.url,
                articles=articles,
                dates=order(articles),
                template_name=kind,
                blog=True,
                page_name=group.page_name,
                all_articles=generator.articles,
                **{kind: group},
            )
        except FileOverwriteFailedError:
            if group.slug:
                logger.error('Failed to write %s page for "%s".', kind, group)
                raise
            logger.info('%s "%s" has an invalid slug; skipping its page.', kind.title(), group)


def generate_tags(self: ArticlesGenerator, write: Callable[..., None]) -> None:
    write_groups(self, write, self.tags.items(), "tag")


def generate_categories(self: ArticlesGenerator, write: Callable[..., None]) -> None:
    write_groups(self, write, self.categories, "category")


def generate_authors(self: ArticlesGenerator, write: Callable[..., None]) -> None:
    write_groups(self, write, self.authors, "author")


REPLACEMENTS = {
    "_build_period_archives": build_period_archives,
    "generate_tags": generate_tags,
    "generate_categories": generate_categories,
    "generate_authors": generate_authors,
}


def register() -> None:
    for name in REPLACED:
        setattr(ArticlesGenerator, name, REPLACEMENTS[name])
