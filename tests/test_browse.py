"""Browsing a built collection: keywords, related articles, topic pages, archives, chart.

Builds one site from the seed plus the 64-article evaluation set, with an
overrides file, and checks the pages a reader would click through.
"""

from __future__ import annotations

import posixpath
import shutil
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from serving import serve

from conftest import ROOT, SEED_ID, build_site

EVAL_SET = ROOT / "tests" / "data" / "topics"
OVERRIDDEN_ID = "09d70de0c25d82c1"  # a Sport article in the evaluation set
OVERRIDDEN_TITLE = "Tour <script>alert(1)</script> & Co"
TOPICS = ["Politik", "Wirtschaft", "Sport", "Kultur", "Wissenschaft", "Digital", "Gesundheit"]
TOPICS.append("Panorama")


@pytest.fixture(scope="module")
def browse_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browse")
    content = root / "content"
    shutil.copytree(ROOT / "content", content)
    for article in EVAL_SET.glob("*.txt"):
        shutil.copy(article, content / "articles" / article.name)
    (content / "overrides.toml").write_text(
        f'["{OVERRIDDEN_ID}"]\ntitle = "{OVERRIDDEN_TITLE}"\ntopic = "Kultur"\n', encoding="utf-8"
    )
    return build_site(root / "output", PATH=str(content))


@pytest.fixture(scope="module")
def page(browse_site: Path) -> Callable[[str], BeautifulSoup]:
    def parse(relative: str) -> BeautifulSoup:
        return BeautifulSoup((browse_site / relative).read_text(encoding="utf-8"), "html.parser")

    return parse


def target(site: Path, page_path: str, href: str) -> str:
    """The site-relative folder a relative link on ``page_path`` points to."""
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_path), href))
    assert (site / resolved / "index.html").is_file(), f"{href} on {page_path} leads nowhere"
    return resolved


def article_pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.glob("artikel/*/index.html"))


def all_pages_of(site: Path, first: str) -> list[str]:
    """A paginated listing: its first page and every page after it."""
    pages = [first]
    folder = posixpath.dirname(first)
    pages += sorted(
        str(p.relative_to(site)) for p in (site / folder / "seite").glob("*/index.html")
    )
    return pages


def listed_articles(site: Path, page: Callable, first: str) -> list[str]:
    links = []
    for listing in all_pages_of(site, first):
        for a in page(listing).select(".teasers h2 a"):
            links.append(target(site, listing, a["href"]))
    return links


# --- Keywords -------------------------------------------------------------------------


def seed_keywords(soup: BeautifulSoup) -> list[str]:
    return [a.get_text() for a in soup.select(".keywords-of-article a")]


@pytest.mark.parametrize("which", ["seed only", "with the evaluation set"])
def test_seed_keywords_include_putin_kim_jong_un_and_wostotschny(which, soup_of, page):
    soup = (soup_of if which == "seed only" else page)(f"artikel/{SEED_ID}/index.html")
    keywords = seed_keywords(soup)
    assert 3 <= len(keywords) <= 8
    assert "Kim Jong Un" in keywords and "Wostotschny" in keywords
    assert any("Putin" in k for k in keywords)


def test_every_article_has_three_to_eight_keywords(browse_site: Path, page):
    for article in article_pages(browse_site):
        assert 3 <= len(seed_keywords(page(article))) <= 8, article


def test_keyword_pages_list_exactly_the_articles_showing_the_keyword(browse_site: Path, page):
    shown: dict[str, set[str]] = defaultdict(set)
    for article in article_pages(browse_site):
        for a in page(article).select(".keywords-of-article a"):
            shown[target(browse_site, article, a["href"])].add(posixpath.dirname(article))
    assert len(shown) >= 100
    for keyword_page, articles in shown.items():
        listed = listed_articles(browse_site, page, f"{keyword_page}/index.html")
        assert set(listed) == articles, keyword_page
        count = page(f"{keyword_page}/index.html").select_one("main .count").get_text()
        assert count.startswith(f"{len(articles)} Artikel"), keyword_page
    shared = [k for k, articles in shown.items() if len(articles) > 1]
    assert shared, "no keyword links two articles: spelling is not consistent"


