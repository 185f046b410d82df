"""Build the Pagefind search index of the articles, beside the metadata step and the rendering.

Pagefind does not read the article pages: it reads one small *search record* per article
(the theme's ``search_record.html``: title and text). Records need only the final titles,
so indexing starts as soon as ``artikel_meta`` has set them (its ``artikel_articles_described``
signal; without that plugin, once the articles are final), and runs on the second core while
Pelican works out keywords and related articles and renders the pages. What changes on an
article page around its text (related articles, neighbours, keywords) never invalidates the
index.

The index is made of shards (``shards.py``), each a range of article ids, built one after
another on a thread of its own; a shard whose records are unchanged since a cached build is
copied from the cache. ``finalized`` waits for the index and fails the build if it failed.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import marshal
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import version
from operator import itemgetter
from pathlib import Path
from typing import Any

import blinker
from pagefind.service import get_executable

from .shards import Shard, plan_shards

logger = logging.getLogger(__name__)

# A bundle is reused only from the Pagefind that made it.
PAGEFIND_VERSION = version("pagefind")
# Sent by artikel_meta once titles and topics are final, before keywords and related articles.
ARTICLES_DESCRIBED = blinker.signal("artikel_articles_described")
RECORD_TEMPLATE = "search_record"
WRITE_RECORDS = Path(__file__).with_name("write_records.py")
# Records are written, read once by Pagefind and deleted, shard after shard. On a disk that
# churn costs 0.2-2.6 ms of kernel time a file (ext4 on a 2-core VM: up to 3 s a shard), in
# memory 20 µs. So they go to /dev/shm when it has room to spare (Docker gives it 64 MB).
MEMORY_FOLDER = Path("/dev/shm")
MEMORY_FOLDER_MIN_FREE = 512 * 2**20
SCRATCH_PREFIX = "artikel-search-"
# Pagefind's niceness in a rebuild that builds one bundle at most (``BackgroundIndex.start``).
LOW_PRIORITY = 10
# The build thread's niceness while it renders the pages beside Pagefind (``yield_to_index``).
RENDERING_PRIORITY = 5


class SearchIndexError(RuntimeError):
    """The search index could not be built."""


def article_glob(settings: dict[str, Any]) -> str:
    return settings["ARTICLE_SAVE_AS"].replace("{slug}", "{id}")


def indexed_path(settings: dict[str, Any], article_id: str) -> str:
    """Where an indexed article's page is (and its search record)."""
    return article_glob(settings).format(id=article_id)


def indexed_articles(settings: dict[str, Any], articles: Iterable[Any]) -> dict[str, Any]:
    """Id → article, for the articles the index holds: those saved at their ``indexed_path``,
    where ``ARTICLE_SAVE_AS`` puts them (list pages, the search page and 404 are never
    results). Pelican formats ``save_as`` anew on every access (some 30 µs), so it is read
    here only; later steps take the path from the id."""
    return {
        article.slug: article
        for article in articles
        if article.save_as == indexed_path(settings, article.slug)
    }


def shards_for(settings: dict[str, Any], article_ids: list[str]) -> list[Shard]:
    return plan_shards(
        article_ids,
        settings["ARTIKEL_SEARCH_SHARD_PAGES"],
        settings["ARTIKEL_SEARCH_BUNDLE"],
        article_glob(settings),
    )


def pagefind_command(
    records: Path, site: Path, shard: Shard, low_priority: bool = False
) -> list[str]:
    """Pagefind's command line for one shard: its records in, its bundle into the site;
    with ``low_priority``, under ``nice`` where there is one."""
    executable = get_executable()
    if executable is None:
        raise SearchIndexError("Pagefind's program is not installed (pip install pagefind[bin])")
    nice = shutil.which("nice") if low_priority else None
    prefix = [nice, "-n", str(LOW_PRIORITY)] if nice else []
    site_option = ["--site", str(records), "--glob", shard.glob]
    output_option = ["--output-path", str(site / shard.bundle)]
    return [*prefix, str(executable), *site_option, *output_option, "--silent"]


