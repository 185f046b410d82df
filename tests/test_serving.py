"""The test server itself: pages under the prefix, 404 outside it."""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest
from serving import serve


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_serves_under_a_sub_path_and_nowhere_else(tmp_path: Path):
    (tmp_path / "index.html").write_text("<p>hi</p>")
    with serve(tmp_path, "/repo/") as base:
        assert base.endswith("/repo/")
        assert status(base) == 200
        assert status(base + "index.html") == 200
        assert status(base.removesuffix("repo/") + "index.html") == 404


@pytest.mark.parametrize("prefix", ["/", ""])
def test_serves_at_the_root(tmp_path: Path, prefix: str):
    (tmp_path / "index.html").write_text("<p>hi</p>")
    with serve(tmp_path, prefix) as base:
        assert status(base + "index.html") == 200
