"""A reader in a real browser: home page → topic → article → search for the seed.

Once with the relative-URL build at `/` and under `/repo/`, once with the production build
(absolute URLs) at its real `/repo/` address, as on GitHub Pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from urllib.parse import urlsplit

import pytest
from serving import serve

from conftest import SEED_ID

SEED_TITLE = re.compile(r"^Bis zur letzten Minute")
TIMEOUT_MS = 15_000


@contextmanager
def served(request: pytest.FixtureRequest, build: str, prefix: str) -> Iterator[str]:
    """The base URL (ending in /) of the sample build named ``build`` at ``prefix``."""
    if build == "production":
        site = request.getfixturevalue("production_site")
        assert urlsplit(site.siteurl).path == prefix.rstrip("/")
        with nullcontext(site.siteurl + "/") as base_url:
            yield base_url
    else:
        with serve(request.getfixturevalue("local_site").output, prefix) as base_url:
            yield base_url


@pytest.mark.parametrize(
    ("build", "prefix"),
    [("local", "/"), ("local", "/repo/"), ("production", "/repo/")],
    ids=["relative-at-root", "relative-under-repo", "production-under-repo"],
)
def test_reader_finds_the_seed_by_browsing_and_by_search(
    request: pytest.FixtureRequest, browser, build: str, prefix: str
):
    with served(request, build, prefix) as base_url:
        context = browser.new_context(locale="de-DE")
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        failed: list[str] = []
        foreign: list[str] = []
        page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
        page.on("request", lambda r: r.url.startswith(base_url) or foreign.append(r.url))

        response = page.goto(base_url)
        assert response.status == 200
        assert page.locator("h1").inner_text() == "Neueste Artikel"

        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Ressorts"
        ).click()
        page.get_by_role("main").get_by_role("link", name="Politik").click()
        assert page.locator("h1").inner_text() == "Ressort Politik"
        assert page.url == f"{base_url}ressort/politik/"

        page.get_by_role("main").get_by_role("link", name=SEED_TITLE).click()
        assert page.url == f"{base_url}artikel/{SEED_ID}/"
        assert SEED_TITLE.match(page.locator("h1").inner_text())

        search = page.get_by_role("search")
        search.get_by_role("searchbox").fill("Wostotschny")
        search.get_by_role("button", name="Suchen").click()
        assert page.url == f"{base_url}suche/?q=Wostotschny"
        results = page.locator(".pagefind-ui__result-link")
        results.first.wait_for()
        assert results.count() == 1
        results.first.click()
        page.wait_for_url(f"{base_url}artikel/{SEED_ID}/")
        assert SEED_TITLE.match(page.locator("h1").inner_text())

        context.close()
        assert failed == []
        assert foreign == []
