"""Choose one Ressort per article from a user-editable German lexicon.

Every word of the text is stemmed (Snowball, German) and looked up in the
lexicon (``content/ressorts.toml``). German builds new words by compounding,
so a word that is not listed itself still counts when

* it ends with a listed word of at least five letters ("Angriffskrieg" → "Krieg"), or
* it starts with a listed prefix ("Fußballtrainer" → "Fußball…").

Words in the lead, the subheadings and a title taken from a subheading weigh
more than the body. A word repeated many times counts with diminishing returns
(square root), so one word cannot outvote several different ones. When no
Ressort reaches ``min_score`` points the article gets the ``fallback`` Ressort.
"""

from __future__ import annotations

import logging
import math
import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from pathlib import Path

import snowballstemmer

logger = logging.getLogger(__name__)

# Words with their hyphenated parts ("IT-Sicherheit", "Covid-19"); bare numbers are no words.
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def words_of(text: str) -> list[str]:
    return [w for w in WORD.findall(text) if len(w) > 1 and not w.isdigit()]


class _WordsOfToken(dict):
    """A token of the keyword scanner (which keeps "Macron's" whole) -> its words."""

    def __missing__(self, token: str) -> tuple[str, ...]:
        words = self[token] = tuple(words_of(token))
        return words


_WORDS_OF_TOKEN = _WordsOfToken()


def words_of_tokens(tokens: list[str]) -> list[str]:
    """``words_of`` for a text already split by ``keywords.TOKEN``: the same words."""
    return list(chain.from_iterable(map(_WORDS_OF_TOKEN.__getitem__, tokens)))


# Compound heads shorter than this match whole words only: "Tor" must not be found in "Motor".
MIN_COMPOUND_HEAD = 5
MIN_COMPOUND_MODIFIER = 3
MIN_PREFIX = 4
DEFAULT_WEIGHTS = {"lead": 2.0, "subheading": 2.0, "body": 1.0}
WORD_KINDS = {"words": 1.0, "strong": 3.0}

# snowballstemmer hands out PyStemmer's compiled stemmer, which is installed with it (the
# same stems, 400 times faster than its own Python code; tests/test_topics.py checks both).
_stemmer = snowballstemmer.stemmer("german")


class LexiconError(ValueError):
    """The lexicon file cannot be used; the message names the file and the reason."""


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    lowered = word.lower()
    # Snowball leaves feminine plurals apart: "Forscherinnen" should meet "Forscherin".
    if lowered.endswith("innen"):
        lowered = lowered[:-3]
    return _stemmer.stemWord(lowered)


def fold(word: str) -> str:
    """Lower case without umlauts and ß, as the stems are: "Fußball" → "fussball"."""
    lowered = word.lower().replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFD", lowered) if not unicodedata.combining(c))


# One object per lexicon entry, so identity is equality: hashed at C speed (a dataclass's
# own hash is a Python call, met hundreds of times per article).
@dataclass(frozen=True, eq=False)
class Match:
    topic: str
    entry: str  # the lexicon entry as the user wrote it
    points: float

    @property
    def noun(self) -> bool:
        """German capitalises nouns: a capitalised entry only matches capitalised words,
        so "Werder" is not found in "werden" nor "Gehalt" in "gehalten"."""
        return self.entry[:1].isupper()


