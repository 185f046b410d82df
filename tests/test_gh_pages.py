"""`invoke gh-pages` for real: a copy of the project, a local bare repository as the
remote, and the published branch read back from it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SEED_ID
from tasks import pages_url_of

ARTICLE_PAGE = f"artikel/{SEED_ID}/index.html"


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """A user's shell with a git identity and no global git configuration or SITEURL."""
    variables = {k: v for k, v in os.environ.items() if k not in ("SITEURL", "GIT_DIR")}
    identity = {"NAME": "Archiv Test", "EMAIL": "archiv@example.org"}
    for role in ("AUTHOR", "COMMITTER"):
        variables |= {f"GIT_{role}_{key}": value for key, value in identity.items()}
    return variables | {"HOME": str(tmp_path), "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture
def remote(tmp_path: Path, env: dict[str, str]) -> Path:
    bare = tmp_path / "remote.git"
    run(["git", "init", "--quiet", "--bare", str(bare)], tmp_path, env).check_returncode()
    return bare


@pytest.fixture
def clone(tmp_path: Path, env: dict[str, str], remote: Path) -> Path:
    """The project's files as in a user's clone, committed, with the bare repository as
    origin."""
    project = tmp_path / "project"
    files = ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"]
    listing = run(files, ROOT, env)
    listing.check_returncode()
    for name in listing.stdout.split("\0"):
        source = ROOT / name
        if name and source.is_file() and not source.is_symlink():
            (project / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, project / name)
    for command in (
        ["git", "init", "--quiet", "--initial-branch=main"],
        ["git", "add", "--all"],
        ["git", "commit", "--quiet", "--message", "Articles"],
        ["git", "remote", "add", "origin", str(remote)],
    ):
        run(command, project, env).check_returncode()
    return project


def invoke(clone: Path, env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "-m", "invoke", *arguments], clone, env)


def published(remote: Path, env: dict[str, str]) -> set[str]:
    listing = run(["git", "ls-tree", "-r", "--name-only", "gh-pages"], remote, env)
    listing.check_returncode()
    return set(listing.stdout.splitlines())


def published_file(remote: Path, env: dict[str, str], path: str) -> str:
    return run(["git", "show", f"gh-pages:{path}"], remote, env).stdout


def has_branch(remote: Path, env: dict[str, str]) -> bool:
    return run(["git", "rev-parse", "--verify", "--quiet", "gh-pages"], remote, env).returncode == 0


def stylesheet(html: str) -> str:
    return BeautifulSoup(html, "html.parser").find("link", rel="stylesheet")["href"]


def test_publishes_the_site_with_nojekyll_and_cname(clone, remote, env):
    result = invoke(clone, env, "gh-pages", "--cname", "archiv.example.org")
    assert result.returncode == 0, result.stderr
    files = published(remote, env)
    assert {"index.html", ARTICLE_PAGE, "404.html", ".nojekyll", "CNAME"} <= files
    built = {p.relative_to(clone / "output").as_posix() for p in (clone / "output").rglob("*")}
    assert files == {f for f in built if (clone / "output" / f).is_file()} | {".nojekyll", "CNAME"}
    assert published_file(remote, env, "CNAME").strip() == "archiv.example.org"
    # Without --siteurl, the custom domain is the address.
    index = published_file(remote, env, "index.html")
    assert stylesheet(index) == "https://archiv.example.org/theme/css/site.css"


def test_publishes_a_project_site_and_republishes_on_top(clone, remote, env):
    siteurl = "https://example-user.github.io/artikelarchiv"
    (clone / "output").mkdir()
    (clone / "output" / "alt.html").write_text("stale")
    first = invoke(clone, env, "gh-pages", "--siteurl", siteurl)
    assert first.returncode == 0, first.stderr
    files = published(remote, env)
    assert {"index.html", ARTICLE_PAGE, ".nojekyll"} <= files
    assert "CNAME" not in files
    assert "alt.html" not in files
    assert stylesheet(published_file(remote, env, ARTICLE_PAGE)) == (
        f"{siteurl}/theme/css/site.css"
    )

    # An uncommitted change to a tracked file is published too, and the message says so.
    with (clone / "theme" / "static" / "css" / "site.css").open("a") as css:
        css.write("\n/* local change */\n")
    second = invoke(clone, env, "gh-pages", "--siteurl", siteurl)
    assert second.returncode == 0, second.stderr
    assert "local change" in published_file(remote, env, "theme/css/site.css")
    log = run(["git", "log", "--format=%s", "gh-pages"], remote, env).stdout.splitlines()
    source = run(["git", "rev-parse", "--short", "HEAD"], clone, env).stdout.strip()
    assert log == [f"Publish {siteurl} from {source}-dirty", f"Publish {siteurl} from {source}"]


