"""Shared fixtures: the seed article and sites built from it."""

from __future__ import annotations

import filecmp
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
sys.path.insert(0, str(ROOT))

SEED = ROOT / "content" / "articles" / "000_3f2fa01db07937ea.txt"
SEED_ID = "3f2fa01db07937ea"


def build_site(
    output: Path, settings_file: Path = ROOT / "pelicanconf.py", **overrides: object
) -> Path:
    """Build the site with the project's settings into ``output``, as ``invoke build`` does."""
    from tasks import build_site as build

    return build(
        settings_file, OUTPUT_PATH=str(output), CACHE_PATH=str(output.parent / "cache"), **overrides
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real collection in content/, built with the local settings."""
    return build_site(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def soup_of(site: Path) -> Callable[[str], BeautifulSoup]:
    def parse(relative: str) -> BeautifulSoup:
        return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")

    return parse


def differing_files(left: Path, right: Path) -> list[str]:
    """Paths (relative) that are only in one of two folders or differ in content."""
    pending, different = [filecmp.dircmp(left, right)], []
    while pending:
        current = pending.pop()
        different += [
            Path(current.left, name).relative_to(left).as_posix()
            for name in current.left_only + current.right_only + current.diff_files
        ]
        pending += current.subdirs.values()
    return sorted(different)