@dataclass(frozen=True)
class Lexicon:
    topics: tuple[str, ...]
    fallback: str
    min_score: float
    weights: dict[str, float]
    stems: dict[str, Match]  # stem of a listed word -> match
    phrases: dict[str, tuple[tuple[tuple[str, ...], Match], ...]]  # first stem -> phrases
    prefixes: dict[str, Match]  # folded prefix -> match
    exact_only: frozenset[str]  # stems whose compounds mean something else

    def __post_init__(self) -> None:
        # Words repeat across a collection: remember each word's matches.
        object.__setattr__(self, "_matches", {})
        object.__setattr__(self, "_starts_phrase", {})
        object.__setattr__(self, "_stems", {})
        object.__setattr__(self, "_matched", set())
        object.__setattr__(self, "phrase_starters", set())

    def has_phrase_start(self, words: dict[str, int]) -> bool:
        """Whether a listed phrase of several words may start with one of these words."""
        for word in words.keys() - self._starts_phrase.keys():
            starts = self._starts_phrase[word] = stem(word) in self.phrases
            if starts:
                self.phrase_starters.add(word)
        return not self.phrase_starters.isdisjoint(words)

    def matching(self, words: dict[str, int]) -> list[str]:
        """The words that match an entry, in their order; most words match none, and set
        operations find the few without a Python step per word."""
        for word in words.keys() - self._matches.keys():
            self.match(word)
        found = words.keys() & self._matched
        return [word for word in words if word in found] if found else []

    def match(self, word: str) -> list[Match]:
        """The entries a word counts for: the whole word, else its compound head and prefix."""
        cached = self._matches.get(word)
        if cached is None:
            cached = self._matches[word] = self._match(word)
            if cached:
                self._matched.add(word)
        return cached

    def stem_of(self, word: str) -> str:
        cached = self._stems.get(word)
        if cached is None:
            cached = self._stems[word] = stem(word)
        return cached

    def _match(self, word: str) -> list[Match]:
        capitalised = word[:1].isupper()
        token = stem(word)
        whole = self.stems.get(token)
        if whole and (capitalised or not whole.noun):
            return [whole]
        if "-" in word:
            return self._match_parts(word)
        if not capitalised or token in self.exact_only:
            return []
        found = []
        for start in range(MIN_COMPOUND_MODIFIER, len(token) - MIN_COMPOUND_HEAD + 1):
            head = self.stems.get(token[start:])
            if head:
                found.append(head)
                break
        folded = fold(word)
        for end in range(len(folded) - 1, MIN_PREFIX - 1, -1):
            prefix = self.prefixes.get(folded[:end])
            if prefix:
                if prefix not in found:
                    found.append(prefix)
                break
        return found

    def _match_parts(self, word: str) -> list[Match]:
        """ "Smartphone-Flaggschiff": the last part as the head, the first as the modifier."""
        parts = [p for p in word.split("-") if len(p) > 1 and not p.isdigit()]
        found: list[Match] = []
        for part in dict.fromkeys(parts[-1:] + parts[:1]):
            found.extend(m for m in self.match(part) if m not in found)
        return found


@dataclass(frozen=True)
class Evidence:
    entry: str
    forms: tuple[str, ...]  # the words of the text that matched the entry
    points: float


@dataclass(frozen=True)
class TopicDecision:
    topic: str
    scores: dict[str, float]
    # Per matched entry: its points and the words of the text that matched it.
    hits: dict[Match, tuple[float, tuple[str, ...]]]
    fallback_used: bool
    overridden: bool = False

    @property
    def evidence(self) -> dict[str, list[Evidence]]:
        """Topic -> evidence, strongest first; worked out only to explain a decision."""
        evidence: dict[str, list[Evidence]] = {topic: [] for topic in self.scores}
        for match, (points, forms) in self.hits.items():
            evidence[match.topic].append(Evidence(match.entry, forms, points))
        for found in evidence.values():
            found.sort(key=lambda item: (-item.points, item.entry))
        return evidence

    def explain(self, limit: int = 10) -> str:
        """A readable listing of the words that decided, strongest Ressort first."""
        if self.overridden:
            head = f"{self.topic} (set in the overrides file; the scores are the classifier's)"
        else:
            head = f"{self.topic}{' (fallback: evidence too weak)' if self.fallback_used else ''}"
        lines = [head]
        ranked = sorted(self.scores.items(), key=lambda item: -item[1])
        evidence = self.evidence
        for topic, score in ranked:
            if not score:
                continue
            words = ", ".join(
                f"{e.entry} [{'/'.join(e.forms[:3])}] {e.points:.1f}"
                for e in evidence[topic][:limit]
            )
            lines.append(f"  {topic:<13} {score:6.1f}  {words}")
        return "\n".join(lines)


def _entries(ressorts: dict[str, dict]) -> list[tuple[str, Match]]:
    """(kind, match) for every listed word, in file order."""
    found = []
    for topic, entry in ressorts.items():
        for kind, points in WORD_KINDS.items():
            found.extend(("word", Match(topic, word, points)) for word in entry.get(kind, []))
        found.extend(("prefix", Match(topic, word, 1.0)) for word in entry.get("prefixes", []))
    return found


