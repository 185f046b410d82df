"""Per-article corrections from a side file, so the article text stays untouched.

``content/overrides.toml`` (optional) has one table per article id::

    [3f2fa01db07937ea]
    title = "Putin empfängt Kim auf dem Weltraumbahnhof"
    topic = "Politik"
    keywords = ["Wladimir Putin", "Kim Jong Un", "Wostotschny"]

Every field is optional. A mistake (unknown id, field or Ressort) is reported
with the file and the article id and that field is ignored; the build goes on.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

FIELDS = frozenset({"title", "topic", "keywords"})


class OverrideFileError(ValueError):
    """The side file is not valid TOML; the message names the file and the reason."""


@dataclass(frozen=True)
class Override:
    title: str | None = None
    topic: str | None = None
    keywords: tuple[str, ...] | None = None


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _parse_entry(path: Path, article_id: str, entry: object, topics: tuple[str, ...]) -> Override:
    if not isinstance(entry, dict):
        logger.warning("%s: [%s] must be a table of fields; ignored", path, article_id)
        return Override()
    for field in sorted(set(entry) - FIELDS):
        logger.warning(
            "%s: [%s] unknown field %r (known: %s); ignored",
            path,
            article_id,
            field,
            ", ".join(sorted(FIELDS)),
        )
    title = _text(entry.get("title"))
    if "title" in entry and title is None:
        logger.warning("%s: [%s] title must be non-empty text; ignored", path, article_id)
    topic = _text(entry.get("topic"))
    if topic is not None and topic not in topics:
        logger.warning(
            "%s: [%s] topic %r is not a Ressort (%s); ignored",
            path,
            article_id,
            topic,
            ", ".join(topics),
        )
        topic = None
    keywords = entry.get("keywords")
    if keywords is not None:
        cleaned = (
            tuple(k for k in (_text(k) for k in keywords) if k)
            if isinstance(keywords, list)
            else ()
        )
        if not cleaned and keywords != []:
            logger.warning("%s: [%s] keywords must be a list of text; ignored", path, article_id)
            keywords = None
        else:
            keywords = cleaned
    return Override(title, topic, keywords)


def load_overrides(path: Path, topics: tuple[str, ...]) -> dict[str, Override]:
    """Overrides by article id; a missing file means none."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise OverrideFileError(f"{path}: cannot read the overrides: {error}") from error
    return {
        str(article_id): _parse_entry(path, str(article_id), entry, topics)
        for article_id, entry in data.items()
    }


def report_unused(path: Path, overrides: dict[str, Override], known_ids: set[str]) -> None:
    for article_id in sorted(set(overrides) - known_ids):
        logger.warning("%s: [%s] no article has this id; ignored", path, article_id)
