"""Read the articles in parallel, on every core, while Pelican reads them one by one.

Pelican reads source files one after another in one process. When many files are not in
the content cache yet (a first build, a new batch of articles), a pool of worker processes
reads them, in the order Pelican will ask for them, and each read goes into the content
cache as soon as it arrives: Pelican builds its article objects from the first reads while
the workers are still reading the rest. When Pelican asks for a file that is still being
read, it waits for it. A file the workers could not read is left to Pelican, which reports
it as usual.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Iterable
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


def unread_sources(generator: Any) -> list[str]:
    """Absolute paths of the articles the content cache cannot serve, as Pelican keys them,
    in the order Pelican reads them."""
    settings = generator.settings
    found = generator.get_files(
        settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"], extensions=["txt"]
    )
    paths = (os.path.abspath(os.path.join(generator.path, f)) for f in found)
    return [p for p in paths if generator.readers.get_cached_data(p, None) is None]


class ArrivingReads:
    """The workers' reads, put into Pelican's reader cache as they arrive. Until the last
    has arrived, the cache's lookup waits for a file that is still being read."""

    def __init__(self, readers: Any, paths: list[str]) -> None:
        self.readers = readers
        self.pending = set(paths)
        self.arrived = threading.Condition()
        self.lookup = readers.get_cached_data
        readers.get_cached_data = self.get_cached_data  # until finish()

    def get_cached_data(self, path: str, default: Any = None) -> Any:
        with self.arrived:
            self.arrived.wait_for(lambda: path not in self.pending)
        return self.lookup(path, default)

    def receive(self, results: Iterable[tuple[str, Any]]) -> None:
        """On a thread of its own: cache each read as it comes."""
        try:
            for path, result in results:
                if result is not None:
                    self.readers.cache_data(path, result)
                with self.arrived:
                    self.pending.discard(path)
                    self.arrived.notify_all()
        except Exception:  # the pool failed: Pelican reads what is left itself
            logger.exception("Reading in worker processes failed")
        finally:
            with self.arrived:
                self.pending.clear()
                self.arrived.notify_all()

    def finish(self) -> None:
        del self.readers.get_cached_data  # the class's lookup again


class ParallelReading:
    """The pool, and the thread that receives its reads, of one articles generator."""

    def __init__(self, readers: Any, reader: ArtikelReader, paths: list[str], workers: int):
        global _reader
        _reader = reader  # inherited by the workers (forked now, or again if one dies)
        self.pool = multiprocessing.get_context("fork").Pool(workers)
        self.reads = ArrivingReads(readers, paths)
        results = self.pool.imap_unordered(_read, paths, chunksize=CHUNK)
        self.thread = threading.Thread(
            target=self.reads.receive, args=(results,), name="artikel-reading", daemon=True
        )
        self.thread.start()

    def finish(self) -> None:
        global _reader
        self.thread.join()
        self.pool.close()
        self.pool.join()
        self.reads.finish()
        _reader = None


_running: dict[int, ParallelReading] = {}  # id of the generator → its reading


def prefetch(generator: Any) -> None:
    """``article_generator_init`` signal: start reading the uncached articles in parallel."""
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
    paths = unread_sources(generator)
    if len(paths) < MIN_FILES:
        return
    logger.info("Reading %d articles in %d processes", len(paths), workers)
    _running[id(generator)] = ParallelReading(readers, reader, paths, workers)


def finish_reading(generator: Any) -> None:
    """``article_generator_pretaxonomy``: Pelican has every article; end the pool."""
    reading = _running.pop(id(generator), None)
    if reading is not None:
        reading.finish()
