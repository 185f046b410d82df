"""partial_cached: a partial rendered once per build for the same values."""

from __future__ import annotations

import jinja2

from partial_cache.partials import CachedPartials


class Article:
    def __init__(self, title: str) -> None:
        self.title = title


def test_a_partial_is_rendered_once_for_the_same_article_and_address():
    rendered: list[str] = []
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"teaser.html": "{{ SITEURL }}/{{ article.title|seen }}"})
    )
    environment.filters["seen"] = lambda title: rendered.append(title) or title
    partial = CachedPartials(environment)
    one, twin = Article("Eins"), Article("Eins")
    assert partial("teaser.html", article=one, SITEURL="..") == "../Eins"
    assert partial("teaser.html", article=one, SITEURL="..") == "../Eins"
    assert rendered == ["Eins"]
    # Another object, even with equal fields, and another address are rendered anew.
    partial("teaser.html", article=twin, SITEURL="..")
    assert partial("teaser.html", article=one, SITEURL="../..") == "../../Eins"
    assert rendered == ["Eins", "Eins", "Eins"]


def test_the_html_is_not_escaped_again():
    environment = jinja2.Environment(
        loader=jinja2.DictLoader({"teaser.html": "<b>{{ article.title }}</b>"}),
        autoescape=True,
    )
    page = environment.from_string("{{ partial_cached('teaser.html', article=article) }}")
    environment.globals["partial_cached"] = CachedPartials(environment)
    assert page.render(article=Article("A & B")) == "<b>A &amp; B</b>"
