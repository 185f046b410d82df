"""Date precision, topic (Ressort) and reading time for every article."""

from pelican import signals

from .meta import add_template_filters, enrich_articles


def register() -> None:
    signals.article_generator_pretaxonomy.connect(enrich_articles)
    signals.generator_init.connect(add_template_filters)