def load_lexicon(path: Path) -> Lexicon:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ressorts: dict[str, dict] = data["ressorts"]
        fallback = data["fallback"]
        min_score = float(data["min_score"])
        entries = _entries(ressorts)
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        raise LexiconError(f"{path}: cannot read the topic lexicon: {error!r}") from error
    if fallback not in ressorts:
        raise LexiconError(f"{path}: fallback {fallback!r} is not one of the [ressorts.*] tables")
    stems: dict[str, Match] = {}
    prefixes: dict[str, Match] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], Match]]] = defaultdict(list)
    for kind, match in entries:
        words = words_of(match.entry)
        if kind == "prefix":
            key, target = fold(match.entry), prefixes
            match = Match(match.topic, f"{match.entry}…", match.points)
        elif len(words) > 1:
            phrases[stem(words[0])].append((tuple(stem(w) for w in words), match))
            continue
        else:
            key, target = stem(match.entry), stems
        if key in target and target[key].topic != match.topic:
            logger.warning(
                "%s: %r is listed under %s and %s; %s wins",
                path,
                match.entry,
                target[key].topic,
                match.topic,
                match.topic,
            )
        target[key] = match
    return Lexicon(
        topics=tuple(ressorts),
        fallback=fallback,
        min_score=min_score,
        weights={**DEFAULT_WEIGHTS, **data.get("weights", {})},
        stems=stems,
        phrases={first: tuple(found) for first, found in phrases.items()},
        prefixes=prefixes,
        exact_only=frozenset(stem(w) for w in data.get("not_compounds", [])),
    )


def _matches(lexicon: Lexicon, words: list[str]) -> list[tuple[Match, str, int]]:
    """(match, text, occurrences) for the lexicon hits in a run of words; a phrase takes
    its words, so they do not count again on their own."""
    counts = Counter(words)
    hits: list[tuple[Match, str, int]] = []
    if lexicon.has_phrase_start(counts):
        starters = lexicon.phrase_starters
        for position in [i for i, word in enumerate(words) if word in starters]:
            for parts, match in lexicon.phrases[lexicon.stem_of(words[position])]:
                phrase_words = words[position : position + len(parts)]
                if tuple(map(lexicon.stem_of, phrase_words)) == parts:
                    hits.append((match, " ".join(phrase_words), 1))
                    counts.subtract(phrase_words)
                    break
    for word in lexicon.matching(counts):
        if counts[word] > 0:
            hits.extend((match, word, counts[word]) for match in lexicon.match(word))
    return hits


def classify(
    lexicon: Lexicon, lead: str, subheadings: list[str], body: str, heading: str = ""
) -> TopicDecision:
    """Score every Ressort; ``heading`` is a title that is not part of the text itself."""
    return classify_words(
        lexicon, words_of(" ".join([heading, *subheadings])), words_of(lead), words_of(body)
    )


def classify_words(
    lexicon: Lexicon, heading_words: list[str], lead_words: list[str], body_words: list[str]
) -> TopicDecision:
    """``classify`` for texts already split into words (title and subheadings together)."""
    weighted: dict[Match, float] = defaultdict(float)
    forms: dict[Match, dict[str, None]] = defaultdict(dict)
    sections = (
        (heading_words, lexicon.weights["subheading"]),
        (lead_words, lexicon.weights["lead"]),
        (body_words, lexicon.weights["body"]),
    )
    for words, weight in sections:
        for match, form, count in _matches(lexicon, words):
            weighted[match] += weight * count
            forms[match][form] = None
    scores = dict.fromkeys(lexicon.topics, 0.0)
    hits: dict[Match, tuple[float, tuple[str, ...]]] = {}
    for match, occurrences in weighted.items():
        points = match.points * math.sqrt(occurrences)
        scores[match.topic] += points
        hits[match] = points, tuple(forms[match])
    best = max(lexicon.topics, key=lambda t: (scores[t], -lexicon.topics.index(t)))
    weak = scores[best] < lexicon.min_score
    return TopicDecision(
        topic=lexicon.fallback if weak else best,
        scores=scores,
        hits=hits,
        fallback_used=weak,
    )
