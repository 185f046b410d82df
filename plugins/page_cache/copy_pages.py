"""Copy stored pages into the output folder, as a program of its own.

The writer hands over a batch of (stored page, output file) pairs in one ``marshal`` file;
copying thousands of files here keeps that work off the build's interpreter lock and on
the other core. Pelican has made each output file's folder already. Standard library only,
so that it starts in milliseconds. Stops at the first failure, naming the file.

Usage: python copy_pages.py PAIRS_FILE
"""

from __future__ import annotations

import marshal
import shutil
import sys


def copy_pages(pairs_file: str) -> None:
    with open(pairs_file, "rb") as file:
        pairs: list[tuple[str, str]] = marshal.load(file)
    for stored, target in pairs:
        shutil.copyfile(stored, target)


if __name__ == "__main__":
    try:
        copy_pages(sys.argv[1])
    except OSError as error:
        sys.exit(f"{error.filename}: {error.strerror}")
