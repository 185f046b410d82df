"""The built site, parsed as a reader's browser would receive it."""

from __future__ import annotations

import posixpath
from pathlib import Path

from conftest import SEED, SEED_ID

ARTICLE_PAGE = f"artikel/{SEED_ID}/index.html"


def test_seed_page_exists_at_its_stable_url(site: Path):
    assert (site / ARTICLE_PAGE).is_file()
    assert (site / "index.html").is_file()


def test_seed_page_has_a_title(soup_of):
    page = soup_of(ARTICLE_PAGE)
    assert page.h1.get_text(strip=True).startswith("Bis zur letzten Minute")
    assert page.title.get_text().startswith("Bis zur letzten Minute")
    assert "<span" not in page.title.get_text()


def test_seed_page_shows_the_month_not_an_invented_day(soup_of):
    time = soup_of(ARTICLE_PAGE).find("article").find("time")
    assert time.get_text() == "September 2023"
    assert time["datetime"] == "2023-09"


def test_seed_page_links_to_its_topic_page(soup_of, site: Path):
    links = [
        a for a in soup_of(ARTICLE_PAGE).select("article .meta a") if a.get_text() == "Politik"
    ]
    assert len(links) == 1
    target = (site / "artikel" / SEED_ID / links[0]["href"] / "index.html").resolve()
    assert target == (site / "ressort/politik/index.html").resolve()
    assert target.is_file()


def test_seed_subheading_is_a_heading(soup_of):
    headings = [h.get_text() for h in soup_of(ARTICLE_PAGE).select(".article-body h2")]
    assert [h.replace("\xa0", " ") for h in headings] == ["Treffen auf Russlands Weltraum-Bahnhof"]


def test_seed_page_contains_every_paragraph(soup_of):
    blocks = soup_of(ARTICLE_PAGE).select(".article-body :is(p, h2, figcaption)")
    body = " ".join(b.get_text().replace("\xa0", " ") for b in blocks)
    paragraphs = SEED.read_text(encoding="utf-8").removeprefix(" date 2023-09 ").split("\n\n")
    for paragraph in paragraphs:
        assert " ".join(paragraph.split()) in body


def test_home_page_links_to_the_seed(soup_of):
    hrefs = [posixpath.normpath(a["href"]) for a in soup_of("index.html").select("main a")]
    assert f"artikel/{SEED_ID}" in hrefs


def test_topic_page_lists_the_seed(soup_of):
    hrefs = [a["href"] for a in soup_of("ressort/politik/index.html").select("main a")]
    assert f"../../artikel/{SEED_ID}/" in hrefs


def test_month_archive_lists_the_seed(soup_of):
    page = soup_of("archiv/2023/09/index.html")
    assert "September 2023" in page.h1.get_text()
    assert f"../../../artikel/{SEED_ID}/" in [a["href"] for a in page.select("main a")]


def test_page_language_is_german(soup_of):
    for page in ("index.html", ARTICLE_PAGE, "404.html", "ressorts/index.html"):
        assert soup_of(page).html["lang"] == "de"
