"""Choose one Ressort per article from a user-editable German lexicon.

Every word of the text is stemmed (Snowball, German) and looked up in the
lexicon; German compounds carry their meaning in the last part, so a token
also counts for a lexicon stem it ends with ("Angriffskrieg" → "krieg").
The lead and the subheadings weigh more than the body.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import snowballstemmer

WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{3,}")
# Shorter stems match whole words only: "spiel" must not be found in "Beispiel".
MIN_COMPOUND_HEAD = 5
MIN_COMPOUND_MODIFIER = 3
LEAD_WEIGHT = 2.0
SUBHEADING_WEIGHT = 2.0
BODY_WEIGHT = 1.0

_stemmer = snowballstemmer.stemmer("german")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word.lower())


@dataclass(frozen=True)
class Lexicon:
    topics: tuple[str, ...]
    fallback: str
    min_score: float
    stems: dict[str, str]  # stem -> topic
    exact_only: frozenset[str]  # stems whose compounds mean something else
    # word -> topic_of(stem(word)); a collection repeats its words, so each is looked up once.
    matches: dict[str, tuple[str, str] | None] = field(default_factory=dict, compare=False)

    def match(self, word: str) -> tuple[str, str] | None:
        if word not in self.matches:
            self.matches[word] = self.topic_of(stem(word))
        return self.matches[word]

    def topic_of(self, token_stem: str) -> tuple[str, str] | None:
        """(topic, matched stem) for a token's stem, trying compound heads longest first."""
        if token_stem in self.exact_only:
            return None
        if token_stem in self.stems:
            return self.stems[token_stem], token_stem
        for start in range(MIN_COMPOUND_MODIFIER, len(token_stem) - MIN_COMPOUND_HEAD + 1):
            head = token_stem[start:]
            if head in self.stems:
                return self.stems[head], head
        return None


@dataclass(frozen=True)
class TopicDecision:
    topic: str
    scores: dict[str, float]
    evidence: dict[str, list[tuple[str, float]]]  # topic -> (word, weight), strongest first
    fallback_used: bool

    def explain(self) -> str:
        ranked = sorted(self.scores.items(), key=lambda item: (-item[1], item[0]))
        lines = [f"{self.topic}{' (fallback)' if self.fallback_used else ''}"]
        for topic, score in ranked:
            words = ", ".join(f"{w} {s:g}" for w, s in self.evidence[topic][:8])
            lines.append(f"  {topic}: {score:g} ({words})")
        return "\n".join(lines)


def load_lexicon(path: Path) -> Lexicon:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    ressorts: dict[str, dict] = data["ressorts"]
    stems: dict[str, str] = {}
    for topic, entry in ressorts.items():
        for word in entry["words"]:
            stems[stem(word)] = topic
    return Lexicon(
        topics=tuple(ressorts),
        fallback=data["fallback"],
        min_score=float(data["min_score"]),
        stems=stems,
        exact_only=frozenset(stem(w) for w in data.get("not_compounds", [])),
    )


def classify(lexicon: Lexicon, lead: str, subheadings: list[str], body: str) -> TopicDecision:
    scores: Counter[str] = Counter()
    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    for text, weight in (
        (lead, LEAD_WEIGHT),
        (" ".join(subheadings), SUBHEADING_WEIGHT),
        (body, BODY_WEIGHT),
    ):
        # Each distinct word once: articles repeat their words.
        for word, count in Counter(WORD.findall(text)).items():
            match = lexicon.match(word)
            if match:
                topic, matched = match
                scores[topic] += weight * count
                evidence[topic][matched] += weight * count
    ranked = sorted(scores.items(), key=lambda item: (-item[1], lexicon.topics.index(item[0])))
    best, best_score = ranked[0] if ranked else (lexicon.fallback, 0.0)
    weak = best_score < lexicon.min_score
    return TopicDecision(
        topic=lexicon.fallback if weak else best,
        scores={t: scores.get(t, 0.0) for t in lexicon.topics},
        evidence={t: evidence[t].most_common() for t in lexicon.topics},
        fallback_used=weak,
    )
