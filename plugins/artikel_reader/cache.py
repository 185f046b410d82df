"""Keep Pelican's content cache honest about the reader's own code, and cheap to consult.

Pelican keys a cached read on the source file alone, so after an update of this reader
every cached article would keep its old HTML and metadata. A fingerprint of the reader's
code (and of the libraries whose output it caches) is stored beside the cache; when it no
longer matches, the cached reads are dropped before Pelican loads them.

Pelican takes a file's stamp (with ``CHECK_MODIFIED_METHOD = "sha256"``: reads and hashes
it) whenever it consults a cache: the generator's cache, even when that layer is off, and the
readers' cache, which the parallel reading consults first. Each file is stamped once a build.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docutils
import pelican

logger = logging.getLogger(__name__)

FINGERPRINT_FILE = "artikel_reader.fingerprint"
# Pelican's cache files: "<generator>" (generator layer) and "<generator>-Readers".
CACHE_FILES = tuple(
    f"{generator}{layer}"
    for generator in ("ArticlesGenerator", "PagesGenerator")
    for layer in ("", "-Readers")
)


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
