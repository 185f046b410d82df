"""Static gates on the sample builds: the W3C Nu HTML checker, lychee's link check and the
article page's weight."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SEED_ID

from .conftest import VNU_JAR, BuiltSite

LYCHEE = Path(sys.executable).parent / "lychee"
# HTML + CSS of the seed's article page, in bytes (about 14 KB today).
WEIGHT_BUDGET = 32 * 1024


@pytest.fixture(params=["local", "production"])
def built(request: pytest.FixtureRequest) -> BuiltSite:
    return request.getfixturevalue(f"{request.param}_site")


def checked_files(site: Path) -> list[Path]:
    """Every page and the theme's stylesheet (the search bundle is Pagefind's own)."""
    return sorted(site.rglob("*.html")) + sorted((site / "theme").rglob("*.css"))


def test_w3c_nu_checker_finds_no_errors(java: str, built: BuiltSite):
    files = checked_files(built.output)
    assert len(files) > 20
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--also-check-css"]
        + [str(file) for file in files],
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [
        f"{m['url']}:{m.get('lastLine')}: {m['message']}"
        for m in json.loads(run.stderr)["messages"]
    ]
    assert errors == []


def test_lychee_finds_no_broken_links(built: BuiltSite):
    site = built.output
    remap = (
        # Production pages link by absolute address: check those against the built files.
        ["--remap", f"{built.siteurl}/ {site.as_uri()}/"] if built.siteurl else []
    )
    run = subprocess.run(
        [
            *(str(LYCHEE), "--offline", "--no-progress", "--format", "json"),
            *("--include-fragments", "--index-files", "index.html"),
            *("--root-dir", str(site), *remap, str(site)),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    broken = [
        f"{page}: {e['url']} ({e['status']['text']})"
        for page, errors in report["error_map"].items()
        for e in errors
    ]
    assert broken == []
    assert report["successful"] > 100
    # Offline mode skips what it cannot check: that may only be inline data, never another host.
    skipped = [link["url"] for links in report["excluded_map"].values() for link in links]
    assert all(url.startswith("data:") for url in skipped), skipped


def test_article_page_is_light(production_site: BuiltSite):
    """An article costs one HTML file and one stylesheet: no scripts, fonts or search assets."""
    site, siteurl = production_site.output, production_site.siteurl
    html = site / f"artikel/{SEED_ID}/index.html"
    page = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    assert [s.get("type") for s in page.find_all("script")] == ["application/ld+json"]
    (stylesheet,) = page.find_all("link", rel="stylesheet")
    css = site / stylesheet["href"].removeprefix(f"{siteurl}/")
    assert "url(" not in css.read_text(encoding="utf-8")
    assert html.stat().st_size + css.stat().st_size < WEIGHT_BUDGET
