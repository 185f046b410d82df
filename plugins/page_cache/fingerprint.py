"""Fingerprints of what a template renders: values, objects, templates, the build itself.

A fingerprint must change whenever the rendered page could; it may change when the page does
not (that only costs a render). Values are fingerprinted by pickling them, with every object
that has attributes replaced by its state; anything that cannot be pickled makes the page be
rendered.

One fingerprinter serves one build's writing, and remembers by identity what thousands of
pages share, so that each is pickled once:

- Objects with attributes (articles, keywords, paginators) are taken as final once writing
  starts: Pelican and the plugins finish them when the generators are finalized, before the
  writer exists. An article, and any object holding a long list, gets a digest of its own,
  remembered for the build; other objects (a keyword, a topic decision) are small and
  pickled in place, which costs less than a digest of their own (a keyword's or topic's state
  is worked out once: one object per name is met on thousands of pages). A page of a paginated list
  is remembered by its list and number: it is met as a new object three times (as itself and
  as its neighbours' previous and next page).
- A paginator (Pelican's, of a list page) counts as its number of items unless the template
  family can reach the items of other pages through it (``TemplateFamily.whole_lists``):
  else every page of a long list would change whenever one of its articles did.
- An article's attributes that point to other articles (its related articles, its neighbours)
  count only where the template family names them (``TemplateFamily.attribute_names``): else
  an edit that changes the related articles of dozens of others would change every list
  those are on, though no list shows them.
- Lists, tuples and dicts are what the writer and the templates put together page by page,
  and could be changed between two pages. A context value of that kind is remembered with
  the identities of its members, and of the members of the lists and dicts inside it; its
  fingerprint is reused only while all of them are still the same objects in the same order.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time
from operator import is_
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import jinja2
from jinja2 import meta, nodes
from pelican.contents import Content
from pelican.paginator import Page, Paginator
from pelican.urlwrappers import URLWrapper

# Attributes every content object carries that belong to the whole build, not the object;
# the build fingerprint covers the settings, and ``_context`` is the site itself.
BUILD_WIDE_ATTRIBUTES = frozenset({"settings", "_context"})
# A keyword's, topic's or author's name and slug are read through properties; the slug is
# cached on first use and ``as_dict()`` copies both into the object, so its attributes depend
# on whether a page already showed its URL. Its state is taken from the properties instead.
URL_WRAPPER_ATTRIBUTES = frozenset({"_name", "_slug", "_slug_from_name", "name", "slug"})
# Jinja's own filters, tests and globals that depend on their arguments alone.
PURE_JINJA = (
    set(jinja2.filters.FILTERS) | set(jinja2.tests.TESTS) | set(jinja2.defaults.DEFAULT_NAMESPACE)
) - {"random", "lipsum"}
# Values pickled as they are, with nothing inside that could change.
ATOMS = frozenset({str, int, float, bool, bytes, type(None)})
CONTAINERS = frozenset({list, tuple, dict})
# An object holding a list longer than this (a paginator holds all its articles) gets a
# digest of its own, remembered, instead of being pickled in place wherever it is met.
LONG = 64
# What a template can read of a paginator without its items; the page count follows.
PAGINATOR_SUMMARY = frozenset(
    {"count", "num_pages", "page_range", "per_page", "orphans", "name", "url"}
)


def new_hash() -> Any:
    return hashlib.blake2b(digest_size=20)


def _reference(digest: bytes) -> bytes:
    """Stands for an object already fingerprinted (only ever pickled, never called)."""
    return digest


def _object(kind: str, state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Stands for an object pickled in place (only ever pickled, never called)."""
    return kind, state


def object_state(obj: Any) -> dict[str, Any]:
    """What of an object a page can show: its attributes, less those of the whole build."""
    state = vars(obj)
    if not BUILD_WIDE_ATTRIBUTES.isdisjoint(state):
        state = {name: value for name, value in state.items() if name not in BUILD_WIDE_ATTRIBUTES}
    if isinstance(obj, URLWrapper):
        state = {k: v for k, v in state.items() if k not in URL_WRAPPER_ATTRIBUTES}
        state["name"], state["slug"] = obj.name, obj.slug
    return state


def typed_state(obj: Any) -> tuple[str, str, dict[str, Any]]:
    kind = type(obj)
    return kind.__module__, kind.__qualname__, object_state(obj)


