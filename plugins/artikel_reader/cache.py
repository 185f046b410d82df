"""Keep Pelican's content cache honest about the reader's own code, and cheap to consult.

Pelican keys a cached read on the source file alone, so after an update of this reader
every cached article would keep its old HTML and metadata. A fingerprint of the reader's
code (and of the libraries whose output it caches) is stored beside the cache; when it no
longer matches, the cached reads are dropped before Pelican loads them.

Pelican takes a file's stamp (with ``CHECK_MODIFIED_METHOD = "sha256"``: reads and hashes
it) whenever it consults a cache: the generator's cache, even when that layer is off, and the
readers' cache, which the parallel reading consults first. Each file is stamped once a build.

Pelican pickles the whole readers' cache into one file after every build: at 10,000 articles
100 MB, half a second, however few articles changed. The cache is kept in shards by source
path instead, and a build saves only the shards it changed (``ShardedReaderCache``).
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import shutil
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docutils
import pelican

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "artikel_reader.fingerprint"
# Pelican's cache files: "<generator>" (generator layer) and "<generator>-Readers", and the
# shards that stand in for the latter.
SHARDS_SUFFIX = ".shards"
CACHE_FILES = tuple(
    f"{generator}{layer}"
    for generator in ("ArticlesGenerator", "PagesGenerator")
    for layer in ("", "-Readers", f"-Readers{SHARDS_SUFFIX}")
)
# About 3 MB a shard at 10,000 articles: one edit saves one of them.
SHARDS = 32


def reader_fingerprint() -> str:
    digest = hashlib.sha256(f"{pelican.__version__} {docutils.__version__}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    return digest.hexdigest()


def drop_stale_cache(pelican_instance: Any) -> None:
    """``initialized`` signal: before any generator loads the cache."""
    settings = pelican_instance.settings
    if not (settings.get("CACHE_CONTENT") or settings.get("LOAD_CONTENT_CACHE")):
        return
    cache = Path(settings["CACHE_PATH"])
    stamp = cache / FINGERPRINT_FILE
    current = reader_fingerprint()
    if stamp.is_file() and stamp.read_text(encoding="ascii") == current:
        return
    stale = [cache / name for name in CACHE_FILES if (cache / name).exists()]
    if stale:
        logger.info("The reader has changed since the last build: every article is re-read")
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current, encoding="ascii")


class StampOnce:
    """A file stamp function that stamps each file once: within one build a file counts as
    unchanged (an edit made while it runs is seen by the next build)."""

    def __init__(self, stamp: Callable[[str], Any]) -> None:
        self.stamp = stamp
        self.taken: dict[str, Any] = {}

    def __call__(self, filename: str) -> Any:
        taken = self.taken.get(filename)
        if taken is None:
            taken = self.taken[filename] = self.stamp(filename)
        return taken


def stamp_files_once(generator: Any) -> None:
    """``article_generator_init``/``page_generator_init``: the generator and its readers
    share one ``StampOnce`` (both stamp a file by its absolute path)."""
    stamp = getattr(generator, "_filestamp_func", None)
    readers = getattr(generator, "readers", None)
    if stamp is None or isinstance(stamp, StampOnce) or readers is None:
        return
    generator._filestamp_func = readers._filestamp_func = StampOnce(stamp)


class ShardedReaderCache:
    """Pelican's readers' cache, saved in shards by source path: only the shards holding an
    entry set during the build are written again. Installed on a ``Readers`` object in place
    of its single-file saving; what Pelican loaded from a single file (a cache of an older
    build) is carried over into the shards."""

    def __init__(self, readers: Any) -> None:
        self.readers = readers
        self.single_file = Path(readers._cache_path)
        self.folder = Path(readers._cache_path + SHARDS_SUFFIX)
        self.pelican_cache_data = readers.cache_data
        self.changed: set[int] = set()

    @staticmethod
    def shard_of(path: str) -> int:
        return zlib.crc32(path.encode("utf-8", "surrogateescape")) % SHARDS

    def install(self, load: bool) -> None:
        readers = self.readers
        if readers._cache:  # loaded from Pelican's single file: saved as shards from now on
            self.changed.update(range(SHARDS))
        if load:
            for shard in range(SHARDS):
                self._load(shard)
        readers.cache_data = self.cache_data
        readers.save_cache = self.save_cache

    def _load(self, shard: int) -> None:
        path = self.folder / f"{shard:02d}.pickle"
        try:
            with self.readers._cache_open(path, "rb") as file:
                self.readers._cache.update(pickle.load(file))
        except FileNotFoundError:
            return
        except Exception as error:  # whatever the damage, its articles are read again
            logger.warning("Cannot load the content cache %s (it is rebuilt): %s", path, error)
            self.changed.add(shard)

    def cache_data(self, filename: str, data: Any) -> None:
        self.pelican_cache_data(filename, data)
        self.changed.add(self.shard_of(filename))

    def save_cache(self) -> None:
        readers = self.readers
        if not readers._cache_data_policy or not self.changed:
            return
        entries: dict[int, dict[str, Any]] = {shard: {} for shard in self.changed}
        for path, entry in readers._cache.items():
            shard = entries.get(self.shard_of(path))
            if shard is not None:
                shard[path] = entry
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            for shard, shard_entries in entries.items():
                path = self.folder / f"{shard:02d}.pickle"
                partial = path.with_suffix(f".{os.getpid()}.tmp")
                with readers._cache_open(partial, "wb") as file:
                    pickle.dump(shard_entries, file, protocol=pickle.HIGHEST_PROTOCOL)
                partial.replace(path)
        except (OSError, pickle.PicklingError, TypeError) as error:
            logger.warning("Could not save the content cache in %s: %s", self.folder, error)
            return
        self.changed.clear()
        self.single_file.unlink(missing_ok=True)


def shard_reader_cache(generator: Any) -> None:
    """``article_generator_init``/``page_generator_init``: before anything reads through the
    readers' cache."""
    readers = getattr(generator, "readers", None)
    settings = generator.settings
    if (
        readers is None
        or isinstance(getattr(readers.save_cache, "__self__", None), ShardedReaderCache)
        or settings["CONTENT_CACHING_LAYER"] != "reader"
        or not (settings["CACHE_CONTENT"] or settings["LOAD_CONTENT_CACHE"])
        or not isinstance(getattr(readers, "_cache", None), dict)
    ):
        return
    ShardedReaderCache(readers).install(load=settings["LOAD_CONTENT_CACHE"])
