"""The page cache: which pages it may reuse, and that a rebuild renders only what changed.

That reused pages are exactly what a fresh build writes is checked in test_cache.py.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import jinja2
import pytest
from pelican import signals
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag

from bench.generate import generate_collection
from conftest import build_site, differing_files
from page_cache import writer as page_cache_writer
from page_cache.fingerprint import Fingerprinter, TemplateFamily
from page_cache.writer import CachingWriter, PageCacheError


class Item:
    def __init__(self, title: str, tags: list[str]) -> None:
        self.title = title
        self.tags = tags
        self.settings = {"differs": object()}  # build-wide: not part of the fingerprint


def family(templates: dict[str, str], pure: set[str] | None = None) -> TemplateFamily:
    environment = jinja2.Environment(loader=jinja2.DictLoader(templates))
    environment.filters["german_date"] = lambda value: value
    environment.globals["related_for"] = lambda article: []
    return TemplateFamily(environment, "page.html", pure or set())


def test_a_family_knows_the_names_its_templates_read():
    templates = {
        "base.html": "<title>{{ SITENAME }}</title>{% block content %}{% endblock %}",
        "page.html": '{% extends "base.html" %}{% block content %}{% include "teaser.html" %}'
        "{% endblock %}",
        "teaser.html": "{{ article.title|upper }}",
    }
    pages = family(templates)
    assert pages.cacheable
    assert pages.names == {"SITENAME", "article"}


@pytest.mark.parametrize(
    "page",
    [
        "{{ article.date|german_date }}",  # a plugin's filter not declared pure
        "{{ related_for(article) }}",  # a plugin's global function
        "{% include article.template %}",  # a template chosen at render time
        "{{ range(10)|random }}",
    ],
)
def test_pages_that_may_read_what_no_fingerprint_sees_are_always_rendered(page: str):
    assert not family({"page.html": page}).cacheable


def test_a_filter_declared_pure_keeps_the_page_cacheable():
    assert family({"page.html": "{{ article.date|german_date }}"}, {"german_date"}).cacheable


@pytest.mark.parametrize(
    ("page", "whole_lists"),
    [
        ("{{ articles_page.number }} / {{ articles_paginator.num_pages }}", False),
        ("{% for a in articles_page.object_list %}{{ a.title }}{% endfor %}", False),
        ("{{ articles_page.paginator.count }} {{ articles_next_page.url }}", False),
        ("{% for a in articles_paginator.object_list %}{{ a.title }}{% endfor %}", True),
        ("{{ articles_paginator.page(2).object_list }}", True),
        ("{{ articles_page.paginator.object_list|length }}", True),
        ("{% set pages = articles_paginator %}{{ pages.num_pages }}", True),
        ('{{ (articles_page|attr("paginator")).num_pages }}', True),
        ("{{ articles_page|german_date }}", True),  # a plugin's function may follow the page
    ],
)
def test_a_family_knows_whether_it_can_reach_other_pages_of_a_list(page: str, whole_lists: bool):
    pages = family({"page.html": page}, {"german_date"})
    assert pages.cacheable
    assert pages.whole_lists is whole_lists


@pytest.mark.parametrize(
    ("page", "names"),
    [
        (
            '{{ article.title }} {{ article["url"] }} {{ (items|map(attribute="slug"))|list }}',
            {"title", "url", "slug"},
        ),
        (
            "{% for a in items %}{{ loop.index }} {{ items[loop.index0].title[:3] }}{% endfor %}",
            {"index", "index0", "title"},
        ),
        ('{{ items|map(attribute="related.0")|list }}', {"related", "0"}),
        ("{{ article[name] }}", None),
        ("{{ (items|map(attribute=name))|list }}", None),
        ("{{ article.__dict__ }}", None),
    ],
)
def test_a_family_knows_the_attribute_names_its_templates_can_read(page: str, names: set | None):
    attribute_names = family({"page.html": page}).attribute_names
    assert attribute_names == (None if names is None else frozenset(names))


def article(title: str) -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    return Article("", metadata={"title": title}, settings=settings, source_path=f"{title}.txt")


def test_links_to_other_articles_count_only_where_a_template_names_them():
    listed, other = article("Eins"), article("Zwei")
    in_lists = frozenset({"title", "url"})
    with_related = in_lists | {"related"}

    def fingerprint(names: frozenset[str] | None, shows_links: bool = False) -> bytes | None:
        return Fingerprinter().value([listed], attribute_names=names, shows_links=shows_links)

    before = {names: fingerprint(names) for names in (in_lists, with_related, None)}
    listed.related = [other]
    assert fingerprint(in_lists) == before[in_lists]
    assert fingerprint(with_related) != before[with_related]
    assert fingerprint(None) != before[None]
    # The linked article's own fields count where the links do.
    linked = fingerprint(with_related, shows_links=True)
    other.title = "Zwei, neu"
    assert fingerprint(with_related, shows_links=True) != linked
    assert fingerprint(in_lists) == before[in_lists]
    listed.title = "Eins, neu"
    assert fingerprint(in_lists) != before[in_lists]


def test_a_template_naming_some_links_of_an_article_sees_those_only():
    listed, older, newer = article("Eins"), article("Zwei"), article("Drei")
    listed.related, listed.topic_older = [older], older
    names = frozenset({"title", "related"})

    def fingerprint(shows_links: bool = False) -> bytes | None:
        return Fingerprinter().value([listed], attribute_names=names, shows_links=shows_links)

    before, page_before = fingerprint(), fingerprint(shows_links=True)
    listed.topic_older = newer
    assert (fingerprint(), fingerprint(shows_links=True)) == (before, page_before)
    listed.related = [newer]
    assert fingerprint() != before and fingerprint(shows_links=True) != page_before


class ArticleWithProperty(Article):
    @property
    def first_related_title(self) -> str:
        return self.related[0].title if getattr(self, "related", None) else ""


def test_links_always_count_for_a_content_class_of_a_plugin():
    """Its properties may read the links under another name."""
    listed = ArticleWithProperty(
        "", metadata={"title": "Eins"}, settings=copy.deepcopy(DEFAULT_CONFIG)
    )
    names = frozenset({"first_related_title"})
    before = Fingerprinter().value([listed], attribute_names=names)
    listed.related = [article("Zwei")]
    assert Fingerprinter().value([listed], attribute_names=names) != before


def test_fingerprints_follow_state_not_identity():
    shared = "Titel"
    one, other = Item(shared, [shared]), Item("Tit" + "el", ["Titel"])
    assert Fingerprinter().value(one) == Fingerprinter().value(other)
    other.tags.append("neu")
    assert Fingerprinter().value(one) != Fingerprinter().value(other)


def test_a_value_that_cannot_be_fingerprinted_gives_none():
    assert Fingerprinter().value(Item("x", [lambda: 1])) is None


def rendered_pages(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    line = next(r.getMessage() for r in caplog.records if r.getMessage().startswith("Pages:"))
    reused, rendered = map(int, re.findall(r"\d+", line))
    return reused, rendered


def test_a_rebuild_renders_only_pages_that_show_the_edited_article(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level("INFO", logger="page_cache.writer")
    content = tmp_path / "content"
    sources = generate_collection(content / "articles", 60, seed=5)
    build_site(tmp_path / "output", PATH=str(content))
    caplog.clear()
    build_site(tmp_path / "output", PATH=str(content))
    reused, rendered = rendered_pages(caplog)
    assert rendered == 0 and reused > 60

    text = sources[17].read_text(encoding="utf-8")
    sources[17].write_text(text.replace(". ", ". Neu: ", 1), encoding="utf-8")
    caplog.clear()
    build_site(tmp_path / "output", PATH=str(content))
    reused, rendered = rendered_pages(caplog)
    # Its page, the home pages, its topic's pages, its year and month, the archive index, the
    # pages of its keywords, and the articles whose related or neighbour links show its title.
    assert 1 < rendered < 40 and reused > 60


def test_an_edit_renders_the_list_pages_that_show_the_article_not_the_whole_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two articles a page: the home list has 30 pages. Editing the text of one article must
    not render them all: only its own page and the two that link to it."""
    content = tmp_path / "content"
    sources = generate_collection(content / "articles", 60, seed=5)
    build_site(tmp_path / "output", PATH=str(content), DEFAULT_PAGINATION=2, DEFAULT_ORPHANS=0)
    rendered: list[str] = []
    render = CachingWriter.render

    def recording_render(self: CachingWriter, template: object, context: dict) -> str:
        before = self.rendered
        html = render(self, template, context)
        if self.rendered > before:
            rendered.append(context["output_file"])
        return html

    monkeypatch.setattr(CachingWriter, "render", recording_render)
    text = sources[17].read_text(encoding="utf-8")
    sources[17].write_text(text.replace(". ", ". Neu: ", 1), encoding="utf-8")
    site = build_site(
        tmp_path / "output", PATH=str(content), DEFAULT_PAGINATION=2, DEFAULT_ORPHANS=0
    )
    home_pages = [name for name in rendered if name == "index.html" or name.startswith("seite/")]
    assert len(list(site.glob("seite/*/index.html"))) == 29
    assert 1 <= len(home_pages) <= 3
    showing = [name for name in home_pages if "Neu:" in (site / name).read_text(encoding="utf-8")]
    assert len(showing) == 1


