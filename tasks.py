"""Invoke tasks: the front door for building, serving and cleaning the site."""

from __future__ import annotations

import shutil
import sys
from functools import partial
from pathlib import Path

from invoke import Context, task
from pelican import Pelican
from pelican.settings import read_settings

ROOT = Path(__file__).parent
LOCAL_SETTINGS = ROOT / "pelicanconf.py"
PRODUCTION_SETTINGS = ROOT / "publishconf.py"


def pelican_run(settings_file: Path, **overrides: object) -> None:
    settings = read_settings(str(settings_file), override=overrides or None)
    Pelican(settings).run()


@task
def clean(c: Context) -> None:
    """Remove the built site."""
    settings = read_settings(str(LOCAL_SETTINGS))
    shutil.rmtree(settings["OUTPUT_PATH"], ignore_errors=True)


@task
def build(c: Context) -> None:
    """Build the site for local viewing into output/."""
    pelican_run(LOCAL_SETTINGS)


@task
def production(c: Context) -> None:
    """Build the site with production settings (publishconf.py)."""
    pelican_run(PRODUCTION_SETTINGS)


@task
def livereload(c: Context, port: int = 8000) -> None:
    """Serve output/ at http://localhost:PORT and rebuild when an article or the theme changes."""
    from livereload import Server

    settings = read_settings(str(LOCAL_SETTINGS))
    pelican_run(LOCAL_SETTINGS)
    server = Server()
    for pattern in (
        f"{settings['PATH']}/**/*.txt",
        f"{settings['PATH']}/*.toml",
        f"{settings['THEME']}/**/*",
        str(LOCAL_SETTINGS),
    ):
        server.watch(pattern, partial(pelican_run, LOCAL_SETTINGS))
    server.serve(port=port, root=settings["OUTPUT_PATH"])


@task
def serve(c: Context, port: int = 8000) -> None:
    """Serve the already built output/ at http://localhost:PORT without rebuilding."""
    settings = read_settings(str(LOCAL_SETTINGS))
    c.run(f"{sys.executable} -m http.server {port} --directory {settings['OUTPUT_PATH']}")
