"""Group articles in linear time instead of Pelican's quadratic list scans.

Pelican 4.12 finds the articles of each year or month archive with
``[a for a in articles if a in dates]``, the date-ordered articles of each tag, category
and author with ``[a for a in self.dates if a in articles]``, and translations with
``[x for x in content_list if x not in index]``: a scan of a list for every article.
At 10,000 articles that already costs seconds; with several keywords (tags) per article and
100,000 articles it would take hours. Here the same lists are built from one position index
per build, in the same order, so the pages are byte for byte the same.

The functions replaced are those of the pinned Pelican version;
``tests/test_linear_grouping.py`` builds a site with and without them and compares every file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable
from itertools import groupby
from operator import attrgetter
from typing import Any

from pelican import generators
from pelican.generators import ArticlesGenerator
from pelican.writers import FileOverwriteFailedError

logger = logging.getLogger(__name__)

# Where each replaced function lives, and Pelican's own (tests restore them).
REPLACED = (
    (ArticlesGenerator, "_build_period_archives"),
    (ArticlesGenerator, "generate_tags"),
    (ArticlesGenerator, "generate_categories"),
    (ArticlesGenerator, "generate_authors"),
    (generators, "process_translations"),
)
ORIGINALS = {(owner, name): getattr(owner, name) for owner, name in REPLACED}


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
    archives = ORIGINALS[ArticlesGenerator, "_build_period_archives"](
        self, sorted_articles, [], settings
    )
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


def process_translations(
    content_list: list[Any], translation_id: str | Collection[str] | None = None
) -> tuple[list[Any], list[Any]]:
    """Pelican's own, called once per translation group (usually a single article), in
    which its final scan is cheap; the result is the same, in the same order."""
    original = ORIGINALS[generators, "process_translations"]
    if not translation_id:
        return original(content_list, translation_id)
    key = attrgetter(*([translation_id] if isinstance(translation_id, str) else translation_id))
    try:
        content_list.sort(key=key)
    except (TypeError, AttributeError):
        return original(content_list, translation_id)  # raises Pelican's explanation
    index: list[Any] = []
    translations: list[Any] = []
    for _, group in groupby(content_list, key):
        group_index, group_translations = original(list(group), translation_id)
        index += group_index
        translations += group_translations
    return index, translations


REPLACEMENTS = {
    "_build_period_archives": build_period_archives,
    "generate_tags": generate_tags,
    "generate_categories": generate_categories,
    "generate_authors": generate_authors,
    "process_translations": process_translations,
}


def register() -> None:
    for owner, name in REPLACED:
        setattr(owner, name, REPLACEMENTS[name])
