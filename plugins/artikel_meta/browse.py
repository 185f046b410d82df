"""What the browsing pages need once every article has its topic and keywords:
neighbours within a topic, the topic overview, the chart data and the keyword index.

Also replaces Pelican's tag and category page writers with linear ones: Pelican
filters the whole date-sorted list for every tag (``article in articles`` per
article), which is quadratic in the collection size once every article has
several keywords.
"""

from __future__ import annotations

import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from pelican.urlwrappers import Category

NEWEST_PER_TOPIC = 3
# Below this many years on the chart, months are shown instead.
MIN_YEARS_FOR_YEARLY_CHART = 2


def chronological(articles: list[Any]) -> list[Any]:
    """Oldest first; articles of the same date in a stable order (by source path)."""
    return sorted(articles, key=lambda a: (a.date, a.source_path))


def link_topic_neighbours(categories: list[tuple[Category, list[Any]]]) -> None:
    """Each article's older and newer article in the same topic, or None."""
    for _, articles in categories:
        ordered = chronological(articles)
        for index, article in enumerate(ordered):
            article.topic_older = ordered[index - 1] if index > 0 else None
            article.topic_newer = ordered[index + 1] if index + 1 < len(ordered) else None


@dataclass(frozen=True)
class TopicSummary:
    name: str
    category: Category
    count: int
    newest: list[Any]


def topic_overview(
    topic_names: tuple[str, ...], categories: list[tuple[Category, list[Any]]], settings: dict
) -> list[TopicSummary]:
    """Every configured topic in the lexicon's order, with its count and newest articles."""
    by_name = {category.name: (category, articles) for category, articles in categories}
    extra = [name for name in by_name if name not in topic_names]
    overview = []
    for name in (*topic_names, *extra):
        category, articles = by_name.get(name, (Category(name, settings), []))
        newest = sorted(articles, key=lambda a: (a.date, a.source_path), reverse=True)
        overview.append(TopicSummary(name, category, len(articles), newest[:NEWEST_PER_TOPIC]))
    return overview


@dataclass(frozen=True)
class ChartRow:
    topic: TopicSummary
    counts: list[int]


@dataclass(frozen=True)
class TopicChart:
    """Articles per topic and period; labels and drawing live in the template."""

    granularity: str  # "year" or "month"
    periods: list[tuple[int, ...]]  # (year,) or (year, month)
    rows: list[ChartRow]
    maximum: int


def topic_chart(overview: list[TopicSummary], articles: list[Any]) -> TopicChart:
    dated = [a for a in articles if getattr(a, "date_precision", "day") != "none"]
    years = sorted({a.date.year for a in dated})
    yearly = len(years) >= MIN_YEARS_FOR_YEARLY_CHART

    def period_of(article: Any) -> tuple[int, ...]:
        return (article.date.year,) if yearly else (article.date.year, article.date.month)

    if yearly:
        periods = [(year,) for year in range(years[0], years[-1] + 1)]
    else:
        months = sorted({period_of(a) for a in dated})
        first, last = (months[0], months[-1]) if months else ((0, 1), (0, 0))
        periods = [(first[0], month) for month in range(first[1], last[1] + 1)]
    counts: dict[str, Counter] = defaultdict(Counter)
    for article in dated:
        counts[article.category.name][period_of(article)] += 1
    rows = [ChartRow(t, [counts[t.name][p] for p in periods]) for t in overview]
    maximum = max((c for row in rows for c in row.counts), default=0)
    return TopicChart("year" if yearly else "month", periods, rows, maximum)


def sort_name(name: str) -> str:
    """German dictionary order: umlauts sort with their base letter, case ignored."""
    decomposed = unicodedata.normalize("NFD", name.casefold().replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def keyword_index(tags: dict[Any, list[Any]]) -> list[tuple[str, list[tuple[Any, int]]]]:
    """Keywords grouped by initial letter ("#" for digits and signs), each with its count."""
    groups: dict[str, list[tuple[Any, int]]] = defaultdict(list)
    for tag in sorted(tags, key=lambda t: (sort_name(t.name), t.name)):
        initial = sort_name(tag.name)[:1].upper()
        groups[initial if initial.isalpha() else "#"].append((tag, len(tags[tag])))
    return sorted(groups.items(), key=lambda item: (item[0] != "#", item[0]))


def prepare_browsing(generator: Any) -> None:
    """article_generator_finalized: all articles, categories and tags are known."""
    link_topic_neighbours(generator.categories)
    overview = topic_overview(
        generator.context.get("topic_names", ()), generator.categories, generator.settings
    )
    generator.context["topic_overview"] = overview
    generator.context["topic_chart"] = topic_chart(overview, generator.articles)
    generator.context["keyword_index"] = keyword_index(generator.tags)