# How the pickler treats an object, by its type.
AS_PICKLE_DOES, AS_ARTICLE, AS_LIST_PAGE, AS_URL_WRAPPER, AS_PAGINATOR, AS_OBJECT = range(6)
# Pickled as pickle does, but turned into plain values inside an article's state.
AS_DATE, AS_ZONE = range(6, 8)
PICKLED_AS_USUAL = frozenset({AS_PICKLE_DOES, AS_DATE, AS_ZONE})


def handling(obj: Any) -> int:
    if isinstance(obj, (date, time)):
        return AS_DATE
    if isinstance(obj, ZoneInfo):
        return AS_ZONE
    if callable(obj) or isinstance(obj, ModuleType) or not hasattr(obj, "__dict__"):
        return AS_PICKLE_DOES  # functions and classes by name, the rest as pickle does
    if isinstance(obj, Content):
        return AS_ARTICLE
    if isinstance(obj, URLWrapper):
        return AS_URL_WRAPPER
    if isinstance(obj, Paginator):
        return AS_PAGINATOR
    return AS_LIST_PAGE if isinstance(obj, Page) else AS_OBJECT


def paginator_summary(paginator: Paginator) -> tuple[str, dict[str, Any]]:
    """A paginator as a template that never reaches its items sees it."""
    return "pelican.paginator.Paginator", {
        "name": paginator.name,
        "url": paginator.url,
        "per_page": paginator.per_page,
        "orphans": paginator.orphans,
        "count": len(paginator.object_list),
    }


class _StatePickler(pickle.Pickler):
    """Pickles a value as the fingerprint sees it: strings, numbers and containers at C
    speed, every other object as its state (articles and big objects by their digest)."""

    def __init__(self, file: io.BytesIO, fingerprints: Fingerprinter) -> None:
        super().__init__(file, protocol=5)
        # No memo: the output must not depend on which equal values happen to be one object
        # (a freshly read article shares strings that one loaded from the cache does not).
        # Without it, pickle refuses reference cycles (nesting too deep): no fingerprint.
        self.fast = True
        self.fingerprints = fingerprints
        self.handling = fingerprints.handling
        # Articles met inside a list are the bulk of all objects pickled; those already
        # fingerprinted are looked up in one step (the mode does not change during a dump).
        self.known = fingerprints.own_states if fingerprints.inside_article else {}
        self.link_modes = fingerprints.link_modes

    def reducer_override(self, obj: Any) -> Any:
        own = self.known.get(id(obj))
        if own is not None:
            # ``linked_reduction``'s first case, inline: met for every article in a list.
            if self.link_modes[own.link_set] == SHOWS_NO_LINKS:
                return own.reduction
            return self.fingerprints.linked_reduction(own)
        kind = type(obj)
        how = self.handling.get(kind)
        if how is None:
            how = self.handling[kind] = handling(obj)
        if how in PICKLED_AS_USUAL:
            return NotImplemented
        if how == AS_ARTICLE:
            return self.article(obj)
        if how == AS_LIST_PAGE:
            return _reference, (self.fingerprints.list_page(obj),)
        if how == AS_URL_WRAPPER:
            return _object, self.fingerprints.url_wrapper(obj)
        if how == AS_PAGINATOR and not self.fingerprints.whole_lists:
            return _object, paginator_summary(obj)
        state = object_state(obj)
        if any(type(value) in CONTAINERS and len(value) > LONG for value in state.values()):
            return _reference, (self.fingerprints.of(obj),)
        return _object, (f"{kind.__module__}.{kind.__qualname__}", state)

    def article(self, article: Any) -> Any:
        if self.fingerprints.inside_article:
            # An article that another article points to (related, previous/next in its
            # topic): its own fields, with the articles it points to in turn by name only.
            # Following every link would walk the whole collection and meet cycles.
            return self.fingerprints.linked_reduction(self.fingerprints.own_state(article))
        return _reference, (self.fingerprints.of(article),)


class _LinkPickler(_StatePickler):
    """Pickles an article's own state: articles it points to become their source path,
    and are listed in ``pointed``, in the order they were met."""

    def __init__(self, fingerprints: Fingerprinter) -> None:
        self.buffer = io.BytesIO()
        super().__init__(self.buffer, fingerprints)
        self.known = {}
        self.pointed: list[Any] = []

    def digest(self, value: Any, pointed: list[Any]) -> bytes:
        """The digest of one part of an article's state; what it points to goes to
        ``pointed``."""
        self.pointed = pointed
        self.buffer.seek(0)
        self.buffer.truncate()
        self.dump(value)
        return _digest(self.buffer.getvalue())

    def article(self, article: Any) -> Any:
        self.pointed.append(article)
        return str, (article.source_path,)


