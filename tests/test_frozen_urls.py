"""Stored URLs: the same site as Pelican computing every URL on every access."""

from __future__ import annotations

from pathlib import Path

from pelican import signals
from pelican.settings import read_settings

from bench.generate import generate_collection
from conftest import ROOT, build_site, differing_files

ARTICLES: list = []


def keep_articles(generators: list) -> None:
    ARTICLES[:] = [a for g in generators for a in getattr(g, "articles", ())]


def build(content: Path, output: Path, plugins: list[str]) -> Path:
    signals.all_generators_finalized.connect(keep_articles)
    try:
        return build_site(output, PATH=str(content), PLUGINS=plugins)
    finally:
        signals.all_generators_finalized.disconnect(keep_articles)


def test_pages_are_identical_with_urls_computed_on_every_access(tmp_path: Path):
    content = tmp_path / "content"
    generate_collection(content / "articles", 80, seed=3)
    plugins = read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"]
    assert "frozen_urls" in plugins

    frozen = build(content, tmp_path / "frozen" / "output", plugins)
    assert ARTICLES and all(a.override_url == f"artikel/{a.slug}/" for a in ARTICLES)
    computed = build(
        content, tmp_path / "computed" / "output", [p for p in plugins if p != "frozen_urls"]
    )
    assert ARTICLES and not any(hasattr(a, "override_url") for a in ARTICLES)

    assert len(list(frozen.rglob("*.html"))) > 80
    # The search bundle is made from these pages by Pagefind, whose files sometimes come out
    # truncated (probably: its service is stopped as soon as it answers the write request).
    assert [f for f in differing_files(frozen, computed) if not f.startswith("pagefind")] == []
