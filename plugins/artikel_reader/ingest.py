"""Account for every source file: skips, duplicates, warnings, the build report, strict mode.

State lives on the articles generator of the current build, so repeated builds in one
process (tests, live reload) never mix their reports.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)


class StrictModeError(RuntimeError):
    """Raised before anything is written when strict mode meets a skipped file."""

    exitcode = 2


@dataclass
class BuildReport:
    skipped: dict[str, str] = field(default_factory=dict)  # source path -> reason
    warnings: dict[str, list[str]] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)  # source paths that became a page

    def as_json(self) -> str:
        data = asdict(self)
        data["files_read"] = len(self.pages) + len(self.skipped)
        data["pages_written"] = len(self.pages)
        data["skipped"] = [{"file": f, "reason": r} for f, r in sorted(self.skipped.items())]
        data["warnings"] = [
            {"file": f, "warning": w} for f, ws in sorted(self.warnings.items()) for w in ws
        ]
        data["pages"] = sorted(self.pages)
        return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

    def summary(self) -> str:
        return (
            f"Read {len(self.pages) + len(self.skipped)} source files: "
            f"{len(self.pages)} pages, {len(self.skipped)} skipped, "
            f"{sum(len(w) for w in self.warnings.values())} warnings"
        )


def report_of(generator: Any) -> BuildReport:
    if not hasattr(generator, "artikel_report"):
        generator.artikel_report = BuildReport()
    return generator.artikel_report


def relative(generator: Any, source_path: str) -> str:
    # Pure path arithmetic: resolving symlinks costs system calls for every file and build.
    return Path(os.path.relpath(source_path, generator.path)).as_posix()


def record_skip(generator: Any, metadata: dict[str, Any]) -> None:
    """Context signal: sees every file read this build, including reader-cached skips."""
    if metadata.get("status") == "skip" and "skip_reason" in metadata:
        source = relative(generator, metadata["skipped_file"])
        report_of(generator).skipped[source] = metadata["skip_reason"]


def content_fingerprint(article: Any) -> str:
    return hashlib.sha256(article._content.encode("utf-8")).hexdigest()


def drop_duplicates(generator: Any) -> None:
    """The same text under two names becomes one page: the first by file name wins."""
    report = report_of(generator)
    first_with: dict[str, str] = {}
    kept = []
    for article in sorted(generator.articles, key=lambda a: a.source_path):
        source = article.relative_source_path  # relative() as Pelican made it already
        original = first_with.setdefault(content_fingerprint(article), source)
        if original == source:
            kept.append(article)
        else:
            logger.warning("Skipped %s: same text as %s", source, original)
            report.skipped[source] = f"same text as {original}"
    kept_ids = {id(a) for a in kept}
    generator.articles = [a for a in generator.articles if id(a) in kept_ids]


def finish_report(generator: Any) -> None:
    """After all articles are known, before writing: log, save the report, enforce strict."""
    report = report_of(generator)
    for article in generator.articles + generator.hidden_articles + generator.drafts:
        source = article.relative_source_path  # relative() as Pelican made it already
        report.pages.append(source)
        if warnings := getattr(article, "source_warnings", []):
            report.warnings[source] = list(warnings)
    # Files Pelican itself gave up on are recorded with None in place of their content.
    for source, content in generator.context["generated_content"].items():
        if content is None:
            report.skipped.setdefault(source, "could not be processed (see the log)")
    settings = generator.settings
    # Beside the output folder, never inside the deployable site.
    report_path = Path(settings["OUTPUT_PATH"]).parent / settings["ARTIKEL_REPORT_FILE"]
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report.as_json(), encoding="utf-8")
    logger.info(report.summary())
    for source, reason in sorted(report.skipped.items()):
        logger.warning("  skipped %s: %s", source, reason)
    if settings.get("ARTIKEL_STRICT") and report.skipped:
        raise StrictModeError(f"strict mode: {len(report.skipped)} source file(s) skipped")
