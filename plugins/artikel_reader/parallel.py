"""Read the articles in parallel, on every core, before Pelican reads them one by one.

Pelican reads source files one after another in one process. When many files are not in
the content cache yet (a first build, a new batch of articles), or their cached reads no
longer serve the reader (``ArtikelReader.serves``: say, analyses made with an edited
lexicon), they are read here by a pool of worker processes and put into the cache; Pelican
then finds every one of them there. A file the workers could not read is left to Pelican,
which reports it as usual.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from typing import Any

from .reader import ArtikelReader

logger = logging.getLogger(__name__)

# Below this many files to read, starting worker processes costs more than it saves.
MIN_FILES = 400
CHUNK = 64

_reader: ArtikelReader | None = None  # the reader, inherited by forked workers


def _read(path: str) -> tuple[str, Any]:
    assert _reader is not None
    try:
        return path, _reader.read(path)
    except Exception:  # Pelican reads it again and reports the error its own way
        return path, None


def processes(settings: dict[str, Any]) -> int:
    configured = settings.get("ARTIKEL_READ_PROCESSES")
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    return int(configured) if configured else available


def unread_sources(generator: Any, reader: ArtikelReader) -> list[str]:
    """Absolute paths of the articles the content cache cannot serve, as Pelican keys them."""
    settings = generator.settings
    found = generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"], extensions=["txt"]
    )
    paths = (os.path.abspath(os.path.join(generator.path, f)) for f in found)
    cached = ((path, generator.readers.get_cached_data(path, None)) for path in paths)
    return sorted(path for path, read in cached if read is None or not reader.serves(read))


def prefetch(generator: Any) -> None:
    """``article_generator_init`` signal: fill the content cache in parallel."""
    global _reader
    readers = generator.readers
    reader = readers.readers.get("txt")
    workers = processes(generator.settings)
    if (
        not isinstance(reader, ArtikelReader)
        or not readers._cache_data_policy  # without a cache Pelican would not see the reads
        or workers < 2
        or "fork" not in multiprocessing.get_all_start_methods()
        or threading.active_count() > 1  # forking a threaded process (live reload) is unsafe
    ):
        return
    paths = unread_sources(generator, reader)
    if len(paths) < MIN_FILES:
        return
    logger.info("Reading %d articles in %d processes", len(paths), workers)
    _reader = reader
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for path, result in pool.imap_unordered(_read, paths, chunksize=CHUNK):
                if result is not None:
                    readers.cache_data(path, result)
    finally:
        _reader = None
