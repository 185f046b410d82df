"""Per-article metadata (date display, topic, reading time), collection-wide keywords
and related articles, and what the browsing pages need."""

from pelican import signals

from .browse import prepare_browsing
from .meta import (
    add_template_filters,
    assign_related,
    drop_undated_periods,
    enrich_articles,
    release_analyses,
)
from .reader import add_analysing_reader


def register() -> None:
    signals.readers_init.connect(add_analysing_reader)
    signals.article_generator_pretaxonomy.connect(enrich_articles)
    signals.article_generator_finalized.connect(assign_related)
    signals.article_generator_finalized.connect(drop_undated_periods)
    signals.article_generator_finalized.connect(release_analyses)
    signals.article_generator_finalized.connect(prepare_browsing)
    signals.generator_init.connect(add_template_filters)
