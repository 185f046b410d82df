"""Date precision, topic (Ressort) and reading time for every article."""

from pelican import signals

from .meta import add_template_filters, drop_undated_periods, enrich_articles


def register() -> None:
    signals.article_generator_pretaxonomy.connect(enrich_articles)
    signals.article_generator_finalized.connect(drop_undated_periods)
    signals.generator_init.connect(add_template_filters)
