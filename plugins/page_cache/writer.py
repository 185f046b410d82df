"""A Pelican writer that reuses the HTML of pages whose inputs did not change.

Rendering every page is most of a rebuild after a small edit. Each page is keyed by a
fingerprint of its template family, of the context values the templates read, and of the
build (versions, plugin code, settings); the HTML of every key lives in the content cache
folder. A page whose key is known is copied from there instead of rendered. Templates that
could read anything a fingerprint cannot see are always rendered (see ``TemplateFamily``).

The output files, of reused and of freshly rendered pages alike, and the stored copies of
fresh pages are written by ``write_pages.py`` in batches, beside the rendering: thousands of
file operations would otherwise each wait for the interpreter lock. Only while a plugin
listens to Pelican's ``content_written`` (it may read the page at once) is every page written
in place.
"""

from __future__ import annotations

import atexit
import logging
import marshal
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from .fingerprint import (
    CONTAINERS,
    Fingerprinter,
    TemplateFacts,
    TemplateFamily,
    build_fingerprint,
    new_hash,
)

logger = logging.getLogger(__name__)

STORE = "pages"
WRITE_PAGES = Path(__file__).with_name("write_pages.py")
# A batch is handed over at whichever comes first; fresh pages travel with their HTML.
PAGES_PER_BATCH = 2000
HTML_PER_BATCH = 8 * 2**20  # characters: 16-32 MB of str in memory, and as much in the program


class PageCacheError(RuntimeError):
    """Pages could not be written into the output folder or the page store."""


class _NothingToWrite:
    """What Pelican's writer writes a page into when the page is written later."""

    def __enter__(self) -> _NothingToWrite:
        return self

    def __exit__(self, *_exception: object) -> None:
        return None

    def write(self, _text: str) -> None:
        return None


# A page for write_pages.py: (stored page, output file or None, its HTML if freshly rendered).
BatchPage = tuple[str, str | None, str | None]


class PageBatch:
    """One batch of pages being written by ``write_pages.py``."""

    def __init__(self, pages: list[BatchPage]) -> None:
        handle, self.batch_file = tempfile.mkstemp(prefix="page-cache-", suffix=".marshal")
        with os.fdopen(handle, "wb") as file:
            marshal.dump(pages, file)
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-S", str(WRITE_PAGES), self.batch_file],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self) -> None:
        report, _ = self.process.communicate()
        Path(self.batch_file).unlink(missing_ok=True)
        if self.process.returncode != 0:
            raise PageCacheError(f"Writing pages from the page cache failed: {report.strip()}")

    def stop(self) -> None:
        self.process.kill()
        self.process.communicate()
        Path(self.batch_file).unlink(missing_ok=True)


class CachedTemplate:
    """Stands in for a Jinja template in Pelican's writer, which only calls ``render``."""

    def __init__(self, template: Any, writer: CachingWriter) -> None:
        self.template = template
        self.name = template.name
        self.writer = writer

    def render(self, context: dict[str, Any]) -> str:
        return self.writer.render(self.template, context)


