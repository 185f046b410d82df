"""Signal handlers: per-article metadata and the collection-wide keywords and related articles.

Everything starts at ``article_generator_pretaxonomy``: on every build, for cached
and freshly read articles alike, and before Pelican groups articles by
category and tag, so topics and keywords become Pelican categories and tags. Related
articles are worked out meanwhile (``beside.py``) and set at ``article_generator_finalized``.
What depends on one article's text alone was worked out when it was read (``analysis.py``).
"""

from __future__ import annotations

import gc
import html
import logging
import time
from functools import partial
from typing import Any

import blinker
from pelican.urlwrappers import Category, Tag

from .analysis import Analyser, Analysis, content_path
from .beside import Beside
from .dates import format_german_date, iso_date, month_name
from .keywords import KeywordConfig, Mention, choose_keywords, key_of
from .overrides import Override, OverrideFileError, load_overrides, report_unused
from .reader import AnalysingReader
from .reading import reading_minutes
from .related import most_similar_counted
from .topics import Lexicon

logger = logging.getLogger(__name__)

# Sent (by the articles generator) once every article has its final title, topic, date and
# reading time, before the collection-wide keywords and related articles are worked out:
# the search index starts from here (artikel_search).
articles_described = blinker.signal("artikel_articles_described")


class OnePerName(dict):
    """name -> one Pelican URL wrapper (Tag, Category) for all articles: each computes its
    slug once, and the page cache fingerprints it once."""

    def __init__(self, kind: type, settings: dict[str, Any]) -> None:
        super().__init__()
        self.kind, self.settings = kind, settings

    def __missing__(self, name: str) -> Any:
        wrapper = self[name] = self.kind(name, self.settings)
        return wrapper


def describe_date(article: Any) -> None:
    precision = getattr(article, "date_precision", "day")
    article.locale_date = format_german_date(article.date, precision)
    article.iso_date = iso_date(article.date, precision)


def read_overrides(settings: dict[str, Any], lexicon: Lexicon) -> dict[str, Override]:
    path = content_path(settings, "ARTIKEL_OVERRIDES")
    try:
        return load_overrides(path, lexicon.topics)
    except OverrideFileError as error:
        logger.error("%s; building without overrides", error)
        return {}


def analysis_of(article: Any, analyser: Analyser, readers: Any) -> Analysis:
    """The reader's analysis while it is current, else a fresh one. Taken off the article:
    later steps (and the page cache's fingerprints) need none of it. ``readers`` is Pelican's
    (its cache holds each read: content and metadata)."""
    analysis = article.__dict__.pop("analysis", None)
    article.metadata.pop("analysis", None)
    explaining = logger.isEnabledFor(logging.DEBUG)
    if (
        analysis is None
        or analysis.basis != analyser.basis
        or (explaining and analysis.explanation is None)
    ):
        analysis = analyser.analyse(
            article._content, getattr(article, "subheadings", []), article.derived_title
        )
        # Into the reader cache, which Pelican saves after this step: else every later build
        # would analyse the article again (after a lexicon edit, every article, every build).
        cached = readers.get_cached_data(article.source_path, None)
        if _is_read(cached):
            content, metadata = cached
            readers.cache_data(article.source_path, (content, {**metadata, "analysis": analysis}))
    return analysis


def _is_read(data: Any) -> bool:
    return isinstance(data, tuple) and len(data) == 2 and isinstance(data[1], dict)


def reading_analyser(generator: Any) -> Analyser | None:
    """The analyser the reader was given for this build: the same lexicon, read once."""
    reader = generator.readers.readers.get("txt")
    return reader.analyser if isinstance(reader, AnalysingReader) else None


def log_topic(article: Any, override: Override, analysis: Analysis) -> None:
    if override.topic:
        logger.debug(
            "Topic of %s: %s (set in the overrides file); the lexicon's: %s",
            article.source_path,
            override.topic,
            analysis.explanation,
        )
    else:
        logger.debug("Topic of %s: %s", article.source_path, analysis.explanation)


def enrich_articles(generator: Any) -> None:
    """Topic, title override, date display and reading time per article; then keywords
    and related articles over the whole collection."""
    # The step creates millions of small objects; with the whole collection in memory,
    # Python's cycle collector would rescan it again and again (quadratic time).
    collecting = gc.isenabled()
    gc.disable()
    try:
        _enrich_articles(generator)
    finally:
        if collecting:
            gc.enable()


