"""Atom feeds of the production build: the whole site and each topic, absolute addresses."""

from __future__ import annotations

from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from conftest import SEED_ID

from .sample import ARTICLE_COUNT, SPORT_ID


def parse(site: Path, feed: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def file_of(site: Path, siteurl: str, url: str) -> Path:
    assert url.startswith(f"{siteurl}/"), url
    return site / url.removeprefix(f"{siteurl}/") / "index.html"


def test_site_feed_lists_every_article_with_absolute_links(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    feed = parse(site, "feeds/alle.atom.xml")
    assert feed.version == "atom10"
    assert len(feed.entries) == ARTICLE_COUNT
    for entry in feed.entries:
        assert file_of(site, siteurl, entry.link).is_file()
        assert "<span" not in entry.title
        assert entry.summary
    assert [link.href for link in feed.feed.links if link.rel == "self"] == [
        f"{siteurl}/feeds/alle.atom.xml"
    ]


def test_feed_dates_are_the_sources_dates(production_site):
    """Atom needs a full timestamp: a month-only article is dated the 1st of its month,
    midnight in the site's time zone (Europe/Berlin)."""
    feed = parse(production_site.output, "feeds/alle.atom.xml")
    by_id = {entry.link.rstrip("/").rsplit("/", 1)[1]: entry for entry in feed.entries}
    assert by_id[SEED_ID].published == "2023-09-01T00:00:00+02:00"
    assert by_id[SPORT_ID].published == "2024-03-14T00:00:00+01:00"


def test_each_topic_has_a_feed_of_exactly_its_articles(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    topics = sorted((site / "ressort").iterdir())
    assert len(topics) == 6
    for topic in topics:
        page = BeautifulSoup((topic / "index.html").read_text(encoding="utf-8"), "html.parser")
        listed = {a["href"] for a in page.select(".teaser h2 a")}
        (head_link,) = page.find_all("link", rel="alternate", title=lambda t: "Ressort" in t)
        feed_url = head_link["href"]
        assert feed_url == f"{siteurl}/feeds/ressort-{topic.name}.atom.xml"
        assert page.find("a", href=feed_url, type="application/atom+xml")
        feed = parse(site, feed_url.removeprefix(f"{siteurl}/"))
        assert {entry.link for entry in feed.entries} == listed


def test_every_page_announces_the_site_feed(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    for file in ("index.html", f"artikel/{SEED_ID}/index.html", "archiv/index.html"):
        page = BeautifulSoup((site / file).read_text(encoding="utf-8"), "html.parser")
        links = page.find_all("link", rel="alternate", type="application/atom+xml")
        assert f"{siteurl}/feeds/alle.atom.xml" in [link["href"] for link in links]


def test_local_build_has_no_feeds_and_announces_none(local_site):
    assert not (local_site.output / "feeds").exists()
    page = (local_site.output / "index.html").read_text(encoding="utf-8")
    assert "application/atom+xml" not in page
