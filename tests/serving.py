"""Serve a built site over HTTP on loopback, at ``/`` or under a sub-path like ``/repo/``."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _SubPathHandler(SimpleHTTPRequestHandler):
    """Maps ``/<prefix>/x`` to ``<directory>/x``; anything outside the prefix is a 404,
    so a link that escapes the sub-path is caught like on GitHub Pages."""

    prefix = "/"
    # Like GitHub Pages: this file of the site answers every missing path under the prefix.
    not_found_page: str | None = None

    def translate_path(self, path: str) -> str:
        if not path.startswith(self.prefix):
            return str(Path(self.directory) / "__outside-the-sub-path__" / "missing")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / self.not_found_page if self.not_found_page else None
        inside = self.path.startswith(self.prefix)
        if code != HTTPStatus.NOT_FOUND or not inside or page is None or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(HTTPStatus.NOT_FOUND)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(directory: Path, prefix: str = "/", not_found_page: str | None = None) -> Iterator[str]:
    """Yield the base URL (ending in ``/``) of ``directory`` served at ``prefix``.

    The folder is read per request, so it may be built after the server started: a build
    for this address can be made inside the block. With ``not_found_page`` (e.g. "404.html"),
    a missing path under the prefix gets that page with status 404, as on GitHub Pages.
    """
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    handler = type(
        "Handler", (_SubPathHandler,), {"prefix": prefix, "not_found_page": not_found_page}
    )
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    finally:
        server.shutdown()
        server.server_close()
