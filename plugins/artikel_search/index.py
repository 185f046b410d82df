"""Build the Pagefind search index over the article pages, beside the rendering.

The index is made of shards (``shards.py``), each a range of article ids. Pelican writes the
article pages first, here in the order of the shards, so each shard is complete early: a
thread of its own builds the shards one after another as they complete, and Pagefind runs on
the second core while Pelican renders the remaining articles and the list pages.
``finalized`` waits for it and fails the build if it failed.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import shutil
import subprocess
import threading
from collections.abc import Callable, Iterable
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

from pagefind.service import get_executable
from pelican import signals
from pelican.utils import sanitised_join

from .searchable import searchable_part
from .shards import Shard, plan_shards

logger = logging.getLogger(__name__)

# A bundle is reused only from the Pagefind that made it.
PAGEFIND_VERSION = version("pagefind")


class SearchIndexError(RuntimeError):
    """The search index could not be built."""


def article_glob(settings: dict[str, Any]) -> str:
    return settings["ARTICLE_SAVE_AS"].replace("{slug}", "{id}")


def indexed_pages(settings: dict[str, Any], articles: Iterable[Any]) -> dict[str, str]:
    """Id → output file of the article pages the index holds: those saved where
    ``ARTICLE_SAVE_AS`` puts them (list pages, the search page and 404 are never results)."""
    pattern = article_glob(settings)
    return {
        article.slug: article.save_as
        for article in articles
        if article.save_as == pattern.format(id=article.slug)
    }


def shards_for(settings: dict[str, Any], article_ids: list[str]) -> list[Shard]:
    return plan_shards(
        article_ids,
        settings["ARTIKEL_SEARCH_SHARD_PAGES"],
        settings["ARTIKEL_SEARCH_BUNDLE"],
        article_glob(settings),
    )


def pagefind_command(site: Path, shard: Shard) -> list[str]:
    """Pagefind's command line for one shard. Pagefind indexes only the parts of a page inside
    ``data-pagefind-body``, so the theme decides what of an article is searchable."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("Pagefind's program is not installed (pip install pagefind[bin])")
    site_option = ["--site", str(site), "--glob", shard.glob]
    return [str(executable), *site_option, "--output-path", str(site / shard.bundle), "--silent"]


def shard_digest(site: Path, shard: Shard) -> str:
    """What a shard's bundle is made from: the part of each page that Pagefind reads, under
    the page's path (its URL), and the Pagefind version."""
    digest = hashlib.blake2b(PAGEFIND_VERSION.encode(), digest_size=16)
    for page in sorted(site.glob(shard.glob)):
        digest.update(page.relative_to(site).as_posix().encode() + b"\0")
        digest.update(searchable_part(page.read_bytes()) + b"\0")
    return digest.hexdigest()


def copy_tree(source: Path, target: Path) -> None:
    subprocess.run(["cp", "-R", str(source), str(target)], check=True)


def remove_tree(path: Path) -> None:
    subprocess.run(["rm", "-rf", str(path)], check=True)


