"""The same collection gives a byte-identical site, search index included, so a deploy only
changes what really changed. (Pagefind writes filter indexes in arbitrary order, Pagefind
issue #638: the theme therefore sets no `data-pagefind-filter`.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, differing_files
from tasks import SITEURL_VARIABLE, environment_variable

from .conftest import PAGINATION, PRODUCTION_SETTINGS, BuiltSite


def test_rebuilding_the_same_collection_gives_identical_bytes(
    local_site: BuiltSite, sample_content: Path, tmp_path_factory: pytest.TempPathFactory
):
    again = build_site(
        tmp_path_factory.mktemp("again") / "output",
        PATH=str(sample_content),
        DEFAULT_PAGINATION=PAGINATION,
    )
    assert (again / "pagefind" / "pagefind-entry.json").is_file()
    assert differing_files(local_site.output, again) == []


def test_rebuilding_for_production_gives_identical_bytes(
    production_site: BuiltSite, sample_content: Path, tmp_path_factory: pytest.TempPathFactory
):
    """Feeds and sitemap included: no build time may leak into the published site."""
    with environment_variable(SITEURL_VARIABLE, production_site.siteurl):
        again = build_site(
            tmp_path_factory.mktemp("again-production") / "output",
            PRODUCTION_SETTINGS,
            PATH=str(sample_content),
            DEFAULT_PAGINATION=PAGINATION,
        )
    assert (again / "sitemap.xml").is_file() and (again / "feeds" / "alle.atom.xml").is_file()
    assert differing_files(production_site.output, again) == []