def test_keyword_index_links_every_keyword_page(browse_site: Path, page):
    index = page("stichwoerter/index.html")
    linked = {
        target(browse_site, "stichwoerter/index.html", a["href"])
        for a in index.select(".keywords a")
    }
    on_disk = {
        str(p.parent.relative_to(browse_site)) for p in browse_site.glob("stichwort/*/index.html")
    }
    assert linked == on_disk
    letters = [h.get_text() for h in index.select(".keyword-group h2")]
    assert letters == sorted(letters, key=lambda letter: (letter != "#", letter))


# --- Related articles and topic navigation ----------------------------------------------


def test_every_article_ends_with_three_to_five_related_articles(browse_site: Path, page):
    for article in article_pages(browse_site):
        soup = page(article)
        links = [target(browse_site, article, a["href"]) for a in soup.select(".related-list a")]
        assert 3 <= len(links) <= 5, article
        assert posixpath.dirname(article) not in links
        assert len(set(links)) == len(links)
        # At the end: after the article text.
        assert soup.select_one("article.article").find_next(class_="related") is not None


def test_seed_related_articles_prefer_its_own_topic(page):
    metas = [m.get_text() for m in page(f"artikel/{SEED_ID}/index.html").select(".related-meta")]
    assert metas[0].startswith("Politik")


def test_a_failure_in_the_related_search_fails_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Related articles are worked out beside the build (a process or a thread); its error is
    the build's."""
    import artikel_meta.meta

    def failing(*_args: object, **_kwargs: object) -> None:
        raise MemoryError("no room for the similarity products")

    monkeypatch.setattr(artikel_meta.meta, "most_similar_counted", failing)
    output = tmp_path / "output"
    with pytest.raises(MemoryError, match="similarity products"):
        build_site(output, PATH=str(ROOT / "content"))
    assert not output.exists()


def related_links(site: Path) -> dict[str, list[str]]:
    return {
        article: [a["href"] for a in soup.select(".related-list a")]
        for article in article_pages(site)
        for soup in [BeautifulSoup((site / article).read_text(encoding="utf-8"), "html.parser")]
    }