class BackgroundIndex:
    """The search index of one build, made on a thread of its own: each shard as soon as all
    its article pages are written, one after another (only one in memory at a time). A shard
    whose pages read the same as in a cached build is copied from the cache."""

    def __init__(self, site: Path, shards: list[Shard], cache: Path | None, pages: list[set[str]]):
        self.site = site
        self.shards = shards
        self.cache = cache
        self.pending = pages  # per shard: the pages not yet written
        self.shard_of = {page: number for number, paths in enumerate(pages) for page in paths}
        self.complete = [threading.Event() for _ in shards]
        for number, paths in enumerate(pages):
            if not paths:
                self.complete[number].set()
        self.thread: threading.Thread | None = None
        self.outcome: tuple[int, int] = (0, 0)
        self.error: Exception | None = None
        # abandon() may come from another thread while a shard is being built.
        self.lock = threading.Lock()
        self.stopping = False
        self.process: subprocess.Popen[str] | None = None

    def page_written(self, path: str) -> None:
        number = self.shard_of.get(path)
        if number is not None and path in self.pending[number]:
            self.pending[number].remove(path)
            if not self.pending[number]:
                self.complete[number].set()

    def start(self) -> None:
        if self.thread is None:
            # A daemon, so that a process whose build failed is not held up by a whole index
            # at exit: stop_leftovers ends it there.
            self.thread = threading.Thread(target=self.run, name="artikel-search", daemon=True)
            self.thread.start()

    def release_all(self) -> None:
        """Index what there is: no more pages will be written."""
        for event in self.complete:
            event.set()

    def run(self) -> None:
        try:
            self.outcome = self.build_shards()
        except Exception as error:  # handed over to the build in wait()
            self.error = error

    def build_shards(self) -> tuple[int, int]:
        """Returns (bundles built, bundles reused)."""
        built = reused = 0
        self.forget_other_bundles()
        for shard, complete in zip(self.shards, self.complete, strict=True):
            complete.wait()
            if self.stopping:
                raise SearchIndexError("abandoned: the build failed")
            if self.index_shard(shard):
                built += 1
            else:
                reused += 1
        return built, reused

    def index_shard(self, shard: Shard) -> bool:
        """Build the shard's bundle, or copy it from the cache; True when built.

        The rendering holds the interpreter lock most of the time, so this thread leaves
        file-by-file work to other programs (Pagefind, cp, rm): each of its own file
        operations would wait for the lock again, and Pagefind would sit idle meanwhile.
        """
        if self.cache is None:
            self.build_shard(shard)
            return True
        slot = self.cache / shard.bundle  # one stored version per bundle
        if slot.is_dir():
            stored = slot / shard_digest(self.site, shard)
            if stored.is_dir():
                copy_tree(stored, self.site / shard.bundle)
                return False
            self.build_shard(shard)
            remove_tree(slot)
        else:
            # Nothing stored to compare with: Pagefind starts at once, and the digest that
            # names the stored copy is taken while it runs.
            stored = slot / self.build_shard(shard, lambda: shard_digest(self.site, shard))
        stored.parent.mkdir(parents=True, exist_ok=True)
        copy_tree(self.site / shard.bundle, stored)
        return True

    def forget_other_bundles(self) -> None:
        """Drop stored bundles of shards this build does not have, so the cache does not grow."""
        if self.cache is None or not self.cache.is_dir():
            return
        bundles = {Path(shard.bundle).parts[0] for shard in self.shards}
        for entry in self.cache.iterdir():
            if entry.name not in bundles:
                shutil.rmtree(entry)

    def build_shard(self, shard: Shard, meanwhile: Callable[[], str] | None = None) -> str:
        """Run Pagefind on the shard; returns what ``meanwhile`` returns, called while
        Pagefind runs."""
        with self.lock:
            if self.stopping:
                raise SearchIndexError("abandoned: the build failed")
            self.process = subprocess.Popen(
                pagefind_command(self.site, shard),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
        try:
            done_meanwhile = meanwhile() if meanwhile else ""
        finally:
            report, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError(
                f"Pagefind exited with status {self.process.returncode} on {shard.glob}: "
                + report.strip()
            )
        return done_meanwhile

    def wait(self) -> tuple[int, int]:
        """Wait for the index (of what is there, if some article page was never written);
        returns (bundles built, bundles reused) or raises SearchIndexError."""
        self.release_all()
        self.start()
        self.thread.join()
        if self.error is not None:
            raise SearchIndexError(
                f"Search index for {self.site} failed: {self.error}"
            ) from self.error
        return self.outcome

    def abandon(self) -> None:
        """The build failed before ``finalized``: end Pagefind and the thread now."""
        with self.lock:
            self.stopping = True
            if self.process is not None and self.process.poll() is None:
                self.process.terminate()
        self.release_all()
        if self.thread is not None:
            self.thread.join()


# The index of the build in progress in this process (builds run one after another).
_current: list[BackgroundIndex] = []


def stop_leftovers(*_args: Any) -> None:
    """An index whose build failed never reached ``finalized``: stop it before the next build
    cleans the output folder, and before the process exits."""
    while _current:
        _current.pop().abandon()


atexit.register(stop_leftovers)


def drop_search_page(pelican: Any) -> None:
    """``initialized``: without an index there is nothing for the search page to search."""
    settings = pelican.settings
    if not settings["ARTIKEL_SEARCH"]:
        settings["DIRECT_TEMPLATES"] = [t for t in settings["DIRECT_TEMPLATES"] if t != "search"]


def plan_index(generator: Any) -> None:
    """``article_generator_finalized``: plan the shards, tell the search page which bundles
    to merge, and wait for the article pages."""
    settings = generator.settings
    if not settings["ARTIKEL_SEARCH"]:
        return
    pages = indexed_pages(
        settings,
        [
            *generator.translations,
            *generator.articles,
            *generator.hidden_translations,
            *generator.hidden_articles,
        ],
    )
    shards = shards_for(settings, list(pages))
    generator.context["search_bundles"] = [shard.bundle for shard in shards]
    site = Path(generator.output_path)
    # Pagefind's output depends only on what it reads of the pages, so a bundle is reused
    # while that is unchanged.
    cache = Path(settings["CACHE_PATH"]) / "search" if settings.get("CACHE_CONTENT") else None
    number_of_prefix = {prefix: n for n, shard in enumerate(shards) for prefix in shard.prefixes}
    shard_of = {
        save_as: number_of_prefix[article_id[:2]]
        for article_id, save_as in pages.items()
        if article_id[:2] in number_of_prefix
    }
    # content_written names files the way Pelican's writer joins them.
    per_shard: list[set[str]] = [set() for _ in shards]
    for save_as, number in shard_of.items():
        per_shard[number].add(sanitised_join(generator.output_path, save_as))
    index = BackgroundIndex(site.resolve(), shards, cache, per_shard)
    _current.append(index)
    index.start()
    generator.generate_articles = write_articles_in_order(
        generator, lambda article: shard_of.get(article.save_as, len(shards))
    )


def write_articles_in_order(generator: Any, rank: Callable[[Any], int]) -> Callable[[Any], None]:
    """Pelican 4.12's ``ArticlesGenerator.generate_articles`` for this generator, with the
    article pages written in the order of ``rank`` (a stable sort): the pages of the first
    shard first. The pages themselves do not depend on the order."""

    def generate_articles(write: Callable[..., Any]) -> None:
        contents = chain(
            generator.translations,
            generator.articles,
            generator.hidden_translations,
            generator.hidden_articles,
        )
        for article in sorted(contents, key=rank):
            signals.article_generator_write_article.send(generator, content=article)
            write(
                article.save_as,
                generator.get_template(article.template),
                generator.context,
                article=article,
                category=getattr(article, "category", None),
                override_output=hasattr(article, "override_save_as"),
                url=article.url,
                blog=True,
            )

    return generate_articles


def page_written(path: str, **_context: Any) -> None:
    """``content_written``: a shard is indexed once its last article page is on disk."""
    if _current:
        _current[0].page_written(path)


def index_site(_pelican: Any) -> None:
    """``finalized``: wait for the search bundles in the output folder."""
    if not _current:
        return
    built, reused = _current.pop().wait()
    logger.info("Search index: %d bundle(s) built, %d reused", built, reused)
