"""Time the metadata step (topics, keywords, related articles) per 1,000 articles.

Usage: python bench/metadata.py [--sizes 1000,10000] [--generator DIR]

Generates synthetic collections with ``generate_collection`` from the
benchmark generator (bench/generate.py, or the folder given), reads them with
the project's reader and runs the same handler the build runs at
``article_generator_pretaxonomy``, outside Pelican's page writing. Prints one
row per size: total seconds, seconds per 1,000 articles, distinct keywords and
keywords shared by at least two articles (each one a keyword page).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))


def read_articles(folder: Path, readers) -> list:
    from pelican.contents import Article

    return [
        readers.read_file(str(folder), path.name, content_class=Article)
        for path in sorted(folder.glob("*.txt"))
    ]


class FakeGenerator:
    """The attributes of Pelican's ArticlesGenerator that the handler uses."""

    def __init__(self, articles: list, settings: dict, readers) -> None:
        self.articles, self.hidden_articles, self.drafts = articles, [], []
        self.settings, self.context, self.readers = settings, {}, readers


def measure(size: int, generate_collection) -> tuple[float, int, int]:
    from pelican.readers import Readers
    from pelican.settings import read_settings

    from artikel_meta.meta import enrich_articles
    from artikel_reader.reader import ArtikelReader

    with tempfile.TemporaryDirectory(dir="/dev/shm") as tmp:
        folder = Path(tmp) / "articles"
        generate_collection(folder, size, seed=1)
        settings = read_settings(str(ROOT / "pelicanconf.py"))
        settings["PATH"] = str(ROOT / "content")
        settings["READERS"] = {"txt": ArtikelReader}
        readers = Readers(settings)
        articles = read_articles(folder, readers)
        started = time.perf_counter()
        enrich_articles(FakeGenerator(articles, settings, readers))
        elapsed = time.perf_counter() - started
    uses = Counter(tag.slug for article in articles for tag in article.tags)
    return elapsed, len(uses), sum(1 for count in uses.values() if count >= 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--generator", type=Path, default=ROOT / "bench")
    args = parser.parse_args()
    sys.path.insert(0, str(args.generator))
    from generate import generate_collection

    print("| articles | metadata s | s per 1,000 | keywords | keywords on ≥2 articles |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for size in (int(s) for s in args.sizes.split(",")):
        elapsed, keywords, shared = measure(size, generate_collection)
        per_thousand = elapsed / size * 1000
        print(f"| {size:,} | {elapsed:.1f} | {per_thousand:.2f} | {keywords:,} | {shared:,} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
