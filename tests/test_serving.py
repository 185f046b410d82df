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


def body(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


def test_answers_missing_paths_with_the_sites_404_page_like_github_pages(tmp_path: Path):
    (tmp_path / "404.html").write_text("<h1>Seite nicht gefunden</h1>")
    with serve(tmp_path, "/repo/", not_found_page="404.html") as base:
        assert status(base + "a/b/missing/") == 404
        assert body(base + "a/b/missing/") == b"<h1>Seite nicht gefunden</h1>"
        outside = base.removesuffix("repo/") + "missing"
        assert status(outside) == 404
        assert b"Seite nicht gefunden" not in body(outside)


def test_serves_a_folder_built_after_the_server_started(tmp_path: Path):
    output = tmp_path / "output"
    with serve(output, "/repo/") as base:
        output.mkdir()
        (output / "index.html").write_text(f'<a href="{base}">home</a>')
        assert status(base) == 200
