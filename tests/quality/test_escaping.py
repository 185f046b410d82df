"""Text that looks like markup reaches the reader as visible text everywhere it appears: page
body, title, summary, <meta> tags, JSON-LD, feeds and the search index; it never runs."""

from __future__ import annotations

import gzip
import json

import feedparser
from bs4 import BeautifulSoup

from .sample import MARKUP_ID

# As written in the sample source, with the straight quotes turned German by the reader.
MARKUP = "</title><script>alert(„x“)</script>"
TIMEOUT_MS = 15_000


def soup(site, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def injected_scripts(page: BeautifulSoup) -> list[str]:
    """Every <script> that is not our JSON-LD or a script file of our own."""
    return [
        str(s)
        for s in page.find_all("script")
        if s.get("type") != "application/ld+json" and not s.get("src")
    ]


def test_article_page_shows_the_markup_as_text_in_every_place(production_site):
    page = soup(production_site.output, f"artikel/{MARKUP_ID}/index.html")
    assert injected_scripts(page) == []
    assert MARKUP in page.h1.get_text()
    assert MARKUP in page.title.get_text()
    assert MARKUP in page.select_one(".article-body p").get_text()
    for name in ("description", "og:description", "og:title"):
        tag = page.find("meta", attrs={"name": name}) or page.find("meta", property=name)
        assert MARKUP in tag["content"], name
    (data,) = page.find_all("script", type="application/ld+json")
    assert "</" not in data.string  # cannot close the script element early
    assert MARKUP in json.loads(data.string)["headline"]


def test_list_pages_show_the_markup_as_text(production_site):
    for relative in ("index.html", "archiv/2024/01/index.html"):
        page = soup(production_site.output, relative)
        assert injected_scripts(page) == [], relative
        teasers = " ".join(t.get_text() for t in page.select("main article"))
        assert MARKUP in teasers, relative


def test_feed_entries_carry_the_markup_as_text(production_site):
    feed = feedparser.parse((production_site.output / "feeds" / "alle.atom.xml").read_bytes())
    (entry,) = [e for e in feed.entries if MARKUP_ID in e.link]
    assert MARKUP in entry.title
    for html in [entry.summary] + [c.value for c in entry.get("content", [])]:
        fragment = BeautifulSoup(html, "html.parser")
        assert fragment.find("script") is None
        assert MARKUP in fragment.get_text()


def test_search_index_holds_the_markup_as_text(local_site):
    fragments = [
        json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))
        for f in (local_site.output / "pagefind" / "fragment").iterdir()
    ]
    (fragment,) = [f for f in fragments if MARKUP_ID in f["url"]]
    assert MARKUP in fragment["content"]
    assert MARKUP in fragment["meta"]["title"]


def test_search_results_show_the_markup_without_running_it(local_site, browser):
    from serving import serve

    with serve(local_site.output) as base_url:
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"{base_url}suche/?q=Softwarekonzerns")
        result = page.locator(".pagefind-ui__result-link")
        result.first.wait_for()
        assert MARKUP in result.first.inner_text()
        page.goto(f"{base_url}artikel/{MARKUP_ID}/")
        assert MARKUP in page.locator("h1").inner_text()
        page.close()
    assert dialogs == []
