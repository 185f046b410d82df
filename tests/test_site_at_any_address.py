"""The site works wherever it is hosted: the production build under a GitHub Pages style
sub-path (``http://127.0.0.1:PORT/repo/``), and the local build at ``/`` or under a sub-path.
Every page, stylesheet and feed is crawled and every reference in them checked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from crawl import Crawl, crawl, fetch, references_of
from serving import serve

from conftest import SEED_ID
from tasks import build_production

# What the crawler starts from besides the home page: every file a page could be, so that
# pages no link leads to (404.html, feeds before the theme links them) are checked too.
CRAWLED_SUFFIXES = {".html", ".css", ".xml"}


def start_urls(base: str, output: Path) -> list[str]:
    files = sorted(p for p in output.rglob("*") if p.suffix in CRAWLED_SUFFIXES)
    return [base, *(base + p.relative_to(output).as_posix() for p in files)]


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The production build for http://127.0.0.1:PORT/repo/, served there like on GitHub
    Pages (its 404.html answers every missing path). The server starts first, so the build
    knows its address."""
    work = tmp_path_factory.mktemp("hosted")
    output = work / "output"
    with serve(output, "/repo/", not_found_page="404.html") as base:
        build_production(base.rstrip("/"), OUTPUT_PATH=str(output), CACHE_PATH=str(work / "cache"))
        yield base, output


@pytest.fixture(scope="module")
def hosted_crawl(hosted: tuple[str, Path]) -> Crawl:
    base, output = hosted
    return crawl(start_urls(base, output))


def test_every_url_under_the_sub_path_resolves(hosted, hosted_crawl: Crawl):
    base, output = hosted
    assert hosted_crawl.broken() == []
    checked = set(hosted_crawl.status)
    built = set(start_urls(base, output))
    assert built <= checked
    # Report the figure in the test log (-rA or -s): the issue asks how many URLs were checked.
    print(f"sub-path crawl: {len(checked)} URLs, {len(hosted_crawl.references)} references")


def test_the_crawl_followed_the_pages_own_links(hosted, hosted_crawl: Crawl):
    """Not only the start list: the article, topic and archive pages are reached by links."""
    base, _ = hosted
    linked = {ref.url.split("#")[0] for ref in hosted_crawl.references}
    for path in (f"artikel/{SEED_ID}/", "ressort/politik/", "archiv/", "theme/css/site.css"):
        assert base + path in linked


def test_every_reference_is_absolute_under_the_site_address(hosted, hosted_crawl: Crawl):
    """Production links are absolute, so they hold on the 404 page at any depth."""
    base, _ = hosted
    internal = [
        ref for ref in hosted_crawl.references if ref.url.startswith(base.split("/repo/")[0])
    ]
    assert internal
    assert [ref.url for ref in internal if not ref.url.startswith(base)] == []


def test_nothing_is_loaded_from_another_host(hosted_crawl: Crawl):
    assert hosted_crawl.foreign_loads() == []


@pytest.mark.parametrize("missing", ["gibt-es-nicht", "artikel/0000000000000000/", "a/b/c/d.html"])
def test_the_404_page_works_at_any_depth(hosted, missing: str):
    base, _ = hosted
    status, url, content_type, body = fetch(base + missing)
    assert status == 404
    assert "Seite nicht gefunden" in BeautifulSoup(body, "html.parser").h1.get_text()
    references, _ = references_of(url, content_type, body)
    stylesheets = [ref.url for ref in references if ref.url.endswith(".css")]
    assert stylesheets == [base + "theme/css/site.css"]
    for ref in references:
        if ref.url.startswith(base) and "#" not in ref.url:
            assert fetch(ref.url)[0] == 200, ref.url


def test_feeds_point_into_the_sub_path(hosted):
    base, output = hosted
    feeds = sorted(output.glob("feeds/*.xml"))
    assert feeds
    for feed_file in feeds:
        feed = feedparser.parse(fetch(base + feed_file.relative_to(output).as_posix())[3])
        assert not feed.bozo, feed_file
        assert feed.feed.link == base
        assert feed.entries
        assert [e.link for e in feed.entries if not e.link.startswith(base)] == []
    all_entries = feedparser.parse((output / "feeds/alle.atom.xml").read_bytes()).entries
    assert base + f"artikel/{SEED_ID}/" in [e.link for e in all_entries]


def test_pages_load_in_a_browser_without_a_failed_request(hosted, browser):
    """A real browser catches what a static crawl cannot: requests made by scripts."""
    base, output = hosted
    pages = [u for u in start_urls(base, output) if not u.endswith((".css", ".xml"))]
    failures: list[str] = []
    page = browser.new_page()
    page.on("requestfailed", lambda request: failures.append(f"{request.url} failed"))
    page.on(
        "response",
        lambda response: (
            failures.append(f"{response.url}: HTTP {response.status}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((base, "data:"))
            else failures.append(f"{request.url} is outside the site")
        ),
    )
    for url in [*pages, base + "gibt/es/nicht/"]:
        response = page.goto(url, wait_until="networkidle")
        assert response.status == (404 if "gibt/es/nicht" in url else 200), url
    page.close()
    assert failures == []


@pytest.mark.parametrize("prefix", ["/", "/repo/"])
def test_the_local_build_works_at_the_root_and_under_a_sub_path(site: Path, prefix: str):
    with serve(site, prefix) as base:
        result = crawl(start_urls(base, site))
    assert result.broken() == []
    assert result.foreign_loads() == []
    assert len(result.status) >= len(start_urls(base, site))
