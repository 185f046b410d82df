"""Signal handlers: per-article date display, topic and reading time."""

from __future__ import annotations

import html
import logging
import re
from pathlib import Path
from typing import Any

from pelican.urlwrappers import Category

from .dates import format_german_date, iso_date, month_name
from .reading import reading_minutes
from .topic_memo import TopicMemo
from .topics import Lexicon, TopicDecision, classify, load_lexicon

logger = logging.getLogger(__name__)

TAG = re.compile(r"<[^>]+>")
LEAD = re.compile(r"<p>(.*?)</p>", re.DOTALL)


def plain(fragment: str) -> str:
    return html.unescape(TAG.sub(" ", fragment))


def lexicon_for(settings: dict[str, Any]) -> Lexicon:
    return load_lexicon(Path(settings["ARTIKEL_LEXICON"]))


def decide_topic(article: Any, lexicon: Lexicon) -> TopicDecision:
    content = article._content
    lead_match = LEAD.search(content)
    lead = plain(lead_match.group(1)) if lead_match else ""
    body = plain(content[lead_match.end() :] if lead_match else content)
    return classify(lexicon, lead, getattr(article, "subheadings", []), body)


def assign_topic(article: Any, lexicon: Lexicon, settings: dict[str, Any], memo: TopicMemo) -> None:
    subheadings = getattr(article, "subheadings", [])
    decision = memo.decide(article._content, subheadings, lambda: decide_topic(article, lexicon))
    article.topic_decision = decision
    article.category = Category(decision.topic, settings)
    if logger.isEnabledFor(logging.DEBUG):  # explaining costs more than deciding
        logger.debug("Topic of %s: %s", article.source_path, decision.explain())


def describe_date(article: Any) -> None:
    precision = getattr(article, "date_precision", "day")
    article.locale_date = format_german_date(article.date, precision)
    article.iso_date = iso_date(article.date, precision)


def enrich_articles(generator: Any) -> None:
    """Runs on every build, cached or not, before Pelican groups articles by category."""
    lexicon = lexicon_for(generator.settings)
    memo = TopicMemo(generator.settings)
    for article in generator.articles + generator.hidden_articles + generator.drafts:
        describe_date(article)
        article.reading_time = reading_minutes(getattr(article, "word_count", 0))
        assign_topic(article, lexicon, generator.settings, memo)
    memo.save()


def drop_undated_periods(generator: Any) -> None:
    """Undated articles have no year or month to be filed under; the archive page lists
    them apart. Mutates in place: the template context holds the same dict."""
    for archives in generator.period_archives.values():
        archives[:] = [a for a in archives if a["dates"][0].date_precision != "none"]


def add_template_filters(generator: Any) -> None:
    generator.env.filters.update({"german_date": format_german_date, "month_name": month_name})