def test_a_list_changed_between_two_pages_gets_a_new_fingerprint():
    first, second = Item("eins", []), Item("zwei", [])
    fingerprints = Fingerprinter()
    articles = [first, second]
    before = fingerprints.value(articles)
    articles[1] = Item("zwei", ["neu"])  # same length, another object in place
    assert fingerprints.value(articles) != before
    articles[1] = second
    assert fingerprints.value(articles) == before
    articles.append(Item("drei", []))
    assert fingerprints.value(articles) == Fingerprinter().value(articles) != before


def test_a_list_inside_a_remembered_value_is_watched_too():
    fingerprints = Fingerprinter()
    archives = {"year": [{"period": (2021,), "articles": [Item("eins", [])]}]}
    before = fingerprints.value(archives)
    archives["year"][0]["articles"].append(Item("zwei", []))
    assert fingerprints.value(archives) == Fingerprinter().value(archives) != before


def test_a_keyword_counts_the_same_before_and_after_its_url_was_shown():
    settings = {"TAG_URL": "stichwort/{slug}/", "SLUG_REGEX_SUBSTITUTIONS": []}
    shown, fresh = Tag("Bundestag", settings), Tag("Bundestag", settings)
    assert shown.url == "stichwort/bundestag/"  # caches the slug, copies name and slug
    assert Fingerprinter().value(shown) == Fingerprinter().value(fresh)
    assert Fingerprinter().value(fresh) != Fingerprinter().value(Tag("Bundesrat", settings))


