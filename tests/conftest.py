"""Shared fixtures: the seed article and sites built from it."""

from __future__ import annotations

import filecmp
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

CHROMIUM = Path("/usr/bin/chromium")
SEED = ROOT / "content" / "articles" / "000_3f2fa01db07937ea.txt"
SEED_ID = "3f2fa01db07937ea"


def build_site(
    output: Path, settings_file: Path = ROOT / "pelicanconf.py", **overrides: object
) -> Path:
    """Build the site with the project's settings into ``output``, as ``invoke build`` does."""
    from tasks import build_site as build

    settings = build(
        settings_file, OUTPUT_PATH=str(output), CACHE_PATH=str(output.parent / "cache"), **overrides
    )
    return Path(settings["OUTPUT_PATH"])


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real collection in content/, built with the local settings."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def soup_of(site: Path) -> Callable[[str], BeautifulSoup]:
    def parse(relative: str) -> BeautifulSoup:
        return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")

    return parse


def require(available: bool, what: str) -> None:
    """Skip a gate whose tool is missing; in CI, fail instead."""
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI must run every quality gate")
    pytest.skip(f"{what} is missing")


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session (Playwright's sync API allows one)."""
    require(CHROMIUM.is_file(), str(CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield chromium
        chromium.close()


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative) that are only in one of two folders or differ in content."""
    pending, different = [(left, right)], []
    while pending:
        current_left, current_right = pending.pop()
        comparison = filecmp.dircmp(current_left, current_right)
        _, mismatch, errors = filecmp.cmpfiles(
            current_left, current_right, comparison.common_files, shallow=False
        )
        different += [
            (current_left / name).relative_to(left).as_posix()
            for name in comparison.left_only + comparison.right_only + mismatch + errors
        ]
        pending += [(current_left / d, current_right / d) for d in comparison.common_dirs]
    return sorted(different)
