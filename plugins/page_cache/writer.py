"""A Pelican writer that reuses the HTML of pages whose inputs did not change.

Rendering every page is most of a rebuild after a small edit. Each page is keyed by a
fingerprint of its template family, of the context values the templates read, and of the
build (versions, plugin code, settings); the HTML of every key lives in the content cache
folder. A page whose key is known is written from there instead of rendered. Templates that
could read anything a fingerprint cannot see are always rendered (see ``TemplateFamily``).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.writers import Writer

from .fingerprint import Fingerprinter, TemplateFamily, build_fingerprint, new_hash

logger = logging.getLogger(__name__)

STORE = "pages"


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
        self.build = build
        self.fingerprints = Fingerprinter()
        self.families: dict[str, TemplateFamily] = {}
        self.used: set[str] = set()
        self.reused = self.rendered = 0

    def write_file(self, name: Any, template: Any, context: Any, *args: Any, **kwargs: Any):
        return super().write_file(name, CachedTemplate(template, self), context, *args, **kwargs)

    def family(self, template: Any) -> TemplateFamily:
        if template.name not in self.families:
            self.families[template.name] = TemplateFamily(
                template.environment, template.name, self.pure
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
        stored = self.store / f"{key}.html"
        if self.load:
            try:
                html = stored.read_text(encoding="utf-8")
            except FileNotFoundError:
                pass
            else:
                self.reused += 1
                return html
        self.rendered += 1
        html = template.render(context)
        # Written under a temporary name first: a half-written page must never be reused.
        partial = stored.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(html, encoding="utf-8")
        partial.replace(stored)
        return html

    def key(self, family: TemplateFamily, context: dict[str, Any]) -> str | None:
        digest = new_hash()
        digest.update(self.build + family.digest)
        for name in sorted(family.names):
            value = context.get(name, _ABSENT)
            fingerprint = self.fingerprints.value(value, shows_links=name == "article")
            if fingerprint is None:
                return None
            digest.update(name.encode() + b"=" + fingerprint)
        return digest.hexdigest()

    def finish(self) -> None:
        """Forget pages no longer part of the site, so that the store does not grow."""
        for stored in self.store.iterdir():
            if stored.stem not in self.used:
                stored.unlink()
        logger.info("Pages: %d reused from the last build, %d rendered", self.reused, self.rendered)


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


def register() -> None:
    signals.get_writer.connect(provide_writer)
    signals.finalized.connect(finish)
