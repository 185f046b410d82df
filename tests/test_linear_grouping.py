"""Linear grouping writes exactly the pages Pelican's own quadratic grouping writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican import signals
from pelican.generators import ArticlesGenerator
from pelican.settings import read_settings

from bench.generate import generate_collection
from conftest import ROOT, build_site, differing_files
from linear_grouping.grouping import ORIGINALS, REPLACED

# Short pages, so that keyword, topic and archive pages are paginated too.
PAGINATION = 5


@pytest.fixture(scope="module")
def collection(tmp_path_factory: pytest.TempPathFactory) -> Path:
    content = tmp_path_factory.mktemp("grouping") / "content"
    generate_collection(content / "articles", 250, seed=7)
    return content


WRITTEN: dict[str, tuple[list[str], list[str]]] = {}


def record_lists(path: str, context: dict) -> None:
    """The article lists each page was rendered with, including ``dates``, which our
    templates do not show but other themes and plugins may use."""
    slugs = {key: [a.slug for a in context.get(key) or ()] for key in ("articles", "dates")}
    page = Path(path).relative_to(context["OUTPUT_PATH"]).as_posix()
    WRITTEN[page] = (slugs["articles"], slugs["dates"])


def build(content: Path, output: Path, plugins: list[str]) -> dict[str, tuple]:
    """Build; return the lists every written page got, by its path in the site."""
    WRITTEN.clear()
    signals.content_written.connect(record_lists)
    try:
        build_site(output, PATH=str(content), PLUGINS=plugins, DEFAULT_PAGINATION=PAGINATION)
    finally:
        signals.content_written.disconnect(record_lists)
    return dict(WRITTEN)


def test_pages_are_identical_with_pelicans_own_grouping(
    collection: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "linear_grouping" in plugins
    linear_lists = build(collection, linear := tmp_path / "linear", plugins)
    assert ArticlesGenerator.generate_tags is not ORIGINALS[ArticlesGenerator, "generate_tags"]
    # Registering patched the class for the whole process: restore Pelican's methods.
    with monkeypatch.context() as patch:
        for owner, name in REPLACED:
            patch.setattr(owner, name, ORIGINALS[owner, name])
        without = [p for p in plugins if p != "linear_grouping"]
        quadratic_lists = build(collection, quadratic := tmp_path / "quadratic", without)
    # The comparison covers tag, topic and period archive pages, paginated ones included.
    assert list(linear.glob("stichwort/*/seite/2/index.html"))
    assert list(linear.glob("archiv/*/seite/2/index.html"))
    assert len(list(linear.rglob("*.html"))) > 350
    assert differing_files(linear, quadratic) == []
    assert linear_lists == quadratic_lists
