"""Evaluate the topic classifier on a labelled set of articles.

Usage: python tests/evaluate_topics.py [SET_DIR ...] [--explain]

A set is a folder of articles in the collection's format plus ``expected.csv``
(columns ``file,topic``). Prints the accuracy, the confusion matrix and every
miss with the words that decided it. The classifier sees the text exactly as
the site build does (parsed and rendered by the reader, then split into lead,
subheadings and body); overrides are not applied.
"""

from __future__ import annotations

import argparse
import csv
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

from artikel_meta.explain import classify_source  # noqa: E402
from artikel_meta.topics import Lexicon, TopicDecision, load_lexicon  # noqa: E402

DEFAULT_SETS = [ROOT / "tests" / "data" / "topics"]
LEXICON = ROOT / "content" / "ressorts.toml"


@dataclass(frozen=True)
class Result:
    file: str
    expected: str
    decision: TopicDecision


def evaluate(lexicon: Lexicon, set_dir: Path) -> list[Result]:
    with (set_dir / "expected.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [
        Result(row["file"], row["topic"], classify_source(lexicon, set_dir / row["file"]))
        for row in rows
    ]


def accuracy(results: list[Result]) -> float:
    return sum(r.decision.topic == r.expected for r in results) / len(results)


def confusion_matrix(results: list[Result], topics: tuple[str, ...]) -> str:
    """Rows: expected topic; columns: chosen topic (first four letters)."""
    header = " " * 13 + "".join(f"{t[:4]:>6}" for t in topics)
    lines = [header]
    for expected in topics:
        counts = [
            sum(r.expected == expected and r.decision.topic == chosen for r in results)
            for chosen in topics
        ]
        lines.append(f"{expected:<13}" + "".join(f"{c or '.':>6}" for c in counts))
    return "\n".join(lines)


def report(lexicon: Lexicon, set_dir: Path, explain: bool) -> float:
    results = evaluate(lexicon, set_dir)
    score = accuracy(results)
    correct = sum(r.decision.topic == r.expected for r in results)
    print(f"{set_dir}: accuracy {score:.1%} ({correct}/{len(results)})")
    print(confusion_matrix(results, lexicon.topics))
    for result in results:
        if explain or result.decision.topic != result.expected:
            print(f"\n{result.file}: expected {result.expected}, got {result.decision.explain(6)}")
    print()
    return score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--explain", action="store_true", help="explain every decision")
    args = parser.parse_args(argv)
    lexicon = load_lexicon(LEXICON)
    for set_dir in args.sets:
        report(lexicon, set_dir.resolve(), args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
