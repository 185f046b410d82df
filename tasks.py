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
