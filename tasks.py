"""Invoke tasks: the front door for building, serving, cleaning and publishing the site."""

from __future__ import annotations

import gc
import glob
import logging
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from blinker import ANY, NamedSignal
from invoke import Context, Exit, task
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.plugins import signals as pelican_signals
from pelican.settings import read_settings

ROOT = Path(__file__).parent
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PRODUCTION_SETTINGS = ROOT / "publishconf.py"
# publishconf.py reads the public address from this environment variable and nowhere else.
SITEURL_VARIABLE = "SITEURL"
GITHUB_REMOTE = re.compile(r"github\.com[:/](?P<owner>[\w.-]+)/(?P<repo>[\w.-]+?)(?:\.git)?/?$")
HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)+$", re.I)


class BuildFailed(Exception):
    """The production build raised or logged an error: its output must not be published."""


# Signal receivers that the plugins of the last build connected in this process.
_plugin_receivers: set[tuple[NamedSignal, Any]] = set()


def connected_receivers() -> set[tuple[NamedSignal, Any]]:
    return {
        (signal, receiver)
        for signal in vars(pelican_signals).values()
        if isinstance(signal, NamedSignal)
        for receiver in signal.receivers_for(ANY)
    }


def disconnect_plugins() -> None:
    """Signal receivers are process-wide: without this, a plugin that an earlier build in the
    same process loaded (tests, live reload) would also run in a build that does not list it."""
    for signal, receiver in _plugin_receivers:
        signal.disconnect(receiver)
    _plugin_receivers.clear()


@contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """A build makes millions of long-lived objects and next to no reference cycles; the
    cycle collector would scan them all, again and again, for nothing (a tenth of a build)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def leave_objects_to_exit() -> None:
    """For a process that ends after its build: Python's exit would collect the build's
    millions of objects, which are mostly reference cycles (articles and the site's context
    point to each other), one by one (0.7-0.9 s at 10,000 articles). Frozen, they are left
    to the operating system. Never in a process that builds again (live reload, tests):
    what is frozen is never collected."""
    gc.freeze()


def pelican_run(settings_file: Path, **overrides: object) -> dict[str, Any]:
    disconnect_plugins()
    init_logging(level=logging.WARNING)
    # Our plugins' summary lines (build report) are INFO; Pelican's own chatter stays quiet.
    for plugin_logger in ("artikel_reader", "artikel_meta", "artikel_search", "page_cache"):
        logging.getLogger(plugin_logger).setLevel(logging.INFO)
    settings = read_settings(str(settings_file), override=overrides or None)
    before = connected_receivers()
    pelican = Pelican(settings)  # loads the plugins: their register() connects receivers
    _plugin_receivers.update(connected_receivers() - before)
    with cyclic_gc_paused():
        pelican.run()
    return settings


@contextmanager
def environment_variable(name: str, value: str | None) -> Iterator[None]:
    """Set ``name`` for the duration of the block; ``None`` leaves it as it is."""
    previous = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def logged_errors() -> Iterator[list[logging.LogRecord]]:
    """Collect the errors logged in the block: Pelican logs some failures (a plugin that
    cannot be loaded, a page that cannot be written) and carries on with the build."""
    collector = _ErrorCollector()
    logging.getLogger().addHandler(collector)
    try:
        yield collector.records
    finally:
        logging.getLogger().removeHandler(collector)


def build_production(
    siteurl: str | None = None, *, strict: bool = False, **overrides: object
) -> dict[str, Any]:
    """Build with publishconf.py for ``siteurl`` (default: the SITEURL environment variable)
    into a cleaned output folder; return the settings used, or raise BuildFailed."""
    with environment_variable(SITEURL_VARIABLE, siteurl), logged_errors() as errors:
        try:
            settings = build_site(PRODUCTION_SETTINGS, strict=strict, **overrides)
        except Exception as error:
            raise BuildFailed(f"{type(error).__name__}: {error}") from error
    if errors:
        raise BuildFailed("; ".join(record.getMessage() for record in errors))
    output = Path(settings["OUTPUT_PATH"])
    if not (output / "index.html").is_file():
        raise BuildFailed(f"{output / 'index.html'} was not written")
    return settings


def pages_url_of(remote_url: str) -> str | None:
    """The GitHub Pages address of a GitHub repository, or None for any other remote."""
    match = GITHUB_REMOTE.search(remote_url.strip())
    if not match:
        return None
    owner, repo = match["owner"], match["repo"]
    host = f"{owner.lower()}.github.io"
    return f"https://{host}" if repo.lower() == host else f"https://{host}/{repo}"


def check_cname(cname: str, siteurl: str) -> None:
    if not HOSTNAME.match(cname):
        raise Exit(f"--cname must be a bare host name such as archiv.example.org, got {cname!r}")
    address = urlsplit(siteurl)
    if address.hostname != cname.lower() or address.path.strip("/"):
        raise Exit(
            f"With the custom domain {cname}, the site lives at https://{cname} "
            f"(found SITEURL {siteurl}): drop --siteurl or make them agree"
        )


def git(c: Context, command: str) -> str | None:
    """Output of a git command in the project folder, or None if it failed."""
    with c.cd(str(ROOT)):
        result = c.run(f"git {command}", hide=True, warn=True)
    return result.stdout.strip() if result.ok else None


def publishing_address(c: Context, siteurl: str | None, cname: str | None, remote: str) -> str:
    """The address to build for: --siteurl, else $SITEURL, else the custom domain,
    else the GitHub Pages address of the remote's repository."""
    remote_url = git(c, f"remote get-url {shlex.quote(remote)}") or ""
    address = (
        siteurl
        or os.environ.get(SITEURL_VARIABLE)
        or (cname and f"https://{cname}")
        or pages_url_of(remote_url)
    )
    if not address:
        raise Exit(
            f"Cannot tell the site's public address: remote {remote!r} ({remote_url or 'missing'}) "
            "is not a GitHub repository. Pass --siteurl https://… or set SITEURL."
        )
    address = address.strip().rstrip("/")
    if cname:
        check_cname(cname, address)
    return address


