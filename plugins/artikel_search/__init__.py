"""Full-text search: a Pagefind index of the article pages, built after Pelican writes the site."""

from pelican import signals

from .index import index_site


def register() -> None:
    signals.finalized.connect(index_site)
