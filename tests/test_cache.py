"""Rebuilds with the content cache: fast, yet never stale.

The oracle is a build from scratch: after an edit, a rebuild that reuses the cache must
write exactly the site a fresh build writes from the same files, on every page (articles,
lists, archives, feeds; keywords, related articles and search once those exist). The
specific assertions below make sure the edit is actually visible, so that the comparison
cannot pass by both builds being stale.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from artikel_meta.analysis import Analyser
from artikel_reader import cache, parallel
from artikel_reader.reader import ArtikelReader
from bench.generate import generate_collection
from conftest import ROOT, build_site, differing_files

PRODUCTION = ROOT / "publishconf.py"
SPORT_ARTICLE = (
    " date 2021-05 Der FC Lindenau gewinnt das Derby gegen den SV Rheinfels mit drei zu eins."
    "\n\nDie Mannschaft feierte den Sieg im Stadion vor zwanzigtausend Fans. Der Trainer lobte "
    "die Abwehr, der Torhüter hielt einen Elfmeter. In der Tabelle der Liga springt der Verein "
    "auf den zweiten Platz, das Saisonfinale und das Pokalspiel stehen noch aus."
)
NEW_TITLE = "Der FC Lindenau gewinnt das Derby gegen den SV Rheinfels mit drei zu eins"


@pytest.fixture
def collection(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    generate_collection(content / "articles", 40, seed=11)
    return content


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The source files the reader actually parsed (cache misses), build by build."""
    parsed: list[str] = []
    read = ArtikelReader.read

    def counting_read(self: ArtikelReader, source_path: str):
        parsed.append(Path(source_path).name)
        return read(self, source_path)

    monkeypatch.setattr(ArtikelReader, "read", counting_read)
    yield parsed