def _enrich_articles(generator: Any) -> None:
    started = time.perf_counter()
    settings = generator.settings
    analyser = reading_analyser(generator) or Analyser.from_settings(settings)
    overrides = read_overrides(settings, analyser.lexicon)
    generator.context["topic_names"] = analyser.lexicon.topics
    articles = generator.articles + generator.hidden_articles + generator.drafts
    analyses = []
    categories = OnePerName(Category, settings)
    for article in articles:
        override = overrides.get(article.slug, Override())
        describe_date(article)
        article.reading_time = reading_minutes(getattr(article, "word_count", 0))
        # Keep the reader's title: Pelican's cache stores articles after this step, and a
        # removed override must bring the derived title back.
        article.derived_title = getattr(article, "derived_title", article.title)
        article.title = (
            html.escape(override.title, quote=False) if override.title else article.derived_title
        )
        analysis = analysis_of(article, analyser, generator.readers)
        article.category = categories[override.topic or analysis.topic]
        log_topic(article, override, analysis)
        analyses.append(analysis)
    report_unused(
        content_path(settings, "ARTIKEL_OVERRIDES"), overrides, {a.slug for a in articles}
    )
    # Published articles come first. Started before the search index, which starts a thread:
    # with no other thread running, the related articles have a process of their own.
    generator.artikel_related = RelatedArticles(
        generator.articles, analyses[: len(generator.articles)]
    )
    articles_described.send(generator)
    # One tuple per distinct mention for the whole collection (the unpacked ones are new).
    distinct_mentions: dict[Mention, Mention] = {}
    mentions = []
    for analysis in analyses:
        found = analysis.mentions()
        mentions.append(tuple(map(distinct_mentions.setdefault, found, found)))
    leads = [analysis.lead_mentions for analysis in analyses]
    del analyses
    assign_keywords(articles, mentions, leads, analyser.config, overrides, settings)
    logger.info("Metadata for %d articles in %.2f s", len(articles), time.perf_counter() - started)


def assign_keywords(
    articles: list[Any],
    mentions: list[tuple[Mention, ...]],
    leads: list[int],
    config: KeywordConfig,
    overrides: dict[str, Override],
    settings: dict[str, Any],
) -> None:
    chosen = choose_keywords(mentions, leads, config)
    tags = OnePerName(Tag, settings)
    # One spelling per keyword page, also for keywords the user set by hand (worked out only
    # then: stemming every chosen keyword costs a quarter of a second at 10,000 articles).
    by_hand = any(override.keywords is not None for override in overrides.values())
    spelling = {key_of(name): name for names in chosen for name in names} if by_hand else {}
    for article, names in zip(articles, chosen, strict=True):
        manual = overrides.get(article.slug, Override()).keywords
        if manual is not None:
            names = [spelling.get(key_of(name), name) for name in manual]
        article.tags = [tags[name] for name in names]
        logger.debug("Keywords of %s: %s", article.source_path, ", ".join(names))


def similar_articles(analyses: list[Analysis], topics: list[str]) -> list[list[tuple[int, float]]]:
    # Unpacked one article at a time as the counts are gathered: about 10 KB each.
    return most_similar_counted(map(Analysis.terms, analyses), topics)


class RelatedArticles:
    """Related articles among the published ones, worked out beside the keyword choice and
    Pelican's grouping into topics, keywords and archives (``beside.py``): counting the terms
    is Python work, which would otherwise take turns with the keyword choice for the
    interpreter lock. ``assign`` sets them once the articles are final."""

    def __init__(self, published: list[Any], analyses: list[Analysis]) -> None:
        self.published = published
        topics = [article.category.name for article in published]
        self.similar = Beside(partial(similar_articles, analyses, topics), "related articles")

    def assign(self) -> None:
        for article, neighbours in zip(self.published, self.similar.result(), strict=True):
            article.related = [self.published[index] for index, _ in neighbours]


def assign_related(generator: Any) -> None:
    """``article_generator_finalized``: related articles before anything shows them."""
    related = getattr(generator, "artikel_related", None)
    if related is not None:
        del generator.artikel_related
        related.assign()


def release_analyses(generator: Any) -> None:
    """``article_generator_finalized``: Pelican has saved its content cache, analyses and
    all. They are used up; kept, they would hold their memory (about 9 KB an article) through
    the rendering and the search indexing."""
    for _stamp, read in getattr(generator.readers, "_cache", {}).values():
        if _is_read(read):
            read[1].pop("analysis", None)


def drop_undated_periods(generator: Any) -> None:
    """Undated articles have no year or month to be filed under; the archive page lists
    them apart. Mutates in place: the template context holds the same dict."""
    for archives in generator.period_archives.values():
        archives[:] = [a for a in archives if a["dates"][0].date_precision != "none"]


def add_template_filters(generator: Any) -> None:
    generator.env.filters.update({"german_date": format_german_date, "month_name": month_name})
