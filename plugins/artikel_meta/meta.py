"""Signal handlers: per-article metadata and the collection-wide keywords and related articles.

Everything runs at ``article_generator_pretaxonomy``: on every build, for cached
and freshly read articles alike, and before Pelican groups articles by
category and tag, so topics and keywords become Pelican categories and tags.
"""

from __future__ import annotations

import gc
import html
import logging
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pelican.urlwrappers import Category, Tag

from .dates import format_german_date, iso_date, month_name
from .keywords import (
    GERMAN_STOPWORDS,
    CandidateFinder,
    KeywordConfig,
    Mention,
    choose_keywords,
    key_of,
    tokens_of,
)
from .keywords import load_keyword_config as read_keyword_config
from .overrides import Override, OverrideFileError, load_overrides, report_unused
from .reading import reading_minutes
from .related import most_similar_counted
from .text import ArticleText
from .topics import Lexicon, TopicDecision, classify_words, load_lexicon, stem, words_of_tokens

logger = logging.getLogger(__name__)


def content_path(settings: dict[str, Any], name: str) -> Path:
    """A data-file setting, relative to the content folder unless it is absolute."""
    return Path(settings["PATH"]) / settings[name]


def article_text(article: Any) -> ArticleText:
    return ArticleText.from_html(
        article._content, getattr(article, "subheadings", []), article.derived_title
    )


@dataclass
class Tokens:
    """An article's text split once into the keyword scanner's tokens, per part; the topic,
    the keywords and the related articles all work from these."""

    heading: list[str]
    lead: list[str]
    subheadings: list[list[str]]
    body: list[str]

    @classmethod
    def of(cls, text: ArticleText) -> Tokens:
        return cls(
            tokens_of(text.heading),
            tokens_of(text.lead),
            [tokens_of(s) for s in text.subheadings],
            tokens_of(text.body),
        )

    @property
    def segments(self) -> list[list[str]]:
        return [self.heading, self.lead, *self.subheadings, self.body]


def decide_topic(lexicon: Lexicon, tokens: Tokens, override: Override) -> TopicDecision:
    decision = classify_words(
        lexicon,
        words_of_tokens([t for part in (tokens.heading, *tokens.subheadings) for t in part]),
        words_of_tokens(tokens.lead),
        words_of_tokens(tokens.body),
    )
    if override.topic:
        return replace(decision, topic=override.topic, overridden=True)
    return decision


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


class _RelatedTerm(dict):
    """word -> its stem, or "" for a stop word: what a word adds to an article's similarity."""

    def __missing__(self, word: str) -> str:
        term = self[word] = "" if word.lower() in GERMAN_STOPWORDS else stem(word)
        return term


_RELATED_TERM = _RelatedTerm()


def related_terms(tokens: Tokens, mentions: list[Mention]) -> Counter[str]:
    """Stems of the article's content words plus its multi-word names, counted."""
    terms: Counter[str] = Counter()
    for segment in tokens.segments:
        for word, count in Counter(words_of_tokens(segment)).items():
            terms[_RELATED_TERM[word]] += count
    del terms[""]
    terms.update(m.key for m in mentions if " " in m.key)
    return terms


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
    lexicon = load_lexicon(content_path(settings, "ARTIKEL_LEXICON"))
    overrides = read_overrides(settings, lexicon)
    config = read_keyword_config(
        content_path(settings, "ARTIKEL_KEYWORDS"),
        settings["ARTIKEL_KEYWORDS_PER_ARTICLE"][0],
        settings["ARTIKEL_KEYWORDS_PER_ARTICLE"][1],
    )
    finder = CandidateFinder(config, lambda word: bool(lexicon.match(word)))
    generator.context["topic_names"] = lexicon.topics
    articles = generator.articles + generator.hidden_articles + generator.drafts
    terms, mentions, leads = [], [], []
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
        tokens = Tokens.of(article_text(article))
        decision = decide_topic(lexicon, tokens, override)
        article.topic_decision = decision
        article.category = Category(decision.topic, settings)
        logger.debug("Topic of %s: %s", article.source_path, decision.explain())
        heading, lead, *rest = finder.mentions_of_tokens(tokens.segments)
        mentions.append(heading + lead + [m for segment in rest for m in segment])
        # Counted now, so the tokens need not outlive the article's turn.
        terms.append(related_terms(tokens, mentions[-1]))
        leads.append(len(heading) + len(lead))
    report_unused(
        content_path(settings, "ARTIKEL_OVERRIDES"), overrides, {a.slug for a in articles}
    )
    assign_keywords(articles, mentions, leads, config, overrides, settings)
    assign_related(generator.articles, terms)
    logger.info("Metadata for %d articles in %.2f s", len(articles), time.perf_counter() - started)


def assign_keywords(
    articles: list[Any],
    mentions: list[list[Mention]],
    leads: list[int],
    config: KeywordConfig,
    overrides: dict[str, Override],
    settings: dict[str, Any],
) -> None:
    chosen = choose_keywords(mentions, leads, config)
    # One spelling per keyword page, also for keywords the user set by hand.
    spelling = {key_of(name): name for names in chosen for name in names}
    for article, names in zip(articles, chosen, strict=True):
        manual = overrides.get(article.slug, Override()).keywords
        if manual is not None:
            names = [spelling.get(key_of(name), name) for name in manual]
        article.tags = [Tag(name, settings) for name in names]
        logger.debug("Keywords of %s: %s", article.source_path, ", ".join(names))


def assign_related(published: list[Any], terms: list[Counter[str]]) -> None:
    """Related articles among the published ones (the first len(published) entries)."""
    topics = [article.category.name for article in published]
    similar = most_similar_counted(terms[: len(published)], topics)
    for article, neighbours in zip(published, similar, strict=True):
        article.related = [published[index] for index, _ in neighbours]


def drop_undated_periods(generator: Any) -> None:
    """Undated articles have no year or month to be filed under; the archive page lists
    them apart. Mutates in place: the template context holds the same dict."""
    for archives in generator.period_archives.values():
        archives[:] = [a for a in archives if a["dates"][0].date_precision != "none"]


def add_template_filters(generator: Any) -> None:
    generator.env.filters.update({"german_date": format_german_date, "month_name": month_name})