def records_digest(template_source: str, articles: dict[str, Any]) -> str:
    """What a shard's bundle is made from, without rendering its records: the record
    template and what it is given (each article's title and text) under the page's path
    (the result's URL), and the Pagefind version. ``articles``: path → article."""
    digest = hashlib.blake2b(f"{PAGEFIND_VERSION}\0{template_source}\0".encode(), digest_size=16)
    for path, article in sorted(articles.items(), key=itemgetter(0)):
        digest.update("\0".join((path, article.title, article._content)).encode() + b"\0\0")
    return digest.hexdigest()


def scratch_folder() -> Path:
    """A new folder for the records: in memory when there is room, else in the temp folder.
    Named after this process, so that a later build can tell the folder of a build that was
    killed (its records would hold memory until the machine restarts) and remove it."""
    try:
        usage = os.statvfs(MEMORY_FOLDER)
        in_memory = usage.f_bavail * usage.f_frsize >= MEMORY_FOLDER_MIN_FREE
    except OSError:
        in_memory = False
    parent = MEMORY_FOLDER if in_memory and os.access(MEMORY_FOLDER, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-", dir=parent))
    remove_orphans(folder.parent)
    return folder


def remove_orphans(parent: Path) -> None:
    """Remove the records folders of builds whose process is gone."""
    for folder in parent.glob(f"{SCRATCH_PREFIX}*-*"):
        owner = folder.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if owner.isdigit() and not process_exists(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Tool:
    """A program started now and finished later; its output is the error message if it fails."""

    def __init__(self, *command: str | Path, name: str = "") -> None:
        self.name = name or str(command[0])
        self.process = subprocess.Popen(
            [str(part) for part in command],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def finish(self) -> None:
        report, _ = self.process.communicate()
        if self.process.returncode != 0:
            raise SearchIndexError(
                f"{self.name} exited with status {self.process.returncode}: {report.strip()}"
            )


def run_tool(*command: str | Path) -> None:
    Tool(*command).finish()


@dataclass
class Job:
    shard: Shard
    articles: dict[str, Any]  # the page's path (its record's) → article
    stored: Path | None = None  # where the cache keeps the bundle of these records
    reusable: bool = False  # the cache has that bundle (``BackgroundIndex.start`` looks)


@dataclass
class PreparedJob:
    job: Job
    records: Path  # the folder the records are written to, unless reusable
    writer: Tool | None = None  # writing them

    @property
    def handover(self) -> Path:
        """The records in one file, for the writer."""
        return self.records.with_suffix(".marshal")


class BackgroundIndex:
    """The search index of one build, made on a thread of its own, one shard after another
    (only one in memory at a time). A shard whose records read the same as in a cached build
    is copied from the cache; for the others, the records are written out and Pagefind reads
    them.

    The thread runs while Pelican holds the interpreter lock for its work, so it leaves all
    file-by-file work to other programs (write_records.py, Pagefind, cp, rm): each file
    operation of its own would wait for the lock again, with Pagefind idle meanwhile."""

    def __init__(
        self,
        site: Path,
        jobs: list[Job],
        record: Callable[[Any], str],
        record_source: str,
        cache: Path | None,
    ) -> None:
        self.site = site
        self.jobs = jobs
        self.record = record  # an article's search record
        self.record_source = record_source  # the template it is rendered from
        self.cache = cache
        self.records = scratch_folder()
        self.thread: threading.Thread | None = None
        self.outcome: tuple[int, int] = (0, 0)
        self.error: Exception | None = None
        # abandon() may come from another thread while a shard is being built.
        self.lock = threading.Lock()
        self.stopping = False
        self.pagefind: Tool | None = None
        self.to_build = 0  # bundles Pagefind makes (the others come from the cache)

    def start(self) -> None:
        """Prepare the first shard on the calling thread, the rest on a thread of their own.
        On the thread, the first records would wait for the interpreter lock, which the
        metadata step holds in long calls to C, and Pagefind would wait with them (at 10,000
        articles 1.2-1.8 s instead of 0.2 s).

        A rebuild that takes all bundles but one from the cache runs Pagefind at low
        priority: its one bundle is then no longer the build's longest chain, and the build's
        own work need not share the cores with it (one edit at 10,000 articles: 8.8 -> 8.4 s,
        the bundle still done before the pages)."""
        try:
            if self.cache:
                for job in self.jobs:
                    digest = records_digest(self.record_source, job.articles)
                    job.stored = self.cache / job.shard.bundle / digest
                    job.reusable = job.stored.is_dir()
            self.to_build = sum(not job.reusable for job in self.jobs)
            first = self.prepare(self.jobs[0])
        except Exception as error:  # handed over to the build in wait()
            self.error = error
            return
        # A daemon, so that a process whose build failed is not held up by a whole index
        # at exit: stop_leftovers ends it there.
        self.thread = threading.Thread(
            target=self.run, args=(first,), name="artikel-search", daemon=True
        )
        self.thread.start()

    @property
    def low_priority(self) -> bool:
        """Pagefind runs under ``nice``: at most one bundle of several to make (``start``)."""
        return self.to_build <= 1 < len(self.jobs)

    def run(self, first: PreparedJob) -> None:
        try:
            self.outcome = self.build_shards(first)
        except Exception as error:  # handed over to the build in wait()
            self.error = error

    def build_shards(self, first: PreparedJob) -> tuple[int, int]:
        """Returns (bundles built, bundles reused). While Pagefind indexes one shard, the
        records of the next are prepared."""
        built = reused = 0
        self.forget_other_bundles()
        chores: list[Tool] = []  # copies and removals, finished at the end
        upcoming = iter(self.jobs[1:])
        prepared: PreparedJob | None = first
        while prepared is not None:
            if self.stopping:
                raise SearchIndexError("abandoned: the build failed")
            current, bundle = prepared, self.site / prepared.job.shard.bundle
            stored = current.job.stored
            if current.job.reusable:
                # Pelican may not have written anything into the site yet.
                bundle.parent.mkdir(parents=True, exist_ok=True)
                chores.append(Tool("cp", "-R", stored, bundle))
                reused += 1
                prepared = self.prepare(next(upcoming, None))
                continue
            current.writer.finish()
            self.start_pagefind(current.job.shard, current.records)
            prepared = self.prepare(next(upcoming, None))
            self.pagefind.finish()
            built += 1
            chores.append(Tool("rm", "-rf", current.records, current.handover))
            if stored is not None:
                run_tool("rm", "-rf", stored.parent)  # one stored version per bundle
                stored.parent.mkdir(parents=True)
                chores.append(Tool("cp", "-R", bundle, stored))
        for chore in chores:
            chore.finish()
        return built, reused

    def prepare(self, job: Job | None) -> PreparedJob | None:
        """Unless the cache has a shard's bundle, render its records and start writing them."""
        if job is None:
            return None
        prepared = PreparedJob(job, self.records / Path(job.shard.bundle).name)
        if not job.reusable:
            records = {path: self.record(article) for path, article in job.articles.items()}
            prepared.handover.write_bytes(marshal.dumps(records))
            prepared.writer = Tool(
                sys.executable, "-I", "-S", WRITE_RECORDS, prepared.handover, prepared.records
            )
        return prepared

    def forget_other_bundles(self) -> None:
        """Drop stored bundles of shards this build does not have, so the cache does not grow."""
        if self.cache is None or not self.cache.is_dir():
            return
        bundles = {Path(job.shard.bundle).parts[0] for job in self.jobs}
        for entry in self.cache.iterdir():
            if entry.name not in bundles:
                run_tool("rm", "-rf", entry)

    def start_pagefind(self, shard: Shard, records: Path) -> None:
        with self.lock:
            if self.stopping:
                raise SearchIndexError("abandoned: the build failed")
            self.pagefind = Tool(
                *pagefind_command(records, self.site, shard, self.low_priority),
                name=f"Pagefind on {shard.glob}",
            )

    def wait(self) -> tuple[int, int]:
        """Wait for the index; returns (bundles built, bundles reused) or raises
        SearchIndexError."""
        try:
            if self.thread is not None:
                self.thread.join()
        finally:
            shutil.rmtree(self.records, ignore_errors=True)
        if self.error is not None:
            raise SearchIndexError(
                f"Search index for {self.site} failed: {self.error}"
            ) from self.error
        return self.outcome

    def abandon(self) -> None:
        """The build failed before ``finalized``: end Pagefind and the thread now."""
        with self.lock:
            self.stopping = True
            if self.pagefind is not None and self.pagefind.process.poll() is None:
                self.pagefind.process.terminate()
        if self.thread is not None:
            self.thread.join()
        shutil.rmtree(self.records, ignore_errors=True)


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


def start_index(generator: Any) -> None:
    """Plan the shards, tell the search page which bundles to merge and start indexing: on
    ``artikel_articles_described``, else at ``article_generator_finalized``."""
    settings = generator.settings
    if not settings["ARTIKEL_SEARCH"] or _current:  # off, or started by the first signal
        return
    articles = indexed_articles(
        settings,
        [
            *generator.translations,
            *generator.articles,
            *generator.hidden_translations,
            *generator.hidden_articles,
        ],
    )
    # Pagefind refuses to make an index of nothing: a collection without articles has none.
    shards = shards_for(settings, list(articles)) if articles else []
    generator.context["search_bundles"] = [shard.bundle for shard in shards]
    if not shards:
        return
    shard_of = {prefix: number for number, shard in enumerate(shards) for prefix in shard.prefixes}
    jobs = [Job(shard, {}) for shard in shards]
    for article_id, article in articles.items():
        jobs[shard_of[article_id[:2]]].articles[indexed_path(settings, article_id)] = article
    template = generator.get_template(RECORD_TEMPLATE)

    def record(article: Any) -> str:
        # The reader's HTML: ``article.content`` would settle links to pages not read yet.
        # Title and text only: records_digest knows a record by them.
        return template.render(title=article.title, text=article._content)

    # Pagefind's output depends only on the records, so a bundle is reused while they are
    # unchanged.
    cache = Path(settings["CACHE_PATH"]) / "search" if settings.get("CACHE_CONTENT") else None
    source, _, _ = generator.env.loader.get_source(generator.env, template.name)
    output = Path(generator.output_path).resolve()
    index = BackgroundIndex(output, jobs, record, source, cache)
    _current.append(index)
    index.start()


def yield_to_index(_pelican: Any) -> None:
    """``get_writer``: unless Pagefind runs at low priority, it is the build's longest chain,
    and it shares the cores with the rendering. The rendering yields to it, so that Pagefind
    is done about when the pages are; else its last bundles are made after the pages, on
    about one core (at 10,000 articles the index was done 4.2-4.5 s after the pages, now
    1.2-1.4 s; the build 27.8 -> 27.0 s)."""
    index = _current[-1] if _current else None
    if index is not None and index.to_build and not index.low_priority:
        lower_thread_priority(RENDERING_PRIORITY)


def lower_thread_priority(niceness: int) -> None:
    """Raise the calling thread's niceness to ``niceness`` (Linux keeps one per thread;
    elsewhere it may be the process's). It cannot be lowered again without privileges: a
    process that builds again (live reload) builds at that niceness, every thread it starts
    included, so their priorities stay equal to each other."""
    if not hasattr(os, "getpriority"):
        return
    current = os.getpriority(os.PRIO_PROCESS, 0)
    if current < niceness:
        os.nice(niceness - current)


def index_site(_pelican: Any) -> None:
    """``finalized``: wait for the search bundles in the output folder."""
    if not _current:
        return
    built, reused = _current.pop().wait()
    logger.info("Search index: %d bundle(s) built, %d reused", built, reused)
