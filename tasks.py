"""Invoke tasks: the front door for building, serving and cleaning the site."""

from __future__ import annotations

import gc
import logging
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from invoke import Context, task
from pelican import Pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

ROOT = Path(__file__).parent
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PRODUCTION_SETTINGS = ROOT / "publishconf.py"


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


def pelican_run(settings_file: Path, **overrides: object) -> None:
    init_logging(level=logging.WARNING)
    # Our plugins' summary lines (build report) are INFO; Pelican's own chatter stays quiet.
    for plugin_logger in ("artikel_reader", "artikel_meta"):
        logging.getLogger(plugin_logger).setLevel(logging.INFO)
    settings = read_settings(str(settings_file), override=overrides or None)
    with cyclic_gc_paused():
        Pelican(settings).run()


def build_site(settings_file: Path, strict: bool = False, **overrides: object) -> Path:
    """Build into a fresh folder beside the output and swap it in only when the build
    succeeded, so a failed build leaves the previous site untouched."""
    output = Path(read_settings(str(settings_file), override=overrides or None)["OUTPUT_PATH"])
    staging = output.with_name(output.name + ".building")
    retired = output.with_name(output.name + ".previous")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        pelican_run(
            settings_file, **{**overrides, "OUTPUT_PATH": str(staging), "ARTIKEL_STRICT": strict}
        )
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if output.exists():
        output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired, ignore_errors=True)
    return output


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


@task(help={"strict": "Fail the build if any source file is skipped (for CI)."})
def production(c: Context, strict: bool = False) -> None:
    """Build the site with production settings (publishconf.py)."""
    build_site(PRODUCTION_SETTINGS, strict=strict)


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


@task
def serve(c: Context, port: int = 8000) -> None:
    """Serve the already built output/ at http://localhost:PORT without rebuilding."""
    settings = read_settings(str(LOCAL_SETTINGS))
    c.run(f"{sys.executable} -m http.server {port} --directory {settings['OUTPUT_PATH']}")
