"""What search engines and link previews read: descriptions, canonical links, OpenGraph,
JSON-LD, sitemap.xml and robots.txt."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from conftest import SEED_ID

from .sample import ARTICLE_COUNT, MARKUP_ID, SPORT_ID

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")


def meta(page: BeautifulSoup, key: str) -> str:
    tag = page.find("meta", attrs={"property": key}) or page.find("meta", attrs={"name": key})
    return tag["content"]


def news_article(page: BeautifulSoup) -> dict:
    (script,) = page.find_all("script", type="application/ld+json")
    return json.loads(script.string)


def article_page(site: Path, article_id: str) -> BeautifulSoup:
    return soup(site, f"artikel/{article_id}/index.html")


def test_article_describes_itself_with_its_summary(production_site):
    page = article_page(production_site.output, SEED_ID)
    lead = page.select_one(".article-body p").get_text()
    assert meta(page, "description") == lead
    assert meta(page, "og:description") == lead
    assert meta(page, "og:type") == "article"
    assert meta(page, "og:title") == page.h1.get_text()
    assert meta(page, "article:section") == "Politik"


def test_canonical_links_are_absolute_in_production(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    expected = {
        f"artikel/{SEED_ID}/index.html": f"{siteurl}/artikel/{SEED_ID}/",
        "index.html": f"{siteurl}/",
        "seite/2/index.html": f"{siteurl}/seite/2/",
        "ressort/politik/index.html": f"{siteurl}/ressort/politik/",
        "archiv/2023/09/index.html": f"{siteurl}/archiv/2023/09/",
    }
    for file, url in expected.items():
        page = soup(site, file)
        assert page.find("link", rel="canonical")["href"] == url
        assert meta(page, "og:url") == url


def test_canonical_links_point_to_the_page_itself_locally(local_site):
    for file in (f"artikel/{SEED_ID}/index.html", "index.html", "ressort/sport/index.html"):
        href = soup(local_site.output, file).find("link", rel="canonical")["href"]
        assert urljoin(f"http://host/{file}", href) == f"http://host/{file}".removesuffix(
            "index.html"
        )


def test_not_found_page_is_not_indexed(production_site):
    page = soup(production_site.output, "404.html")
    assert meta(page, "robots") == "noindex"
    assert page.find("link", rel="canonical") is None


def test_json_ld_news_article_carries_the_honest_date(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    seed = news_article(article_page(site, SEED_ID))
    assert seed["@type"] == "NewsArticle"
    assert seed["@context"] == "https://schema.org"
    assert seed["datePublished"] == "2023-09"
    assert seed["inLanguage"] == "de"
    assert seed["articleSection"] == "Politik"
    assert seed["url"] == seed["mainEntityOfPage"] == f"{siteurl}/artikel/{SEED_ID}/"
    assert seed["headline"] == article_page(site, SEED_ID).h1.get_text()
    assert news_article(article_page(site, SPORT_ID))["datePublished"] == "2024-03-14"
    assert meta(article_page(site, SPORT_ID), "article:published_time") == "2024-03-14"


def test_markup_in_a_title_stays_text_everywhere_in_the_head(local_site):
    page = article_page(local_site.output, MARKUP_ID)
    title = page.h1.get_text()
    assert "</title><script>" in title
    assert page.title.get_text().startswith(title)
    assert meta(page, "og:title") == title
    assert news_article(page)["headline"] == title
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]


def test_sitemap_lists_every_article_by_absolute_address(production_site):
    site, siteurl = production_site.output, production_site.siteurl
    root = ET.parse(site / "sitemap.xml").getroot()
    locations = [loc.text for loc in root.findall("s:url/s:loc", SITEMAP_NS)]
    articles = [url for url in locations if "/artikel/" in url]
    assert len(articles) == ARTICLE_COUNT
    assert f"{siteurl}/artikel/{SEED_ID}/" in articles
    assert f"{siteurl}/" in locations
    for url in locations:
        assert url.startswith(f"{siteurl}/")
        path = url.removeprefix(f"{siteurl}/")
        assert (site / path / "index.html").is_file(), url
    assert not any(url.endswith(("404.html", "robots.txt", "/suche/")) for url in locations)


def test_robots_txt_points_to_the_sitemap_in_production(production_site, local_site):
    production = (production_site.output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {production_site.siteurl}/sitemap.xml" in production.splitlines()
    local = (local_site.output / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in local.splitlines()
    assert "Sitemap" not in local


def test_pages_load_nothing_from_another_host(production_site):
    for file in production_site.output.rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for tag in page.find_all(["script", "link", "img", "iframe", "source"]):
            address = tag.get("src") or tag.get("href") or ""
            if address.startswith(("http:", "https:", "//")):
                assert address.startswith(production_site.siteurl + "/"), (file, address)
