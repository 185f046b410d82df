"""The collection's reader, with each article's analysis added to what it reads."""

from __future__ import annotations

import logging
from typing import Any

from artikel_reader.reader import ArtikelReader

from .analysis import Analyser
from .keywords import KeywordConfigError
from .topics import LexiconError

logger = logging.getLogger(__name__)


class AnalysingReader(ArtikelReader):
    """Reads an article and analyses its text (``analysis`` metadata). Without a usable
    lexicon it only reads: the metadata step then reports the file's problem once."""

    def __init__(self, settings: dict[str, Any]) -> None:
        super().__init__(settings)
        try:
            self.analyser: Analyser | None = Analyser.from_settings(settings)
        except (OSError, LexiconError, KeywordConfigError):
            self.analyser = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        content, metadata = super().read(source_path)
        if self.analyser and metadata.get("status") != "skip":
            metadata["analysis"] = self.analyser.analyse(
                content, metadata["subheadings"], metadata["title"]
            )
        return content, metadata

    def serves(self, cached: tuple[str, dict[str, Any]]) -> bool:
        """An analysis made with another lexicon, keyword file or version of this code is
        made again: by the parallel reading when there are many (after a lexicon edit, all
        of them), else by the metadata step."""
        analysis = cached[1].get("analysis")
        return self.analyser is None or analysis is None or analysis.basis == self.analyser.basis


def add_analysing_reader(readers: Any) -> None:
    """``readers_init``: the reader plugin keeps a subclass of its reader in place."""
    readers.reader_classes["txt"] = AnalysingReader
