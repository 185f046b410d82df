"""Full-text search: Pagefind indexes of the articles' titles and texts, built while Pelican
works out the keywords and renders the pages."""

from pelican import signals

from .index import (
    ARTICLES_DESCRIBED,
    drop_search_page,
    index_site,
    start_index,
    stop_leftovers,
    yield_to_index,
)


def register() -> None:
    signals.initialized.connect(stop_leftovers)
    signals.initialized.connect(drop_search_page)
    # The first of the two that comes starts the index: titles are final at either.
    ARTICLES_DESCRIBED.connect(start_index)
    signals.article_generator_finalized.connect(start_index)
    # Pelican asks for its writer just before it renders the pages.
    signals.get_writer.connect(yield_to_index)
    signals.finalized.connect(index_site)
