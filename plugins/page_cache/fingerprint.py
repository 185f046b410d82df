"""Fingerprints of what a template renders: values, objects, templates, the build itself.

A fingerprint must change whenever the rendered page could; it may change when the page does
not (that only costs a render). Values are fingerprinted by pickling them, with every object
that has attributes replaced by its own fingerprint; anything that cannot be pickled makes
the page be rendered.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from datetime import date, time
from pathlib import Path
from types import ModuleType
from typing import Any

import jinja2
from jinja2 import meta, nodes
from pelican.contents import Content

# Attributes every content object carries that belong to the whole build, not the object;
# the build fingerprint covers the settings, and ``_context`` is the site itself.
BUILD_WIDE_ATTRIBUTES = frozenset({"settings", "_context"})
# Jinja's own filters, tests and globals that depend on their arguments alone.
PURE_JINJA = (
    set(jinja2.filters.FILTERS) | set(jinja2.tests.TESTS) | set(jinja2.defaults.DEFAULT_NAMESPACE)
) - {"random", "lipsum"}


def new_hash() -> Any:
    return hashlib.blake2b(digest_size=20)


def _reference(digest: bytes) -> bytes:
    """Stands for an object already fingerprinted (only ever pickled, never called)."""
    return digest


class _StatePickler(pickle.Pickler):
    """Pickles a value as the fingerprint sees it: strings, numbers and containers at C
    speed, every other object as its fingerprint (its attributes, each object once)."""

    def __init__(self, file: io.BytesIO, fingerprints: Fingerprinter) -> None:
        super().__init__(file, protocol=5)
        # No memo: the output must not depend on which equal values happen to be one object
        # (a freshly read article shares strings that one loaded from the cache does not).
        self.fast = True
        self.fingerprints = fingerprints

    def reducer_override(self, obj: Any) -> Any:
        if (
            callable(obj)
            or isinstance(obj, (ModuleType, date, time))
            or not hasattr(obj, "__dict__")
        ):
            return NotImplemented  # functions and classes by name, the rest as pickle does
        if isinstance(obj, Content) and self.fingerprints.inside_article:
            # An article that another article points to (related, previous/next in its topic):
            # its own fields, with the articles it points to in turn by name only. Following
            # every link would walk the whole collection and meet cycles (A related to B, B to A).
            return _reference, (self.fingerprints.linked(obj),)
        return _reference, (self.fingerprints.of(obj),)


class _LinkPickler(_StatePickler):
    """Pickles a linked article's state: articles it points to become their source path."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, Content):
            return str, (obj.source_path,)
        return super().reducer_override(obj)


class Fingerprinter:
    """Fingerprints of context values, memoised by identity for one build (the same article
    appears on its page and on many lists; the same paginator on every index page)."""

    def __init__(self) -> None:
        self._memo: dict[int, tuple[Any, bytes]] = {}  # keeps the value alive: ids stay unique
        self._linked: dict[int, tuple[Any, bytes]] = {}
        self._in_progress: set[int] = set()
        self._articles_in_progress = 0

    def value(self, value: Any, *, shows_links: bool = False) -> bytes | None:
        """The fingerprint of any value; None when it cannot be taken (say, a lambda).

        Articles inside the value count with their own fields only, unless ``shows_links``:
        the article of an article page also shows its related and neighbouring articles.
        """
        buffer = io.BytesIO()
        self._articles_in_progress += not shows_links
        try:
            _StatePickler(buffer, self).dump(value)
        except Exception:  # whatever pickling meets: the page is simply rendered
            return None
        finally:
            self._articles_in_progress -= not shows_links
        return _digest(buffer.getvalue())

    @property
    def inside_article(self) -> bool:
        return self._articles_in_progress > 0

    def of(self, obj: Any) -> bytes:
        """The fingerprint of an object with attributes: its type and its state (for an
        article, the articles it points to count with their own fields)."""
        is_article = isinstance(obj, Content)
        self._articles_in_progress += is_article
        try:
            return self._state_digest(obj, self._memo, _StatePickler)
        finally:
            self._articles_in_progress -= is_article

    def linked(self, article: Any) -> bytes:
        """The fingerprint of an article shown inside another value: its own fields."""
        return self._state_digest(article, self._linked, _LinkPickler)

    def _state_digest(self, obj: Any, memo: dict[int, tuple[Any, bytes]], pickler: type) -> bytes:
        key = id(obj)
        if key in memo:
            return memo[key][1]
        if key in self._in_progress:
            # Only objects other than articles can get here; their state cannot be complete.
            raise RecursionError(f"reference cycle through {type(obj).__qualname__}")
        self._in_progress.add(key)
        try:
            state = dict(vars(obj))
            for name in BUILD_WIDE_ATTRIBUTES:
                state.pop(name, None)
            buffer = io.BytesIO()
            pickler(buffer, self).dump((type(obj).__module__, type(obj).__qualname__, state))
        finally:
            self._in_progress.discard(key)
        result = _digest(buffer.getvalue())
        memo[key] = (obj, result)
        return result


def _digest(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=20).digest()


def build_fingerprint(settings: dict[str, Any], plugin_modules: Iterable[Any]) -> bytes:
    """What every page depends on beyond its context: versions, plugin code, plain settings
    (content objects compute URLs from them)."""
    digest = new_hash()
    import pelican

    digest.update(f"{pelican.__version__} {jinja2.__version__}".encode())
    for module in plugin_modules:
        for source in sorted(module_sources(module)):
            digest.update(source.name.encode() + b"\0" + source.read_bytes())
    plain = {name: value for name, value in sorted(settings.items()) if is_plain(value)}
    digest.update(pickle.dumps(plain, protocol=5))
    return digest.digest()


def module_sources(module: Any) -> list[Path]:
    path = Path(getattr(module, "__file__", "") or "")
    if not path.is_file():
        return []
    return list(path.parent.rglob("*.py")) if path.name == "__init__.py" else [path]


def is_plain(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int, float)):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_plain(item) for item in value)
    if isinstance(value, dict):
        return all(is_plain(k) and is_plain(v) for k, v in value.items())
    return False


class TemplateFamily:
    """A template with everything it extends, includes and imports: the sources, and the
    context names it reads. ``cacheable`` is False when a page could depend on something
    a fingerprint of its context cannot see: a template chosen at render time, or a filter,
    test or global function that is not known to depend on its arguments alone."""

    def __init__(self, environment: jinja2.Environment, name: str, pure: set[str]) -> None:
        self.names: set[str] = set()
        self.cacheable = True
        digest = new_hash()
        pending, seen = [name], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            source, _, _ = environment.loader.get_source(environment, current)
            digest.update(current.encode() + b"\0" + source.encode())
            tree = environment.parse(source)
            self.names |= meta.find_undeclared_variables(tree)
            for referenced in meta.find_referenced_templates(tree):
                if referenced is None:
                    self.cacheable = False
                else:
                    pending.append(referenced)
            # Filters, tests and globals (Jinja does not count globals as undeclared).
            used = {f.name for f in tree.find_all(nodes.Filter)}
            used |= {t.name for t in tree.find_all(nodes.Test)}
            used |= {n.name for n in tree.find_all(nodes.Name)} & set(environment.globals)
            if used - pure - PURE_JINJA:
                self.cacheable = False
        self.digest = digest.digest()
