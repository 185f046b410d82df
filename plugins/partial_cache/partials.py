"""A template function that renders a partial template once per build for the same values,
as Hugo's ``partialCached`` does.

An article's teaser is shown on a dozen list pages (home, topic, year, month, each of its
keywords): rendered once and reused, it is no longer most of the lists' rendering time.
``partial_cached("partials/teaser.html", article=article, SITEURL=SITEURL)`` renders the
partial with these values only (an ``include`` would pass the whole page's context). Objects
are told apart by identity, strings and numbers by value: Pelican's articles are final
once pages are written, and every build makes new ones and a new template environment.
"""

from __future__ import annotations

from typing import Any

import jinja2
from markupsafe import Markup
from pelican import signals

VALUES_BY_VALUE = (str, int, float, bool, type(None))


class CachedPartials:
    """``partial_cached`` of one template environment (one per generator and build)."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment
        # key -> (the objects among the values, kept alive so that their ids stay theirs;
        # the HTML). One entry per teaser: about 1 KB an article.
        self.rendered: dict[tuple[Any, ...], tuple[tuple[Any, ...], Markup]] = {}

    def __call__(self, name: str, **values: Any) -> Markup:
        names = sorted(values)
        key = (name, *names, *(_identity(values[n]) for n in names))
        if key not in self.rendered:
            html = Markup(self.environment.get_template(name).render(values))
            objects = tuple(v for v in values.values() if type(v) not in VALUES_BY_VALUE)
            self.rendered[key] = (objects, html)
        return self.rendered[key][1]


def _identity(value: Any) -> Any:
    return value if type(value) in VALUES_BY_VALUE else id(value)


def add_partial_cached(generator: Any) -> None:
    generator.env.globals["partial_cached"] = CachedPartials(generator.env)


def register() -> None:
    signals.generator_init.connect(add_partial_cached)
