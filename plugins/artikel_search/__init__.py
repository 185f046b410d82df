"""Full-text search: Pagefind indexes of the article pages, built after Pelican writes the site."""

from pelican import signals

from .index import announce_bundles, index_site


def register() -> None:
    signals.article_generator_finalized.connect(announce_bundles)
    signals.finalized.connect(index_site)