# Mark what ``_plain`` put in place of an object (bytes: an article's state holds none).
ARTICLE_REFERENCE = b"page_cache:article"
OBJECT_STATE = b"page_cache:object"
DATE_VALUE = b"page_cache:date"
ZONE_VALUE = b"page_cache:zone"


# How a value is seen: (whole_lists, attribute_names), see ``Fingerprinter.value``.
View = tuple[bool, frozenset[str] | None]


@dataclass(eq=False, slots=True)
class OwnState:
    """An article's own fields, worked out once a build: a digest of those that point to no
    other article, and apart from them one of the attributes that do (its related articles,
    its neighbours: its links), with the articles they point to."""

    article: Any  # kept alive, so that its id stays unique
    reduction: tuple[Any, tuple[bytes]]  # how the pickler puts the fields without links
    pointed: tuple[Any, ...]  # articles met inside those fields (inside other objects)
    link_set: int  # the names of its links, as an index into ``Fingerprinter.link_sets``
    links_digest: bytes
    targets: tuple[Any, ...]  # the articles its links point to
    # The reduction with every link counted, made when a view first shows them all.
    with_links: tuple[Any, tuple[bytes]] | None = field(default=None)

    @property
    def digest(self) -> bytes:
        return self.reduction[1][0]


class _Members:
    """The identities of a list's, tuple's or dict's members, and of theirs in turn."""

    def __init__(self, container: Any) -> None:
        self.container = container  # kept alive, so that its id is not reused
        self.members = members(container)
        self.inner = [_Members(m) for m in self.members if type(m) in CONTAINERS]

    def unchanged(self) -> bool:
        now = members(self.container)
        return (
            len(now) == len(self.members)
            and all(map(is_, now, self.members))
            and all(inner.unchanged() for inner in self.inner)
        )


def members(container: Any) -> tuple[Any, ...]:
    if type(container) is dict:
        return (*container, *container.values())
    return tuple(container)


