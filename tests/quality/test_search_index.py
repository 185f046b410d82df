"""The Pagefind index: built with the site, article titles and texts only, German, reachable by a
relative path from the search page."""

from __future__ import annotations

import json
import shutil

from bs4 import BeautifulSoup
from crawl import crawl
from serving import serve

from conftest import build_site

from .sample import ARTICLE_COUNT


def test_index_holds_exactly_the_article_pages_in_german(local_site):
    entry = json.loads((local_site.output / "pagefind" / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["de"]
    assert entry["languages"]["de"]["page_count"] == ARTICLE_COUNT


def test_search_records_are_not_part_of_the_site(local_site):
    """Pagefind reads records outside the site; no published page is marked for it."""
    for file in local_site.output.rglob("*.html"):
        assert "data-pagefind" not in file.read_text(encoding="utf-8"), file


def test_search_page_loads_pagefind_by_relative_path(production_site):
    site = production_site.output
    page = BeautifulSoup((site / "suche/index.html").read_text(encoding="utf-8"), "html.parser")
    sources = [s["src"] for s in page.find_all("script", src=True)]
    styles = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert "../pagefind/pagefind-ui.js" in sources
    assert "../pagefind/pagefind-ui.css" in styles
    for address in sources + styles:
        if not address.startswith("http"):
            assert (site / "suche" / address).resolve().is_file(), address


def test_without_search_no_page_offers_it(sample_content, tmp_path):
    output = tmp_path / "output"
    build_site(output, PATH=str(sample_content), ARTIKEL_SEARCH=False)
    assert not (output / "suche").exists()
    assert not list(output.glob("pagefind*"))
    with serve(output, "/") as base_url:
        result = crawl([base_url])
    assert result.broken() == []
    pages = list(output.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.select('[href*="suche"], [action*="suche"]') == [], page


def test_a_collection_without_articles_builds_without_an_index(sample_content, tmp_path):
    """Pagefind refuses to index nothing; the site builds, and its search page says why."""
    content = tmp_path / "content"
    shutil.copytree(sample_content, content, ignore=shutil.ignore_patterns("*.txt"))
    output = build_site(tmp_path / "output", PATH=str(content))
    assert not list(output.glob("pagefind*"))
    search = BeautifulSoup((output / "suche/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "Noch keine Artikel zum Durchsuchen." in search.main.get_text()
    assert search.find_all("script", src=True) == []
    with serve(output, "/") as base_url:
        assert crawl([base_url]).broken() == []
