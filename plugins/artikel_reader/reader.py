"""Pelican reader for the collection's ``.txt`` articles."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, ClassVar

from pelican.readers import BaseReader

from .render import render, typeset_block
from .source import SourceError, parse

logger = logging.getLogger(__name__)


class ArtikelReader(BaseReader):
    """Reads one article; a file that cannot be read is skipped with its reason, never fatal."""

    enabled = True
    file_extensions: ClassVar[list[str]] = ["txt"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        path = Path(source_path)
        try:
            article = parse(path.read_bytes(), path)
        except (OSError, SourceError) as error:
            logger.warning("Skipped %s: %s", source_path, error)
            return "", {"status": "skip", "skip_reason": str(error), "skipped_file": source_path}
        for warning in article.warnings:
            logger.warning("%s: %s", source_path, warning)
        metadata = {
            "title": typeset_block(article.title),
            "date": article.date,
            "date_precision": article.precision.value,
            "slug": article.article_id,
            "summary": typeset_block(article.summary),
            "subheadings": [b.text for b in article.blocks if b.kind.value == "subheading"],
            "word_count": article.word_count,
            "source_warnings": list(article.warnings),
        }
        return render(article.blocks), metadata

    def serves(self, cached: tuple[str, dict[str, Any]]) -> bool:
        """Whether a read kept in the content cache (for an unchanged file) is still what
        this reader would return; a subclass that adds to the metadata may say no."""
        return True


def add_reader(readers: Any) -> None:
    """``readers_init``: a subclass already in place (another plugin extends the reader)
    stays; plugins may register in any order."""
    current = readers.reader_classes.get("txt")
    if not (isinstance(current, type) and issubclass(current, ArtikelReader)):
        readers.reader_classes["txt"] = ArtikelReader