class Fingerprinter:
    """Fingerprints of context values, remembered for one build (the same article appears
    on its page and on many lists; the same list of all articles on every home page)."""

    def __init__(self) -> None:
        # Each keeps its values alive, so that their ids stay unique.
        self._memo: dict[tuple[int, View], tuple[Any, bytes]] = {}
        self.own_states: dict[int, OwnState] = {}
        self._containers: dict[tuple[int, bool, View], tuple[_Members, bytes]] = {}
        self._list_pages: dict[tuple[int, int, bool, View], tuple[Any, bytes]] = {}
        self._atoms: dict[tuple[type, Any], bytes] = {}
        self._url_wrappers: dict[int, tuple[URLWrapper, tuple[str, Any], tuple]] = {}
        # Which of an article's links a view shows, worked out once per view and set of link
        # names (articles have one of a few such sets): met for every article on every list.
        self.link_sets: dict[tuple[str, ...], int] = {}
        self.link_sets_by_index: list[tuple[str, ...]] = []
        self._link_modes: dict[frozenset[str] | None, list[int]] = {}
        self.link_modes: list[int] = []
        self._in_progress: set[int] = set()
        self._articles_in_progress = 0
        self.handling: dict[type, int] = {}
        # How the value being fingerprinted is seen: see ``value``.
        self.whole_lists = True
        self.attribute_names: frozenset[str] | None = None
        self.view: View = (True, None)

    def value(
        self,
        value: Any,
        *,
        shows_links: bool = False,
        whole_lists: bool = True,
        attribute_names: frozenset[str] | None = None,
    ) -> bytes | None:
        """The fingerprint of any value; None when it cannot be taken (say, a lambda).

        Articles inside the value count with their own fields only, unless ``shows_links``:
        the article of an article page also shows its related and neighbouring articles.
        Paginators count with all their items only when ``whole_lists``; an article's
        attributes that point to other articles only when ``attribute_names`` (None: any)
        holds their name.
        """
        self.whole_lists, self.attribute_names = whole_lists, attribute_names
        self.view = (whole_lists, attribute_names)
        if attribute_names not in self._link_modes:
            self._link_modes[attribute_names] = [
                link_mode(names, attribute_names) for names in self.link_sets_by_index
            ]
        self.link_modes = self._link_modes[attribute_names]
        kind = type(value)
        if kind in ATOMS:
            return self._atom(kind, value)
        if kind not in CONTAINERS:
            return self._pickled(value, shows_links)
        key = (id(value), shows_links, self.view)
        remembered = self._containers.get(key)
        if remembered is not None and remembered[0].unchanged():
            return remembered[1]
        fingerprint = self._pickled(value, shows_links)
        if fingerprint is not None:
            self._containers[key] = (_Members(value), fingerprint)
        return fingerprint

    def _atom(self, kind: type, value: Any) -> bytes:
        # By type too: 1, 1.0 and True are equal keys, but different values on a page.
        key = (kind, value)
        if key not in self._atoms:
            self._atoms[key] = _digest(pickle.dumps(value, protocol=5))
        return self._atoms[key]

    def _pickled(self, value: Any, shows_links: bool) -> bytes | None:
        buffer = io.BytesIO()
        self._articles_in_progress += not shows_links
        try:
            _StatePickler(buffer, self).dump(value if shows_links else self._listed(value))
        except Exception:  # whatever pickling meets: the page is simply rendered
            return None
        finally:
            self._articles_in_progress -= not shows_links
        return _digest(buffer.getvalue())

    @property
    def inside_article(self) -> bool:
        return self._articles_in_progress > 0

    def of(self, obj: Any) -> bytes:
        """The fingerprint of an object with attributes: its type and its state; for an
        article, its own fields and those of the articles it points to."""
        key = (id(obj), self.view)
        if key not in self._memo:
            if isinstance(obj, Content):
                own = self.own_state(obj)
                parts = [self.linked_reduction(own)[1][0]]
                for other in (*own.pointed, *self._shown_targets(own)):
                    parts.append(self.linked_reduction(self.own_state(other))[1][0])
                digest = _digest(b"".join(parts))
            else:
                digest = self._state_digest(obj)
            self._memo[key] = (obj, digest)
        return self._memo[key][1]

    def list_page(self, page: Page) -> bytes:
        """The fingerprint of one page of a paginated list. A list page is shown as itself
        and as its neighbours' previous and next page, each time as a new object: it is
        remembered by its list (final once writing starts) and number instead."""
        key = (id(page.paginator), page.number, self.inside_article, self.view)
        if key not in self._list_pages:
            self._list_pages[key] = (page.paginator, self._state_digest(page))
        return self._list_pages[key][1]

    def url_wrapper(self, wrapper: URLWrapper) -> tuple[str, dict[str, Any]]:
        """A keyword's, topic's or author's kind and state, pickled in place, worked out once
        (each is met on thousands of pages; one object per name, final once writing starts)."""
        return self._url_wrapper(wrapper)[1]

    def plain_url_wrapper(self, wrapper: URLWrapper) -> tuple[Any, ...]:
        """The same as a plain value (``_plain``, ``_listed``)."""
        return self._url_wrapper(wrapper)[2]

    def _url_wrapper(self, wrapper: URLWrapper) -> tuple[URLWrapper, tuple[str, Any], tuple]:
        key = id(wrapper)
        known = self._url_wrappers.get(key)
        if known is None:
            kind = type(wrapper)
            state = (f"{kind.__module__}.{kind.__qualname__}", object_state(wrapper))
            known = self._url_wrappers[key] = (wrapper, state, (OBJECT_STATE, *state))
        return known

    def linked_reduction(self, own: OwnState) -> tuple[Any, tuple[bytes]]:
        """How an article shown inside another value is pickled: its own fields, with its
        links if the current view shows them."""
        mode = self.link_modes[own.link_set]
        if mode == SHOWS_NO_LINKS:
            return own.reduction
        if mode == SHOWS_SOME_LINKS:
            return _reference, (_digest(own.digest + self._some_links(own)[0]),)
        if own.with_links is None:
            own.with_links = _reference, (_digest(own.digest + own.links_digest),)
        return own.with_links

    def _shown_targets(self, own: OwnState) -> tuple[Any, ...] | list[Any]:
        mode = self.link_modes[own.link_set]
        if mode == SHOWS_NO_LINKS:
            return ()
        return own.targets if mode == SHOWS_ALL_LINKS else self._some_links(own)[1]

    def _some_links(self, own: OwnState) -> tuple[bytes, list[Any]]:
        """The digest and targets of those links of an article that the current view shows,
        worked out each time: templates seldom name some of an article's links only."""
        names = self.attribute_names or frozenset()
        state = object_state(own.article)
        targets: list[Any] = []
        self._articles_in_progress += 1
        try:
            links = {
                name: self._plain(state[name], targets)
                for name in self.link_sets_by_index[own.link_set]
                if name in names
            }
            return _LinkPickler(self).digest(links, targets), targets
        finally:
            self._articles_in_progress -= 1

    def _link_set(self, names: tuple[str, ...]) -> int:
        if names not in self.link_sets:
            self.link_sets[names] = len(self.link_sets_by_index)
            self.link_sets_by_index.append(names)
            for attribute_names, modes in self._link_modes.items():
                modes.append(link_mode(names, attribute_names))
        return self.link_sets[names]

    def own_state(self, article: Any) -> OwnState:
        own = self.own_states.get(id(article))
        if own is None:
            own = self.own_states[id(article)] = self._own_state(article)
        return own

    def _own_state(self, article: Any) -> OwnState:
        kind = type(article)
        module, qualname = kind.__module__, kind.__qualname__
        # Pelican's content classes have no property that reads a link under another name;
        # a subclass might: its links always count.
        splits_links = module == PELICAN_CONTENTS
        fields: dict[str, Any] = {}
        links: dict[str, Any] = {}
        pointed: list[Any] = []
        targets: list[Any] = []
        self._articles_in_progress += 1
        try:
            pickler = _LinkPickler(self)
            for name, value in vars(article).items():
                if type(value) in ATOMS:  # most fields: nothing to turn into plain values
                    fields[name] = value
                    continue
                if name in BUILD_WIDE_ATTRIBUTES:
                    continue
                found: list[Any] = []
                plain = self._plain(value, found)
                if found and splits_links:
                    links[name] = plain
                    targets += found
                else:
                    fields[name] = plain
                    pointed += found
            links_digest = pickler.digest(links, targets) if links else b""
            # Articles the pickler still meets (inside other objects) always count.
            reduction = _reference, (pickler.digest((module, qualname, fields), pointed),)
        finally:
            self._articles_in_progress -= 1
        link_set = self._link_set(tuple(links))
        return OwnState(article, reduction, tuple(pointed), link_set, links_digest, tuple(targets))

    def _listed(self, value: Any) -> Any:
        """A value whose articles count with their own fields (a page's list, say), with those
        articles and its keywords and topics turned into plain values beforehand, as ``_plain``
        does for an article's state: the pickler would call back into Python for each, and
        pickle each callback's function by name."""
        kind = type(value)
        if kind in ATOMS:
            return value
        if kind is list or kind is tuple:
            return kind([item if type(item) in ATOMS else self._listed(item) for item in value])
        if kind is dict:
            return {
                name: item if type(item) in ATOMS else self._listed(item)
                for name, item in value.items()
            }
        how = self.handling.get(kind)
        if how is None:
            how = self.handling[kind] = handling(value)
        if how == AS_ARTICLE:
            return ARTICLE_REFERENCE, self.linked_reduction(self.own_state(value))[1][0]
        if how == AS_URL_WRAPPER:
            return self.plain_url_wrapper(value)
        return value

    def _plain(self, value: Any, pointed: list[Any]) -> Any:
        """An article's state with the articles it points to and its keywords and topic
        turned into plain values beforehand: pickled at C speed, where the pickler would call
        back into Python for each of them (and pickle each callback's function by name).
        Anything else is left to the pickler."""
        kind = type(value)
        if kind in ATOMS:
            return value
        if kind is list or kind is tuple:
            if not value:
                return value
            return kind(
                [item if type(item) in ATOMS else self._plain(item, pointed) for item in value]
            )
        if kind is dict:
            return {
                name: item if type(item) in ATOMS else self._plain(item, pointed)
                for name, item in value.items()
            }
        how = self.handling.get(kind)
        if how is None:
            how = self.handling[kind] = handling(value)
        if how == AS_ARTICLE:
            pointed.append(value)
            return ARTICLE_REFERENCE, value.source_path
        if how == AS_URL_WRAPPER:
            return self.plain_url_wrapper(value)
        if how == AS_DATE:
            # What pickle would record (each article has several): its type, fields and zone.
            zone = self._plain(getattr(value, "tzinfo", None), pointed)
            return DATE_VALUE, kind.__qualname__, value.isoformat(), getattr(value, "fold", 0), zone
        if how == AS_ZONE and value.key is not None:
            return ZONE_VALUE, value.key  # as pickle records a zone: by its name
        return value

    def _state_digest(self, obj: Any) -> bytes:
        key = id(obj)
        if key in self._in_progress:
            raise RecursionError(f"reference cycle through {type(obj).__qualname__}")
        self._in_progress.add(key)
        try:
            buffer = io.BytesIO()
            _StatePickler(buffer, self).dump(typed_state(obj))
        finally:
            self._in_progress.discard(key)
        return _digest(buffer.getvalue())


