"""Full-text search: Pagefind indexes of the article pages, built while Pelican renders the
list pages."""

from pelican import signals

from .index import drop_search_page, index_site, page_written, plan_index, stop_leftovers


def register() -> None:
    signals.initialized.connect(stop_leftovers)
    signals.initialized.connect(drop_search_page)
    signals.article_generator_finalized.connect(plan_index)
    signals.content_written.connect(page_written)
    signals.finalized.connect(index_site)