def test_related_articles_are_the_same_from_a_process_and_from_a_thread(
    browse_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Worked out in a forked process where that is safe, else on a thread: one result."""
    import artikel_meta.beside

    content = browse_site.parent / "content"
    sites = {}
    for forking in (True, False):
        monkeypatch.setattr(artikel_meta.beside, "can_fork", lambda forking=forking: forking)
        sites[forking] = build_site(tmp_path / str(forking) / "output", PATH=str(content))
    in_process, on_thread = related_links(sites[True]), related_links(sites[False])
    assert len(in_process) > 60
    assert all(in_process.values())
    assert in_process == on_thread == related_links(browse_site)


def category_of(soup: BeautifulSoup) -> str:
    return soup.select_one("article .meta a").get_text()


def test_previous_and_next_walk_through_each_topic_in_date_order(browse_site: Path, page):
    for topic in TOPICS:
        members = listed_articles(browse_site, page, f"ressort/{topic.lower()}/index.html")
        # Start at the oldest: the article without an older neighbour.
        starts = [
            m for m in members if page(f"{m}/index.html").select_one(".topic-nav-older") is None
        ]
        assert len(starts) == 1, topic
        walked, current = [], starts[0]
        while current:
            soup = page(f"{current}/index.html")
            assert category_of(soup) == topic
            walked.append(current)
            newer = soup.select_one(".topic-nav-newer")
            current = target(browse_site, f"{current}/index.html", newer["href"]) if newer else ""
        assert sorted(walked) == sorted(members), topic
        dates = [page(f"{a}/index.html").select_one("article time")["datetime"] for a in walked]
        assert dates == sorted(dates)


# --- Topic overview, chart, archives ----------------------------------------------------


def test_topic_overview_shows_every_topic_with_count_and_newest_articles(browse_site, page):
    overview = page("ressorts/index.html")
    cards = overview.select(".topic-card")
    assert [c.h2.get_text(strip=True) for c in cards] == TOPICS
    total = 0
    for card in cards:
        count = int(card.select_one(".count").get_text().split()[0])
        topic_page = target(browse_site, "ressorts/index.html", card.h2.a["href"])
        assert len(listed_articles(browse_site, page, f"{topic_page}/index.html")) == count
        assert 1 <= len(card.select(".topic-newest a")) <= 3
        total += count
    assert total == len(article_pages(browse_site))


def test_overview_chart_is_an_svg_with_the_counts_per_topic_and_year(browse_site, page):
    overview = page("uebersicht/index.html")
    assert overview.select_one("svg[role=img] title")
    assert not overview.find("script")
    rows = overview.select(".chart-table tbody tr")
    assert [r.th.get_text() for r in rows] == TOPICS
    totals = [int(r.select("td")[-1].get_text()) for r in rows]
    assert sum(totals) == len(article_pages(browse_site))
    cells = [int(td.get_text()) for r in rows for td in r.select("td")[:-1]]
    assert len(overview.select("svg rect.chart-bar")) == sum(1 for c in cells if c)
    years = [th.get_text() for th in overview.select(".chart-table thead th")[1:-1]]
    assert years == [str(y) for y in range(int(years[0]), int(years[-1]) + 1)]


def test_month_archives_list_every_article_exactly_once(browse_site: Path, page):
    listed: list[str] = []
    for month in sorted(browse_site.glob("archiv/*/*/index.html")):
        if month.parent.name == "seite":
            continue
        listed += listed_articles(browse_site, page, str(month.relative_to(browse_site)))
    assert sorted(listed) == sorted(posixpath.dirname(a) for a in article_pages(browse_site))


def test_year_archives_list_every_article_exactly_once(browse_site: Path, page):
    listed: list[str] = []
    for year in sorted(browse_site.glob("archiv/[0-9][0-9][0-9][0-9]/index.html")):
        listed += listed_articles(browse_site, page, str(year.relative_to(browse_site)))
    assert sorted(listed) == sorted(posixpath.dirname(a) for a in article_pages(browse_site))


def test_navigation_links_the_overview_pages(browse_site: Path, page):
    hrefs = [
        target(browse_site, "index.html", a["href"])
        for a in page("index.html").select(".site-header nav a")
    ]
    assert {"ressorts", "stichwoerter", "archiv", "uebersicht"} <= set(hrefs)


# --- Overrides --------------------------------------------------------------------------


def test_override_sets_title_and_topic_and_the_title_stays_text(page):
    soup = page(f"artikel/{OVERRIDDEN_ID}/index.html")
    assert soup.h1.get_text() == OVERRIDDEN_TITLE
    assert [s.get("type") for s in soup.find_all("script")] == ["application/ld+json"]
    assert category_of(soup) == "Kultur"
    assert "Tour <script>" in soup.title.get_text()


# --- In a browser -----------------------------------------------------------------------


def test_reader_clicks_a_keyword_and_finds_the_article_again(browse_site: Path, browser):
    with serve(browse_site, "/repo/") as base:
        tab = browser.new_page(color_scheme="dark")
        tab.goto(f"{base}artikel/{SEED_ID}/")
        tab.get_by_role("link", name="Wostotschny").click()
        assert tab.locator("h1").inner_text() == "Stichwort: Wostotschny"
        tab.locator(".teasers h2 a").first.click()
        assert tab.url.endswith(f"/repo/artikel/{SEED_ID}/")
        tab.get_by_role("link", name="Übersicht").click()
        label = tab.locator(".chart-topic").first
        fill = label.evaluate("e => getComputedStyle(e).fill")
        background = tab.evaluate("getComputedStyle(document.body).backgroundColor")
        text = tab.evaluate("getComputedStyle(document.body).color")
        assert fill == text and fill != background
        tab.close()


def test_overrides_apply_and_unapply_with_the_content_cache(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    overrides = content / "overrides.toml"
    cache = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "PATH": str(content)}
    cache["CONTENT_CACHING_LAYER"] = "generator"  # whole articles are pickled
    seed_page = tmp_path / "output" / "artikel" / SEED_ID / "index.html"

    def built_title_and_topic() -> tuple[str, str]:
        build_site(tmp_path / "output", **cache)
        soup = BeautifulSoup(seed_page.read_text(encoding="utf-8"), "html.parser")
        return soup.h1.get_text(), category_of(soup)

    derived = built_title_and_topic()
    overrides.write_text(f'["{SEED_ID}"]\ntitle = "Neu"\ntopic = "Wissenschaft"\n')
    assert built_title_and_topic() == ("Neu", "Wissenschaft")
    overrides.unlink()
    assert built_title_and_topic() == derived
