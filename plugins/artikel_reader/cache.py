"""Keep Pelican's content cache honest about the reader's own code.

Pelican keys a cached read on the source file alone, so after an update of this reader
every cached article would keep its old HTML and metadata. A fingerprint of the reader's
code (and of the libraries whose output it caches) is stored beside the cache; when it no
longer matches, the cached reads are dropped before Pelican loads them.
"""

from __future__ import annotations

import hashlib
import logging
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
