"""axe-core in Chromium: no accessibility violations on any kind of page, light or dark."""

from __future__ import annotations

import pytest

from conftest import SEED_ID

from .conftest import AXE_SCRIPT, require

PAGES = {
    "home": "",
    "article": f"artikel/{SEED_ID}/",
    "topic": "ressort/politik/",
    "archive": "archiv/",
    "month-archive": "archiv/2023/09/",
    "search": "suche/",
    "search-results": "suche/?q=Wostotschny",
    "404": "404.html",
}


def violations_of(page) -> list[str]:
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_axe_violations(production_site, browser, name: str, scheme: str):
    require(AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} (run `npm ci`)")
    context = browser.new_context(color_scheme=scheme, locale="de-DE")
    page = context.new_page()
    response = page.goto(f"{production_site.siteurl}/{PAGES[name]}")
    assert response.status == 200
    if name == "search-results":
        page.locator(".pagefind-ui__result-link").first.wait_for()
    elif name == "search":
        page.locator(".pagefind-ui__search-input").wait_for()
    violations = violations_of(page)
    context.close()
    assert violations == []