PELICAN_CONTENTS = "pelican.contents"
# Which of an article's links a view shows.
SHOWS_NO_LINKS, SHOWS_ALL_LINKS, SHOWS_SOME_LINKS = range(3)


def link_mode(link_names: tuple[str, ...], attribute_names: frozenset[str] | None) -> int:
    shown = sum(attribute_names is None or name in attribute_names for name in link_names)
    if shown == 0:
        return SHOWS_NO_LINKS
    return SHOWS_ALL_LINKS if shown == len(link_names) else SHOWS_SOME_LINKS


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
    test or global function that is not known to depend on its arguments alone.

    ``partials`` are global functions whose first argument names a template they render with
    their other arguments (``partial_cached``): that template is part of the family, as an
    included one is.

    ``whole_lists`` is False when no template of the family can reach the items of a
    paginator, only its summary (``PAGINATOR_SUMMARY``): then a page of a list depends on its
    own items, not on those of the list's other pages (see ``reaches_paginator_items``).

    ``attribute_names`` holds every attribute name the family's templates write out (``a.b``,
    ``a["b"]``, ``|attr("b")`` ...): an attribute it does not name cannot be read by them.
    None when a template reads attributes by a name it works out (``a[name]``), or through
    ``__dict__``. Functions declared pure are taken not to follow an article's links to
    other articles (``PAGE_CACHE_PURE_FUNCTIONS``)."""

    def __init__(
        self,
        environment: jinja2.Environment,
        name: str,
        pure: set[str],
        partials: frozenset[str] = frozenset(),
        known: dict[str, TemplateFacts] | None = None,
    ) -> None:
        """``known`` remembers what each template holds across the families of one build
        (most include the same base layout and partials)."""
        known = {} if known is None else known
        self.names: set[str] = set()
        self.cacheable = True
        self.whole_lists = False
        attributes: set[str] = set()
        by_value = False
        digest = new_hash()
        pending, seen = [name], set()
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            seen.add(current)
            if current not in known:
                known[current] = TemplateFacts.of(environment, current, partials)
            facts = known[current]
            digest.update(facts.source)
            self.names |= facts.names
            if None in facts.referenced:
                self.cacheable = False
            pending += [template for template in facts.referenced if template is not None]
            if facts.functions - pure - partials - PURE_JINJA:
                self.cacheable = False
            self.whole_lists = self.whole_lists or facts.reaches_paginator_items
            attributes |= facts.attributes
            by_value = by_value or facts.reads_attributes_by_value
        self.attribute_names = (
            None if by_value or "__dict__" in attributes else frozenset(attributes)
        )
        self.digest = digest.digest()
        # The names in a fixed order, each with what precedes its value in a page's key.
        self.labels = tuple((name, name.encode() + b"=") for name in sorted(self.names))


@dataclass(frozen=True)
class TemplateFacts:
    """What one template holds, for the families it belongs to."""

    source: bytes  # its name and source
    names: frozenset[str]  # the context names it reads
    referenced: tuple[str | None, ...]  # what it extends, includes, imports (None: unknown)
    functions: frozenset[str]  # filters, tests and globals it uses
    reaches_paginator_items: bool
    attributes: frozenset[str]  # the attribute names it writes out
    reads_attributes_by_value: bool

    @classmethod
    def of(
        cls, environment: jinja2.Environment, name: str, partials: frozenset[str]
    ) -> TemplateFacts:
        source, _, _ = environment.loader.get_source(environment, name)
        tree = environment.parse(source)
        # Filters, tests and globals (Jinja does not count globals as undeclared).
        used = {f.name for f in tree.find_all(nodes.Filter)}
        used |= {t.name for t in tree.find_all(nodes.Test)}
        used |= {n.name for n in tree.find_all(nodes.Name)} & set(environment.globals)
        attributes = {node.attr for node in tree.find_all(nodes.Getattr)}
        # Strings too: Jinja's attribute filters take dotted paths ("related.0").
        for const in tree.find_all(nodes.Const):
            if isinstance(const.value, str):
                attributes.update(const.value.split("."))
        return cls(
            source=name.encode() + b"\0" + source.encode(),
            names=frozenset(meta.find_undeclared_variables(tree)),
            referenced=(*meta.find_referenced_templates(tree), *_partials(tree, partials)),
            functions=frozenset(used),
            reaches_paginator_items=reaches_paginator_items(tree, (used | partials) - PURE_JINJA),
            attributes=frozenset(attributes),
            reads_attributes_by_value=reads_attributes_by_value(tree),
        )


# Jinja's filters that read the attribute their argument names.
ATTRIBUTE_FILTERS = frozenset(
    {"attr", "map", "selectattr", "rejectattr", "sort", "groupby", "sum", "unique", "min", "max"}
)
# A loop's counters: an index into a list, never an attribute's name.
LOOP_COUNTERS = frozenset({"index", "index0", "revindex", "revindex0", "length"})


def reads_attributes_by_value(tree: nodes.Template) -> bool:
    """Whether a template reads an attribute whose name is not written out: Jinja's ``a[b]``
    reads attribute ``b`` when ``a`` has no such item and ``b`` is a string."""
    for item in tree.find_all(nodes.Getitem):
        key = item.arg
        counter = (
            isinstance(key, nodes.Getattr)
            and isinstance(key.node, nodes.Name)
            and key.node.name == "loop"
            and key.attr in LOOP_COUNTERS
        )
        if not (isinstance(key, (nodes.Const, nodes.Slice)) or counter):
            return True
    for applied in tree.find_all(nodes.Filter):
        if applied.name in ATTRIBUTE_FILTERS:
            arguments = [*applied.args, *(keyword.value for keyword in applied.kwargs)]
            if (
                applied.dyn_args
                or applied.dyn_kwargs
                or not all(isinstance(argument, nodes.Const) for argument in arguments)
            ):
                return True
    return False


def reaches_paginator_items(tree: nodes.Template, functions: set[str]) -> bool:
    """Whether a template may read a paginator's items (every page's articles) rather than its
    summary. It may unless every way to a paginator is ``…_paginator.<summary>`` or
    ``….paginator.<summary>``: a paginator (or a page, whose ``paginator`` leads to one) kept
    under another name, an attribute named in quotes (``|attr("paginator")``), or a page handed
    to one of ``functions`` (a plugin's filter, test or global) all count as reading them."""
    pending: list[tuple[nodes.Node, nodes.Node | None]] = [(tree, None)]
    while pending:
        node, parent = pending.pop()
        summary_read = isinstance(parent, nodes.Getattr) and parent.attr in PAGINATOR_SUMMARY
        if isinstance(node, nodes.Name) and node.name.endswith("_paginator") and not summary_read:
            return True
        if isinstance(node, nodes.Getattr) and node.attr == "paginator" and not summary_read:
            return True
        if isinstance(node, nodes.Const) and node.value in ("paginator", "object_list"):
            return True
        if _calls_one_of(node, functions) and any(
            name.name.endswith(("_page", "_paginator")) for name in node.find_all(nodes.Name)
        ):
            return True
        pending += [(child, node) for child in node.iter_child_nodes()]
    return False


def _calls_one_of(node: nodes.Node, functions: set[str]) -> bool:
    if isinstance(node, (nodes.Filter, nodes.Test)):
        return node.name in functions
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name in functions
    )


def _partials(tree: nodes.Template, partials: frozenset[str]) -> list[str | None]:
    """The templates that calls of the partial functions render; None for a name given by a
    variable (not known before render time)."""
    named: list[str | None] = []
    for call in tree.find_all(nodes.Call):
        if isinstance(call.node, nodes.Name) and call.node.name in partials:
            first = call.args[0] if call.args else None
            is_name = isinstance(first, nodes.Const) and isinstance(first.value, str)
            named.append(first.value if is_name else None)
    return named