def test_objects_pointing_at_each_other_give_no_fingerprint():
    one, other = Item("eins", []), Item("zwei", [])
    one.tags.append(other)
    other.tags.append(one)
    assert Fingerprinter().value(one) is None


def test_a_renamed_article_has_its_new_address_on_every_page_after_a_rebuild(tmp_path: Path):
    content = tmp_path / "content"
    sources = generate_collection(content / "articles", 60, seed=5)
    site = build_site(tmp_path / "output", PATH=str(content))
    moved = sources[17]
    old_id = moved.stem.split("_", 1)[1]
    new_id = "f00dfeedf00dfeed"
    # Pages that link to it without being its own: lists, related and neighbour links.
    linking = [
        page
        for page in site.rglob("*.html")
        if f"artikel/{old_id}/" in page.read_text(encoding="utf-8") and page.parent.name != old_id
    ]
    assert any(page.parent.parent.name == "artikel" for page in linking)

    moved.rename(moved.with_name(f"{moved.stem.split('_')[0]}_{new_id}.txt"))
    site = build_site(tmp_path / "output", PATH=str(content))
    for page in linking:
        text = page.read_text(encoding="utf-8")
        assert f"artikel/{old_id}/" not in text and f"artikel/{new_id}/" in text, page
    fresh = build_site(tmp_path / "fresh" / "output", PATH=str(content))
    # Search bundles aside: Pagefind's files are sometimes truncated (test_frozen_urls.py).
    assert [f for f in differing_files(site, fresh) if not f.startswith("pagefind")] == []


