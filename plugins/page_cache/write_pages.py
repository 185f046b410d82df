"""Write a batch of pages into the output folder and the page store, as a program of its own.

The writer hands over a batch in one ``marshal`` file: (stored page, output file, HTML)
triples. A page rendered by this build comes with its HTML, which goes into the store (under
a temporary name first: a half-written page must never be reused) and into its output file,
if it has one; a reused page comes without, and is copied from the store. Thousands of file
operations here keep that work off the build's interpreter lock and on the other core.
Pelican has made each output file's folder already. Standard library only, so that it
starts in milliseconds. Stops at the first failure, naming the file.

Usage: python write_pages.py BATCH_FILE
"""

from __future__ import annotations

import marshal
import os
import shutil
import sys


def store(stored: str, html: str) -> None:
    partial = f"{stored}.{os.getpid()}.tmp"
    with open(partial, "w", encoding="utf-8") as file:
        file.write(html)
    os.replace(partial, stored)


def write_pages(batch_file: str) -> None:
    with open(batch_file, "rb") as file:
        pages: list[tuple[str, str | None, str | None]] = marshal.load(file)
    for stored, target, html in pages:
        if html is None:
            shutil.copyfile(stored, target)
            continue
        store(stored, html)
        if target is not None:
            with open(target, "w", encoding="utf-8") as page:
                page.write(html)


if __name__ == "__main__":
    try:
        write_pages(sys.argv[1])
    except OSError as error:
        sys.exit(f"{error.filename}: {error.strerror}")
