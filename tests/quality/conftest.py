"""Sample sites for the quality gates, built once per session, and the tools that check them.

A gate whose tool is missing (Chromium, Java, the npm packages) skips on a developer machine
but fails when the environment variable CI is set, so CI can never pass with a gate skipped.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from serving import serve

from conftest import ROOT, build_site, require
from tasks import SITEURL_VARIABLE, environment_variable

from .sample import write_collection

PRODUCTION_SETTINGS = ROOT / "publishconf.py"
NODE_MODULES = ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Two articles a page, so the sample also has paginated list pages.
PAGINATION = 2


@dataclass(frozen=True)
class BuiltSite:
    """A built sample site and the address it is meant to be served at."""

    output: Path
    # The absolute SITEURL of a production build (ends without "/"); "" for relative URLs.
    siteurl: str = ""


@pytest.fixture(scope="session")
def sample_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_collection(tmp_path_factory.mktemp("sample") / "content")


@pytest.fixture(scope="session")
def local_site(sample_content: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The sample built with the local settings: relative URLs, no feeds."""
    output = tmp_path_factory.mktemp("local") / "output"
    build_site(output, PATH=str(sample_content), DEFAULT_PAGINATION=PAGINATION)
    return BuiltSite(output)


@pytest.fixture(scope="session")
def production_site(
    sample_content: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BuiltSite]:
    """The sample built with the production settings for, and served at, a real `/repo/` address."""
    output = tmp_path_factory.mktemp("production") / "output"
    with serve(output, "/repo/") as base_url:
        siteurl = base_url.rstrip("/")
        # publishconf.py derives every absolute URL, feeds included, from this variable.
        with environment_variable(SITEURL_VARIABLE, siteurl):
            build_site(
                output, PRODUCTION_SETTINGS, PATH=str(sample_content), DEFAULT_PAGINATION=PAGINATION
            )
        yield BuiltSite(output, siteurl)


@pytest.fixture(scope="session")
def java() -> str:
    path = shutil.which("java")
    require(path is not None, "Java (for the W3C Nu HTML checker)")
    require(VNU_JAR.is_file(), f"{VNU_JAR} (run `npm ci`)")
    return str(path)