class CachingWriter(Writer):
    def __init__(self, output_path: str, settings: dict[str, Any], build: bytes) -> None:
        super().__init__(output_path, settings=settings)
        self.store = Path(settings["CACHE_PATH"]) / STORE
        self.store.mkdir(parents=True, exist_ok=True)
        self.load = settings["LOAD_CONTENT_CACHE"]
        self.pure = set(settings.get("PAGE_CACHE_PURE_FUNCTIONS", ()))
        self.partials = frozenset(settings.get("PAGE_CACHE_PARTIAL_FUNCTIONS", ()))
        self.build = build
        self.fingerprints = Fingerprinter()
        self.families: dict[str, TemplateFamily] = {}
        self.templates: dict[str, TemplateFacts] = {}
        # Per family: name -> (the value last fingerprinted, its fingerprint).
        self.last_values: dict[bytes, dict[str, tuple[Any, bytes]]] = {}
        # The keys of the stored pages, listed once instead of a lookup per page.
        self.stored = {name.removesuffix(".html") for name in os.listdir(self.store)}
        self.used: set[str] = set()
        self.reused = self.rendered = 0
        self.write_later = not signals.content_written.receivers
        # The key of the page Pelican is about to write, and its HTML if freshly rendered.
        self.pending: tuple[str, str | None] | None = None
        self.batch: list[BatchPage] = []
        self.batch_html = 0  # characters of HTML in the batch
        self.batches: list[PageBatch] = []
        self.unsaved: set[str] = set()  # fresh pages whose batch may not be written yet

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any):
        return super().write_file(name, CachedTemplate(template, self), context, *args, **kwargs)

    def _open_w(self, filename: str, encoding: str, override: bool = False) -> Any:
        """Pelican opens the output file right after rendering the page into it."""
        pending, self.pending = self.pending, None
        if pending is None:
            return super()._open_w(filename, encoding, override)
        key, html = pending
        stored = str(self.page_path(key))
        if override or filename in self._overridden_files or filename in self._written_files:
            # Pelican's rules for a file written twice; such a page is written in place.
            file = super()._open_w(filename, encoding, override)
            file.write(self.stored_page(key) if html is None else html)
            if html is not None:
                self.add_to_batch((stored, None, html))
            return file
        self._written_files.add(filename)
        self.add_to_batch((stored, filename, html))
        return _NothingToWrite()

    def page_path(self, key: str) -> Path:
        return self.store / f"{key}.html"

    def stored_page(self, key: str) -> str:
        return self.page_path(key).read_text(encoding="utf-8")

    def add_to_batch(self, page: BatchPage) -> None:
        self.batch.append(page)
        self.batch_html += len(page[2] or "")
        if len(self.batch) >= PAGES_PER_BATCH or self.batch_html >= HTML_PER_BATCH:
            self.start_batch()

    def start_batch(self) -> None:
        if self.batch:
            self.batches.append(PageBatch(self.batch))
            self.batch, self.batch_html = [], 0

    def write_batches(self) -> None:
        self.start_batch()
        batches, self.batches = self.batches, []
        for batch in batches:
            batch.finish()
        self.unsaved.clear()

    def family(self, template: Any) -> TemplateFamily:
        if template.name not in self.families:
            self.families[template.name] = TemplateFamily(
                template.environment, template.name, self.pure, self.partials, self.templates
            )
        return self.families[template.name]

    def render(self, template: Any, context: dict[str, Any]) -> str:
        family = self.family(template)
        if not family.cacheable:
            self.rendered += 1
            return template.render(context)
        key = self.key(family, context)
        if key is None:
            self.rendered += 1
            return template.render(context)
        self.used.add(key)
        html: str | None = None
        if self.load and key in self.stored:
            self.reused += 1
            if key in self.unsaved:  # rendered earlier in this build: wait until it is stored
                self.write_batches()
            if not self.write_later:
                return self.stored_page(key)
        else:
            self.rendered += 1
            html = template.render(context)
            self.stored.add(key)
            self.unsaved.add(key)
            if not self.write_later:  # Pelican writes the page; the batch only stores it
                self.add_to_batch((str(self.page_path(key)), None, html))
                return html
        # Pelican writes what this returns into the file it opens next: nothing (_open_w).
        self.pending = key, html
        return ""

    def key(self, family: TemplateFamily, context: dict[str, Any]) -> str | None:
        digest = new_hash()
        digest.update(self.build + family.digest)
        # Most values (settings, a topic) are the same object page after page: any but a
        # list, tuple or dict (which may have changed in between) keeps its fingerprint.
        last = self.last_values.setdefault(family.digest, {})
        for name, label in family.labels:
            value = context.get(name, _ABSENT)
            seen = last.get(name)
            if seen is not None and seen[0] is value and type(value) not in CONTAINERS:
                fingerprint = seen[1]
            else:
                fingerprint = self.fingerprints.value(
                    value,
                    shows_links=name == "article",
                    whole_lists=family.whole_lists,
                    attribute_names=family.attribute_names,
                )
                if fingerprint is None:
                    return None
                last[name] = (value, fingerprint)
            digest.update(label)
            digest.update(fingerprint)
        return digest.hexdigest()

    def finish(self) -> None:
        """Wait for the batches; then forget pages no longer part of the site, so that the
        store does not grow."""
        self.write_batches()
        for stored in self.store.iterdir():
            if stored.stem not in self.used:
                stored.unlink()
        logger.info("Pages: %d reused from the last build, %d rendered", self.reused, self.rendered)

    def abandon(self) -> None:
        """The build failed before ``finalized``: stop its batches."""
        for batch in self.batches:
            batch.stop()
        self.batches = []


# A context name that is not set: pickled by its stable name.
_ABSENT = "page_cache:absent"
# The writer of the current build, finished once every page is written.
_current: list[CachingWriter] = []


def provide_writer(pelican: Any) -> type[Writer] | None:
    settings = pelican.settings
    if not settings.get("CACHE_CONTENT"):
        return None
    build = build_fingerprint(settings, pelican.plugins)

    class BuildWriter(CachingWriter):
        def __init__(self, output_path: str, settings: dict[str, Any]) -> None:
            super().__init__(output_path, settings, build)
            _current[:] = [self]

    return BuildWriter


def finish(_pelican: Any) -> None:
    while _current:
        _current.pop().finish()


def stop_leftovers(*_args: Any) -> None:
    """A writer whose build failed never reached ``finalized``: stop its batches before the
    next build (which writes into the same staging folder) and before the process exits."""
    while _current:
        _current.pop().abandon()


atexit.register(stop_leftovers)


def register() -> None:
    signals.initialized.connect(stop_leftovers)
    signals.get_writer.connect(provide_writer)
    signals.finalized.connect(finish)