def test_the_address_comes_from_the_siteurl_variable_too(clone, remote, env):
    siteurl = "https://example-user.github.io/archiv"
    result = invoke(clone, env | {"SITEURL": siteurl}, "gh-pages")
    assert result.returncode == 0, result.stderr
    assert stylesheet(published_file(remote, env, "404.html")) == f"{siteurl}/theme/css/site.css"


def test_refuses_to_publish_a_build_that_failed(clone, remote, env):
    (clone / "content" / "ressorts.toml").write_text("[Politik\nnot toml")
    result = invoke(clone, env, "gh-pages", "--siteurl", "https://example-user.github.io/a")
    assert result.returncode == 1
    assert "Build failed, nothing published" in result.stderr
    assert not has_branch(remote, env)


def test_refuses_to_publish_when_a_plugin_did_not_load(clone, remote, env):
    """Pelican only logs a plugin it cannot load and builds on without it."""
    with (clone / "pelicanconf.py").open("a") as settings:
        settings.write('\nPLUGINS = [*PLUGINS, "no_such_plugin"]\n')
    result = invoke(clone, env, "gh-pages", "--siteurl", "https://example-user.github.io/a")
    assert result.returncode == 1
    assert "Build failed, nothing published" in result.stderr
    assert "no_such_plugin" in result.stderr
    assert not has_branch(remote, env)


def test_refuses_to_publish_when_a_source_file_was_skipped(clone, remote, env):
    (clone / "content" / "articles" / "001_00000000000000ff.txt").write_bytes(b"\x00\xff\x00junk")
    result = invoke(clone, env, "gh-pages", "--siteurl", "https://example-user.github.io/a")
    assert result.returncode != 0
    assert not has_branch(remote, env)


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        ((), "Cannot tell the site's public address"),
        (("--siteurl", "example-user.github.io/a"), "SITEURL must be an absolute http(s)"),
        (("--cname", "https://archiv.example.org"), "--cname must be a bare host name"),
        (
            ("--cname", "archiv.example.org", "--siteurl", "https://example-user.github.io/a"),
            "make them agree",
        ),
    ],
)
def test_refuses_an_address_that_cannot_work(clone, remote, env, arguments, reason):
    result = invoke(clone, env, "gh-pages", *arguments)
    assert result.returncode == 1
    assert reason in result.stderr
    assert not has_branch(remote, env)


def test_production_cleans_the_output_and_takes_the_address_from_one_place(clone, env):
    (clone / "output").mkdir()
    (clone / "output" / "alt.html").write_text("stale")
    siteurl = "https://example-user.github.io/archiv"
    by_argument = invoke(clone, env, "production", "--siteurl", siteurl)
    assert by_argument.returncode == 0, by_argument.stderr
    assert not (clone / "output" / "alt.html").exists()
    page = (clone / "output" / ARTICLE_PAGE).read_text(encoding="utf-8")
    assert stylesheet(page) == f"{siteurl}/theme/css/site.css"
    feed = (clone / "output" / "feeds" / "alle.atom.xml").read_text(encoding="utf-8")
    assert f'href="{siteurl}/artikel/{SEED_ID}/"' in feed

    by_variable = invoke(clone, env | {"SITEURL": siteurl + "/"}, "production")
    assert by_variable.returncode == 0, by_variable.stderr
    assert (clone / "output" / ARTICLE_PAGE).read_text(encoding="utf-8") == page


@pytest.mark.parametrize(
    ("remote_url", "address"),
    [
        (
            "git@github.com:Example-User/artikelarchiv.git",
            "https://example-user.github.io/artikelarchiv",
        ),
        ("https://github.com/example-user/Archiv", "https://example-user.github.io/Archiv"),
        ("ssh://git@github.com/example-user/archiv.git/", "https://example-user.github.io/archiv"),
        (
            "https://github.com/Example-User/example-user.github.io.git",
            "https://example-user.github.io",
        ),
        ("/srv/git/archiv.git", None),
        ("https://gitlab.com/example-user/archiv.git", None),
    ],
)
def test_the_github_pages_address_of_a_remote(remote_url: str, address: str | None):
    assert pages_url_of(remote_url) == address