@pytest.fixture
def analyses(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The titles of the articles whose text was analysed (topic, keyword candidates)."""
    analysed: list[str] = []
    analyse = Analyser.analyse

    def counting_analyse(self: Analyser, content: str, subheadings: list[str], title: str):
        analysed.append(title)
        return analyse(self, content, subheadings, title)

    monkeypatch.setattr(Analyser, "analyse", counting_analyse)
    yield analysed


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[bytes]]:
    """How often each byte string was hashed by SHA-256 (the production file stamp)."""
    counts: Counter[bytes] = Counter()
    sha256 = hashlib.sha256

    def counting_sha256(data: bytes = b"", **options: object):
        counts[bytes(data)] += 1
        return sha256(data, **options)

    monkeypatch.setattr(hashlib, "sha256", counting_sha256)
    yield counts


def build(content: Path, place: Path, **overrides: object) -> Path:
    """Production build into ``place``/output with its content cache in ``place``/cache."""
    return build_site(place / "output", PRODUCTION, PATH=str(content), **overrides)


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def article_page(source: Path) -> str:
    return f"artikel/{source.stem.split('_', 1)[1]}/index.html"


def topic_of(article: BeautifulSoup) -> str:
    return article.select_one(".meta a").get_text()


def teaser_titles(site: Path, relative: str) -> list[str]:
    return [" ".join(h.get_text().split()) for h in page(site, relative).select("main .teaser h2")]


def normalised(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def test_unchanged_rebuild_reads_nothing_and_writes_the_same_site(
    collection: Path, tmp_path: Path, reads: list[str]
):
    first = build(collection, tmp_path / "first")
    assert len(reads) == 40
    reads.clear()
    shutil.copytree(tmp_path / "first" / "cache", tmp_path / "again" / "cache")
    again = build(collection, tmp_path / "again")
    assert reads == []
    assert differing_files(first, again) == []


def test_each_source_file_is_stamped_once_a_build(
    collection: Path, tmp_path: Path, hashed: Counter[bytes], monkeypatch: pytest.MonkeyPatch
):
    """Pelican stamps a file for each cache it consults; the parallel reading adds one."""
    monkeypatch.setattr(parallel, "MIN_FILES", 1)
    sources = [p.read_bytes() for p in sorted((collection / "articles").glob("*.txt"))]
    for _ in ("first build", "cached rebuild"):
        hashed.clear()
        build(collection, tmp_path / "site")
        assert [hashed[source] for source in sources] == [1] * len(sources)


def test_edited_article_is_new_everywhere_after_a_cached_rebuild(
    collection: Path, tmp_path: Path, reads: list[str]
):
    before = build(collection, tmp_path / "site")
    # An article that is not about sport, so that the edit changes its topic.
    edited = next(
        source
        for source in sorted((collection / "articles").glob("*.txt"))
        if topic_of(page(before, article_page(source))) != "Sport"
    )
    url = article_page(edited)
    old_title = normalised(page(before, url).h1.get_text())
    old_topic_slug = page(before, url).select_one(".meta a")["href"].rstrip("/").split("/")[-1]

    edited.write_text(SPORT_ARTICLE, encoding="utf-8")
    reads.clear()
    after = build(collection, tmp_path / "site")
    assert reads == [edited.name]  # the cache served every other article

    article = page(after, url)
    assert normalised(article.h1.get_text()) == NEW_TITLE
    assert normalised(article.title.get_text()).startswith(NEW_TITLE)
    assert topic_of(article) == "Sport"
    assert article.select_one(".meta time")["datetime"] == "2021-05"
    # Lists: every home page, the new and the old topic, the month archive.
    home_pages = ["index.html", *(str(p.relative_to(after)) for p in after.glob("seite/*/*"))]
    home_titles = [title for home in home_pages for title in teaser_titles(after, home)]
    assert NEW_TITLE in home_titles and old_title not in home_titles
    assert NEW_TITLE in teaser_titles(after, "ressort/sport/index.html")
    assert old_title not in teaser_titles(after, f"ressort/{old_topic_slug}/index.html")
    assert NEW_TITLE in teaser_titles(after, "archiv/2021/05/index.html")
    feed = feedparser.parse((after / "feeds/alle.atom.xml").read_bytes())
    feed_titles = [normalised(BeautifulSoup(e.title, "html.parser").text) for e in feed.entries]
    assert NEW_TITLE in feed_titles and old_title not in feed_titles

    # Everything else, including what later features add: as a build from scratch.
    fresh = build(collection, tmp_path / "fresh")
    assert differing_files(after, fresh) == []


def test_lexicon_change_retopics_cached_articles(
    collection: Path, tmp_path: Path, reads: list[str]
):
    build(collection, tmp_path / "site")
    lexicon = tmp_path / "ressorts.toml"
    # Everything falls below the minimum score: every article goes to the fallback topic.
    text = (ROOT / "content" / "ressorts.toml").read_text(encoding="utf-8")
    lexicon.write_text(
        re.sub(r"(?m)^min_score = .*$", "min_score = 100000", text), encoding="utf-8"
    )
    reads.clear()
    site = build(collection, tmp_path / "site", ARTIKEL_LEXICON=str(lexicon))
    assert reads == []
    # Every Ressort is listed; only the fallback has articles, so only it is a link.
    topics = {a.get_text() for a in page(site, "ressorts/index.html").select("main h2 a")}
    assert topics == {"Panorama"}


def test_only_an_edited_article_is_analysed_again(
    collection: Path, tmp_path: Path, analyses: list[str]
):
    build(collection, tmp_path / "site")
    assert len(analyses) == 40
    edited = sorted((collection / "articles").glob("*.txt"))[7]
    edited.write_text(SPORT_ARTICLE, encoding="utf-8")
    analyses.clear()
    site = build(collection, tmp_path / "site")
    assert len(analyses) == 1
    assert "Lindenau gewinnt das Derby" in analyses[0]
    assert topic_of(page(site, article_page(edited))) == "Sport"


def test_articles_analysed_again_are_cached_again(
    collection: Path, tmp_path: Path, analyses: list[str]
):
    """After a lexicon edit every article is analysed again, once: not on every later build."""
    build(collection, tmp_path / "site")
    lexicon = tmp_path / "ressorts.toml"
    text = (ROOT / "content" / "ressorts.toml").read_text(encoding="utf-8")
    lexicon.write_text(text + "\n# edited\n", encoding="utf-8")
    analyses.clear()
    build(collection, tmp_path / "site", ARTIKEL_LEXICON=str(lexicon))
    assert len(analyses) == 40
    analyses.clear()
    build(collection, tmp_path / "site", ARTIKEL_LEXICON=str(lexicon))
    assert analyses == []


def test_changed_reader_code_drops_the_cache(
    collection: Path, tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
):
    build(collection, tmp_path / "site")
    monkeypatch.setattr(cache, "reader_fingerprint", lambda: "a newer reader")
    reads.clear()
    build(collection, tmp_path / "site")
    assert len(reads) == 40


def test_deleted_article_disappears_after_a_cached_rebuild(collection: Path, tmp_path: Path):
    build(collection, tmp_path / "site")
    gone = sorted((collection / "articles").glob("*.txt"))[5]
    gone.unlink()
    site = build(collection, tmp_path / "site")
    assert not (site / article_page(gone)).exists()
    assert differing_files(site, build(collection, tmp_path / "fresh")) == []


def reader_shards(place: Path) -> Path:
    return place / "cache" / f"ArticlesGenerator-Readers{cache.SHARDS_SUFFIX}"


def saved_shards(place: Path) -> dict[str, tuple[int, int]]:
    """Each shard file of the readers' cache, by a stamp that changes whenever it is written."""
    return {
        path.name: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in reader_shards(place).glob("*.pickle")
    }


def test_a_rebuild_saves_only_the_cache_shard_of_the_edited_article(
    collection: Path, tmp_path: Path, reads: list[str]
):
    build(collection, tmp_path / "site")
    before = saved_shards(tmp_path / "site")
    assert len(before) > 10
    assert not (tmp_path / "site" / "cache" / "ArticlesGenerator-Readers").exists()
    edited = sorted((collection / "articles").glob("*.txt"))[3]
    edited.write_text(SPORT_ARTICLE, encoding="utf-8")
    reads.clear()
    build(collection, tmp_path / "site")
    after = saved_shards(tmp_path / "site")
    shard = cache.ShardedReaderCache.shard_of(os.path.abspath(edited))
    assert [name for name in after if after[name] != before.get(name)] == [f"{shard:02d}.pickle"]
    reads.clear()
    build(collection, tmp_path / "site")
    assert reads == []  # the saved shard holds the edited article's new read


def test_a_single_file_cache_of_an_older_build_is_carried_over(
    collection: Path, tmp_path: Path, reads: list[str]
):
    build(collection, tmp_path / "site")
    shards = reader_shards(tmp_path / "site")
    entries: dict[str, object] = {}
    for shard in shards.glob("*.pickle"):
        entries.update(pickle.loads(shard.read_bytes()))
    shutil.rmtree(shards)
    single_file = tmp_path / "site" / "cache" / "ArticlesGenerator-Readers"
    single_file.write_bytes(pickle.dumps(entries))
    reads.clear()
    build(collection, tmp_path / "site")
    assert reads == []
    assert not single_file.exists() and len(saved_shards(tmp_path / "site")) > 10


def test_an_unreadable_cache_shard_is_named_and_its_articles_read_again(
    collection: Path, tmp_path: Path, reads: list[str], caplog: pytest.LogCaptureFixture
):
    build(collection, tmp_path / "site")
    broken = sorted(reader_shards(tmp_path / "site").glob("*.pickle"))[0]
    broken.write_bytes(b"not a pickle")
    reads.clear()
    site = build(collection, tmp_path / "site")
    assert 0 < len(reads) < 40
    assert any(str(broken) in record.getMessage() for record in caplog.records)
    assert differing_files(site, build(collection, tmp_path / "fresh")) == []