def test_pages_copied_later_are_those_written_in_place(tmp_path: Path):
    """Pages are copied from the store beside the rendering, unless a plugin listens to
    ``content_written`` (it may read each page at once): then each is written in place."""
    content = tmp_path / "content"
    generate_collection(content / "articles", 30, seed=3)
    later = build_site(tmp_path / "later" / "output", PATH=str(content))
    written: list[str] = []

    def reads_each_page(path: str, **_context: object) -> None:
        written.append(Path(path).read_text(encoding="utf-8"))

    signals.content_written.connect(reads_each_page)
    try:
        in_place = build_site(tmp_path / "in_place" / "output", PATH=str(content))
    finally:
        signals.content_written.disconnect(reads_each_page)
    assert all(written)  # each page was there, complete, when Pelican said it was written
    assert sum(page.startswith("<!DOCTYPE html>") for page in written) > 30
    assert [f for f in differing_files(later, in_place) if not f.startswith("pagefind")] == []


def test_a_page_rendered_earlier_in_the_same_build_is_stored_before_it_is_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two pages with the same key in one build: the second is a copy of the first, which
    its batch (one page each here, each written by a program of its own) must have stored."""
    monkeypatch.setattr(page_cache_writer, "PAGES_PER_BATCH", 1)
    settings = {**copy.deepcopy(DEFAULT_CONFIG), "CACHE_PATH": str(tmp_path / "cache")}
    settings["LOAD_CONTENT_CACHE"] = True
    environment = jinja2.Environment(loader=jinja2.DictLoader({"page.html": "<p>{{ text }}</p>"}))
    template = environment.get_template("page.html")
    writer = CachingWriter(str(tmp_path / "output"), settings, b"build")
    for name in ("first.html", "second.html", "third.html"):
        writer.write_file(name, template, {"text": "Gleicher Inhalt"})
    writer.finish()
    assert (writer.rendered, writer.reused) == (1, 2)
    for name in ("first.html", "second.html", "third.html"):
        assert (tmp_path / "output" / name).read_text(encoding="utf-8") == "<p>Gleicher Inhalt</p>"
    assert [p.read_text() for p in (tmp_path / "cache" / "pages").iterdir()] == [
        "<p>Gleicher Inhalt</p>"
    ]


def test_a_page_that_cannot_be_copied_fails_the_build_and_names_it(tmp_path: Path):
    content = tmp_path / "content"
    generate_collection(content / "articles", 10, seed=3)
    build_site(tmp_path / "output", PATH=str(content))
    stored = next((tmp_path / "cache" / "pages").glob("*.html"))
    stored.unlink()
    stored.mkdir()  # listed as a stored page, but no file to copy
    with pytest.raises(PageCacheError, match=f"{stored.name}.*Is a directory"):
        build_site(tmp_path / "output", PATH=str(content))


def test_a_template_rendered_by_a_partial_function_belongs_to_the_family():
    templates = {
        "page.html": '{{ partial_cached("teaser.html", article=article) }}',
        "teaser.html": "{{ article.title }} · {{ SITENAME }}",
    }
    environment = jinja2.Environment(loader=jinja2.DictLoader(templates))
    environment.globals["partial_cached"] = lambda name, **values: ""

    def family_of(page: str) -> TemplateFamily:
        templates["page.html"] = page
        return TemplateFamily(environment, "page.html", set(), frozenset({"partial_cached"}))

    pages = family_of('{{ partial_cached("teaser.html", article=article) }}')
    assert pages.cacheable and {"article", "SITENAME"} <= pages.names
    templates["teaser.html"] = "{{ article.title|upper }}"
    assert family_of(templates["page.html"]).digest != pages.digest
    assert not family_of("{{ partial_cached(teaser, article=article) }}").cacheable
