"""Reader for the collection's plain-text articles."""

from pelican import signals

from .cache import drop_stale_cache, shard_reader_cache, stamp_files_once
from .ingest import drop_duplicates, finish_report, record_skip
from .parallel import prefetch
from .reader import add_reader


def register() -> None:
    signals.readers_init.connect(add_reader)
    signals.initialized.connect(drop_stale_cache)
    # Before the parallel reading, which consults the cache first.
    signals.article_generator_init.connect(shard_reader_cache)
    signals.page_generator_init.connect(shard_reader_cache)
    signals.article_generator_init.connect(stamp_files_once)
    signals.page_generator_init.connect(stamp_files_once)
    signals.article_generator_init.connect(prefetch)
    signals.article_generator_context.connect(record_skip)
    signals.article_generator_pretaxonomy.connect(drop_duplicates)
    signals.article_generator_finalized.connect(finish_report)