def build_site(settings_file: Path, strict: bool = False, **overrides: object) -> dict[str, Any]:
    """Build into a fresh folder beside the output and swap it in only when the build
    succeeded, so a failed build leaves the previous site untouched. Returns the settings."""
    output = Path(read_settings(str(settings_file), override=overrides or None)["OUTPUT_PATH"])
    staging = output.with_name(output.name + ".building")
    shutil.rmtree(staging, ignore_errors=True)
    for leftover in output.parent.glob(f"{glob.escape(output.name)}.previous*"):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        settings = pelican_run(
            settings_file, **{**overrides, "OUTPUT_PATH": str(staging), "ARTIKEL_STRICT": strict}
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = Path(tempfile.mkdtemp(prefix=f"{output.name}.previous-", dir=output.parent))
    if output.exists():
        output.rename(retired / output.name)
    staging.rename(output)
    delete_in_background(retired)
    return {**settings, "OUTPUT_PATH": str(output)}


# Deletions still running, kept so that each is waited for (no zombie, no warning).
_deleting: list[subprocess.Popen[bytes]] = []


def delete_in_background(folder: Path) -> None:
    """The previous site is deleted by a program of its own: the build is done once the new
    one is in place (thousands of files take seconds to delete on a disk). A folder left
    over, say after a power cut, goes at the start of the next build."""
    _deleting[:] = [deletion for deletion in _deleting if deletion.poll() is None]
    _deleting.append(
        subprocess.Popen(
            ["rm", "-rf", "--", str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    )


@task
def clean(c: Context) -> None:
    """Remove the built site and the cache, so that the next build starts from scratch."""
    settings = read_settings(str(LOCAL_SETTINGS))
    for path in (settings["OUTPUT_PATH"], settings["CACHE_PATH"]):
        shutil.rmtree(path, ignore_errors=True)


@task(help={"strict": "Fail the build if any source file is skipped (for CI)."})
def build(c: Context, strict: bool = False) -> None:
    """Build the site for local viewing into output/."""
    build_site(LOCAL_SETTINGS, strict=strict)
    leave_objects_to_exit()


@task(
    help={
        "siteurl": "public address, e.g. https://user.github.io/repo (default: $SITEURL)",
        "strict": "fail the build when any source file is skipped",
    }
)
def production(c: Context, siteurl: str | None = None, strict: bool = False) -> None:
    """Build the site with production settings (publishconf.py) into a cleaned output/."""
    try:
        settings = build_production(siteurl, strict=strict)
    except BuildFailed as error:
        raise Exit(f"Build failed: {error}", code=1) from error
    leave_objects_to_exit()
    print(f"Built {settings['OUTPUT_PATH']} for {settings['SITEURL']}")


@task(
    name="gh-pages",
    help={
        "siteurl": "public address (default: $SITEURL, https://CNAME or the remote's Pages URL)",
        "cname": "custom domain to write into CNAME, e.g. archiv.example.org",
        "remote": "git remote to push to",
        "branch": "branch GitHub Pages serves from",
    },
)
def gh_pages(
    c: Context,
    siteurl: str | None = None,
    cname: str | None = None,
    remote: str = "origin",
    branch: str = "gh-pages",
) -> None:
    """Build the production site in strict mode and publish it to the gh-pages branch."""
    address = publishing_address(c, siteurl, cname, remote)
    if git(c, "var GIT_COMMITTER_IDENT") is None:
        raise Exit("git has no committer identity: set user.name and user.email (git config)")
    try:
        output = build_production(address, strict=True)["OUTPUT_PATH"]
    except BuildFailed as error:
        raise Exit(f"Build failed, nothing published: {error}", code=1) from error
    leave_objects_to_exit()
    # The source commit, marked -dirty if tracked files had uncommitted changes.
    source = git(c, "describe --always --dirty")
    message = f"Publish {address}" + (f" from {source}" if source else "")
    # Start from what the remote already serves, so the push is a fast-forward.
    git(c, f"fetch --quiet {shlex.quote(remote)} {shlex.quote(branch)}")
    command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--remote", remote]
    command += ["--branch", branch, "--message", message, *(["--cname", cname] if cname else [])]
    with c.cd(str(ROOT)):
        c.run(shlex.join([*command, output]))
        if c.run(f"git push {shlex.quote(remote)} {shlex.quote(branch)}", warn=True).failed:
            raise Exit(f"Could not push {branch} to {remote} (git's reason above)")
    print(f"Published {output} to {remote}/{branch} for {address}")


@task
def livereload(c: Context, port: int = 8000) -> None:
    """Serve output/ at http://localhost:PORT and rebuild when an article or the theme changes."""
    from livereload import Server

    settings = read_settings(str(LOCAL_SETTINGS))
    build_site(LOCAL_SETTINGS)
    server = Server()
    for pattern in (
        f"{settings['PATH']}/**/*.txt",
        f"{settings['PATH']}/*.toml",
        f"{settings['THEME']}/**/*",
        str(LOCAL_SETTINGS),
    ):
        server.watch(pattern, partial(build_site, LOCAL_SETTINGS))
    server.serve(port=port, root=settings["OUTPUT_PATH"])


@task(help={"path": "an article file, e.g. content/articles/000_3f2fa01db07937ea.txt"})
def explain_topic(c: Context, path: str) -> None:
    """Show the words that decided an article's topic (Ressort), per Ressort."""
    sys.path.insert(0, str(ROOT / "plugins"))
    from artikel_meta.explain import explain_source
    from artikel_meta.topics import load_lexicon

    settings = read_settings(str(LOCAL_SETTINGS))
    content = Path(settings["PATH"])
    lexicon = load_lexicon(content / settings["ARTIKEL_LEXICON"])
    print(explain_source(lexicon, Path(path), content / settings["ARTIKEL_OVERRIDES"]))


@task
def serve(c: Context, port: int = 8000) -> None:
    """Serve the already built output/ at http://localhost:PORT without rebuilding."""
    settings = read_settings(str(LOCAL_SETTINGS))
    c.run(f"{sys.executable} -m http.server {port} --directory {settings['OUTPUT_PATH']}")
