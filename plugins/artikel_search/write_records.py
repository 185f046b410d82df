"""Write one shard's search records into a folder, as a program of its own.

The index thread hands the records over in one ``marshal`` file (path → HTML); creating
thousands of files and folders here keeps that work off the build's interpreter lock.
Standard library only, so that it starts in milliseconds.

Usage: python write_records.py RECORDS_FILE FOLDER
"""

from __future__ import annotations

import marshal
import os
import sys


def write_records(records_file: str, folder: str) -> None:
    with open(records_file, "rb") as file:
        records: dict[str, str] = marshal.load(file)
    for path, record in records.items():
        target = os.path.join(folder, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as page:
            page.write(record)


if __name__ == "__main__":
    write_records(*sys.argv[1:])
