"""Keywords that set an article apart within the whole collection.

Candidates are German nouns and names: capitalised words in mid-sentence
(German capitalises every noun), and runs of them that form a name ("Kim Jong
Un", "Europäische Zentralbank"). A role noun before a name is not part of it
("Präsident Wladimir Putin" → "Wladimir Putin"). Every candidate is keyed by
its stems, so "Putins" and "Putin" are one keyword, shown in one spelling
across the collection; a lone "Putin" joins "Wladimir Putin" when that is the
only name of the collection it can belong to.

Candidates are weighed by TF-IDF over the whole collection (``counts.tf_idf``):
frequent in this article, rare in the others; a mention in the title or the
lead counts twice.
"""

from __future__ import annotations

import re
import sys
import tomllib
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy as np
import stopwordsiso

from .counts import count_matrix, sorted_ranks, tf_idf
from .topics import stem

TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*|[^\w\s]")
SENTENCE_END = frozenset(".!?:")
# Lower-case words that belong inside a name: "Tour de France", "Ursula von der Leyen".
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "du", "la", "le", "van", "von", "bin", "al"})
AFTER_VON = frozenset({"der", "den", "dem"})
# Capitalised adjectives that start a name rather than a role: "Europäische Zentralbank".
NAME_ADJECTIVE = re.compile(r"(?:isch|lich|sch)(?:e|en|er|es|em)$")
QUOTES = frozenset("\"„“”»«‚‘'()")
# Articles and words that stand in their place; "im", "zum" … contain one.
DETERMINERS = frozenset(
    {
        *("der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer"),
        *("eines", "kein", "keine", "keinen", "keinem", "keiner", "keines", "im", "am", "zum"),
        *("zur", "vom", "beim", "ins", "ans", "dieser", "diese", "dieses", "diesem", "diesen"),
        *("jeder", "jede", "jedes", "jedem", "jeden", "sein", "seine", "seinen", "seinem"),
        *("seiner", "seines", "ihr", "ihre", "ihren", "ihrem", "ihrer", "ihres"),
    }
)
# Inflected adjectives between an article and its noun: "eines militärischen Satelliten".
ADJECTIVE_ENDING = re.compile(r"[a-zäöüß](?:e|en|er|es|em)$")
# Endings of German common nouns: such a word is not part of a name.
COMMON_NOUN_ENDING = re.compile(
    r"(?:ung|heit|keit|schaft|tion|tät|nis|ismus|ment|chen|ling|tum)(?:en|e|s|se)?$"
)
MIN_WORD = 3
# A keyword mostly used like a common noun ("die Lieferung") counts this much less than a name.
COMMON_NOUN_DISCOUNT = 0.5
LEAD_FACTOR = 2
MULTIWORD_BONUS = 0.25
MIN_RELATIVE_SCORE = 0.35

GERMAN_STOPWORDS = frozenset(stopwordsiso.stopwords("de"))


@lru_cache(maxsize=200_000)
def _has_noun_ending(token: str) -> bool:
    return bool(COMMON_NOUN_ENDING.search(token))


class KeywordConfigError(ValueError):
    """The keyword file cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class KeywordConfig:
    ignore: frozenset[str]  # stems
    spellings: dict[str, str]  # key -> preferred spelling
    minimum: int = 3
    maximum: int = 8


def key_of(name: str) -> str:
    """The spelling-independent identity of a keyword: the stems of its words (and of the
    parts of hyphenated words), so "Putins" and "Putin" are one keyword."""
    return " ".join("-".join(stem(p) for p in word.split("-")) for word in name.split())


def load_keyword_config(path: Path, minimum: int = 3, maximum: int = 8) -> KeywordConfig:
    """Read the user's keyword file; a missing file means no additions."""
    if not path.exists():
        return KeywordConfig(frozenset(), {}, minimum, maximum)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        ignore = frozenset(stem(word) for word in data.get("ignore", []))
        spellings = {key_of(k): v for k, v in data.get("spellings", {}).items()}
    except (OSError, tomllib.TOMLDecodeError, TypeError, AttributeError) as error:
        raise KeywordConfigError(f"{path}: cannot read the keyword file: {error!r}") from error
    return KeywordConfig(ignore, spellings, minimum, maximum)


def mention(key: str, surface: str, common: bool = False) -> Mention:
    """A Mention with interned strings: the same keyword in thousands of articles is then one
    string, also after ``marshal`` has packed and unpacked each article's mentions apart."""
    return Mention(sys.intern(key), sys.intern(surface), common)


class Mention(NamedTuple):
    key: str
    surface: str
    common: bool = False  # used like a common noun: after an article ("die Lieferung")


_KEY = itemgetter(0)  # of a Mention, at C speed
_UNSEEN = object()


# A run of capitalised words: (its tokens, starts a sentence, follows an article). A plain
# tuple: hundreds are made per article, and a NamedTuple costs twice as much to make.
Run = tuple[tuple[str, ...], bool, bool]


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() and not token.isdigit()


# The scan below sees a text as one character per token, so a single regex finds the runs of
# capitalised words and a glance at the preceding codes tells their context:
#   C capitalised word          D capitalised article ("Die")   v "von"/"van"
#   r "der"/"den"/"dem"         p name particle ("de", "al")    P particle with an
#   d lower-case article        a inflected adjective or digits     adjective ending ("le")
#   w other word                . sentence end                  q quote    , other sign
RUN_OF_CODES = re.compile(r"[CD](?:[CDpPv]|(?<=v)r)*")
ARTICLE_CODES = frozenset("dDr")
ADJECTIVE_CODES = frozenset("aP")


def _code(token: str) -> str:
    if not _is_word(token):
        return "." if token in SENTENCE_END else "q" if token in QUOTES else ","
    determiner = token.lower() in DETERMINERS
    if _is_capitalised(token):
        return "D" if determiner else "C"
    if token in {"von", "van"}:
        return "v"
    if token in AFTER_VON:
        return "r"
    if token in NAME_PARTICLES:
        return "P" if ADJECTIVE_ENDING.search(token) else "p"
    if determiner:
        return "d"
    return "a" if ADJECTIVE_ENDING.search(token) or token.isdigit() else "w"


class _Codes(dict):
    """token -> its code, computed once per distinct token."""

    def __missing__(self, token: str) -> str:
        code = self[token] = _code(token)
        return code


_CODES = _Codes()


def tokens_of(text: str) -> list[str]:
    return TOKEN.findall(text)


class CandidateFinder:
    """Finds the keyword candidates of one text; ``is_common_noun`` tells role nouns."""

    def __init__(self, config: KeywordConfig, is_common_noun: Callable[[str], bool]) -> None:
        self.config = config
        self.is_common_noun = is_common_noun
        # Runs of one word are most runs: (word, put after an article) -> its mention.
        self._single: dict[tuple[str, bool], Mention | None] = {}

    @lru_cache(maxsize=200_000)  # noqa: B019 -- one finder per build; words repeat
    def usable_in_name(self, token: str) -> bool:
        return not (
            token.lower() in GERMAN_STOPWORDS
            or token[:1].isdigit()
            or stem(token) in self.config.ignore
        )

    def usable(self, token: str) -> bool:
        """A word that may be a keyword on its own."""
        return self.usable_in_name(token) and (len(token) >= MIN_WORD or token.isupper())

    def runs(self, text: str) -> list[Run]:
        """Runs of capitalised words (with name particles inside) in one text."""
        return self.runs_of_tokens(tokens_of(text))

    @staticmethod
    def runs_of_tokens(tokens: list[str]) -> list[Run]:
        codes = "".join(map(_CODES.__getitem__, tokens))
        found: list[Run] = []
        for match in RUN_OF_CODES.finditer(codes):
            start, end = match.span()
            previous = codes[start - 1] if start else "."
            if previous != "q" and previous not in ADJECTIVE_CODES:  # most runs: one look
                starts_sentence = previous == "."
                after_determiner = previous in ARTICLE_CODES
            else:
                # A sentence starts after ". " and at the text's start; quotes do not count.
                before = start - 1
                while before >= 0 and codes[before] == "q":
                    before -= 1
                starts_sentence = before < 0 or codes[before] == "."
                # An article, then any inflected adjectives or numbers: "eines militärischen".
                before = start - 1
                while before >= 0 and codes[before] in ADJECTIVE_CODES:
                    before -= 1
                after_determiner = before >= 0 and codes[before] in ARTICLE_CODES
            found.append((tuple(tokens[start:end]), starts_sentence, after_determiner))
        return found

    def is_common(self, token: str, determined: set[str] | frozenset[str]) -> bool:
        """A common noun rather than part of a name: a typical noun ending, or a word this
        article puts after an article ("die Lieferung")."""
        return _has_noun_ending(token) or ("-" not in token and token in determined)

    def is_role(self, tokens: tuple[str, ...], position: int, after_determiner: bool) -> bool:
        """A word that introduces a name without being part of it: "Präsident Wladimir
        Putin", "der Däne Jonas Vingegaard" (but "Tour de France" stays whole)."""
        token = tokens[position]
        following = tokens[position + 1] if position + 1 < len(tokens) else ""
        if not following or following.islower() or NAME_ADJECTIVE.search(token):
            return False
        return (position == 0 and after_determiner) or (
            "-" not in token and self.is_common_noun(token)
        )

    def names_in(
        self,
        tokens: tuple[str, ...],
        determined: set[str] | frozenset[str],
        after_determiner: bool,
    ) -> list[tuple[list[str], bool]]:
        """Split a run into names (several words) and single words; True marks a name.
        A single word that only qualifies the next one ("Kölner Band") is left out."""
        parts: list[tuple[list[str], bool]] = []
        current: list[str] = []

        def close() -> None:
            while current and current[-1].islower():
                current.pop()
            if len(current) > 1:
                parts.append((list(current), True))
            elif current:
                parts.append((list(current), False))
            current.clear()

        for position, token in enumerate(tokens):
            following = tokens[position + 1] if position + 1 < len(tokens) else ""
            if token in {"von", "van"} and following not in AFTER_VON:
                # "Ursula von der Leyen" is one name, "Daten von Bürgern" is not.
                close()
            elif token.islower():
                if current:
                    current.append(token)
            elif NAME_ADJECTIVE.search(token) or (current and NAME_ADJECTIVE.search(current[-1])):
                current.append(token)
            elif (
                (not current and self.is_role(tokens, position, after_determiner))
                or not self.usable_in_name(token)
                or self.is_common(token, determined)
            ):
                close()
                attributive = token.endswith("er") and position + 1 < len(tokens)
                if not attributive:
                    parts.append(([token], False))
            else:
                current.append(token)
        close()
        return parts

    def _single_mention(self, word: str, determined: bool) -> Mention | None:
        """What ``names_in`` makes of a run of one word, without the general path; a lone
        name particle ("de") is none. ``determined``: the article puts it after an article."""
        if not _is_capitalised(word) or not self.usable(word):
            return None
        return mention(key_of(word), word, determined or _has_noun_ending(word))

    @lru_cache(maxsize=100_000)  # noqa: B019 -- names repeat across a collection
    def run_mentions(
        self, tokens: tuple[str, ...], after_determiner: bool, determined: frozenset[str]
    ) -> tuple[Mention, ...]:
        """The mentions of one run; ``determined`` holds the run's words this article puts
        after an article."""
        found: list[Mention] = []
        for position, (words, is_name) in enumerate(
            self.names_in(tokens, determined, after_determiner)
        ):
            if is_name:
                found.append(mention(key_of(" ".join(words)), " ".join(words)))
            elif self.usable(words[0]):
                word = words[0]
                common = (after_determiner and position == 0) or self.is_common(word, determined)
                found.append(mention(key_of(word), word, common))
        return tuple(found)

    def mentions(
        self, runs: list[Run], mid_sentence: set[str], determined: set[str]
    ) -> list[Mention]:
        found: list[Mention] = []
        singles = self._single
        for tokens, starts_sentence, after_determiner in runs:
            # A capitalised word at a sentence start may be any word ("Offiziell …");
            # it counts only when the article also capitalises it elsewhere.
            if starts_sentence and tokens[0] not in mid_sentence:
                tokens, after_determiner = tokens[1:], tokens[0].lower() in DETERMINERS
            if len(tokens) == 1:
                word = tokens[0]
                # ``is_common`` in two parts: this article's use here, the noun ending there.
                key = (word, after_determiner or ("-" not in word and word in determined))
                single = singles.get(key, _UNSEEN)
                if single is _UNSEEN:
                    single = singles[key] = self._single_mention(*key)
                if single:
                    found.append(single)
            elif tokens:
                here = frozenset(token for token in tokens if token in determined)
                found.extend(self.run_mentions(tokens, after_determiner, here))
        return found

    def article_mentions(self, segments: list[str]) -> list[list[Mention]]:
        """Mentions per segment of one article (title, lead, subheadings, body)."""
        return self.mentions_of_tokens([tokens_of(segment) for segment in segments])

    def mentions_of_tokens(self, segments: list[list[str]]) -> list[list[Mention]]:
        """Like ``article_mentions`` for segments already split into tokens."""
        runs = [self.runs_of_tokens(tokens) for tokens in segments]
        mid_sentence = {
            token
            for segment in runs
            for tokens, starts_sentence, _ in segment
            for token in (tokens[1:] if starts_sentence else tokens)
        }
        determined = {
            tokens[0]
            for segment in runs
            for tokens, _, after_determiner in segment
            if after_determiner and not NAME_ADJECTIVE.search(tokens[0])
        }
        return [self.mentions(segment, mid_sentence, determined) for segment in runs]


def _aliases(keys: set[str]) -> dict[str, str]:
    """A one-word key → the only multi-word name of the collection it begins or ends."""
    owners: dict[str, set[str]] = defaultdict(set)
    for key in keys:
        words = key.split(" ")
        if len(words) > 1:
            owners[words[0]].add(key)
            owners[words[-1]].add(key)
    return {
        single: next(iter(names))
        for single, names in owners.items()
        if len(names) == 1 and single in keys
    }


def _spellings(
    pairs: Counter[tuple[str, str]], aliases: dict[str, str], config: KeywordConfig
) -> dict[str, str]:
    """One spelling per key: the user's choice, else the shortest form seen, then the most
    frequent ("Europäische Zentralbank" rather than "Europäischen Zentralbank"). Forms of a
    word that stands for a longer name do not count."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for (key, surface), count in pairs.items():
        if key not in aliases:
            forms[key][surface] += count
    chosen = {
        key: min(counts, key=lambda form: (len(form), -counts[form], form))
        for key, counts in forms.items()
    }
    chosen.update(config.spellings)
    return chosen


def _name_factors(mentions: Counter[Mention], resolve: dict[str, str]) -> dict[str, float]:
    """Per key: 1 for a name, down to ``1 - COMMON_NOUN_DISCOUNT`` for a word always used
    after an article, across the whole collection."""
    uses: Counter[str] = Counter()
    common: Counter[str] = Counter()
    for (key, _, is_common), count in mentions.items():
        uses[resolve[key]] += count
        common[resolve[key]] += count * is_common
    return {key: 1 - COMMON_NOUN_DISCOUNT * common[key] / uses[key] for key in uses}


def choose_keywords(
    documents: Sequence[Sequence[Mention]], leads: list[int], config: KeywordConfig
) -> list[list[str]]:
    """Keywords per document; ``leads[i]`` mentions of document i are from title and lead."""
    # Counted once per distinct mention: the collection has millions, most of them repeats.
    mentions = Counter(chain.from_iterable(documents))
    pairs: Counter[tuple[str, str]] = Counter()
    for (key, surface, _), count in mentions.items():
        pairs[key, surface] += count
    all_keys = {key for key, _ in pairs}
    aliases = _aliases(all_keys)
    resolve = {key: aliases.get(key, key) for key in all_keys}
    resolved = [list(map(resolve.__getitem__, map(_KEY, document))) for document in documents]
    spelling = _spellings(pairs, aliases, config)
    factors = _name_factors(mentions, resolve)
    # One document's weighted counts at a time: all of them would be a dict per article.
    weighted = (
        Counter(keys[:lead] * (LEAD_FACTOR - 1) + keys)
        for keys, lead in zip(resolved, leads, strict=True)
    )
    counts, vocabulary = count_matrix(weighted)
    if not counts.nnz:
        return [[] for _ in documents]
    matrix = tf_idf(counts)
    boost = np.array([factors[key] * (1 + MULTIWORD_BONUS * key.count(" ")) for key in vocabulary])
    scores = matrix.data * boost[matrix.indices]
    # Every row's candidates by score, ties by spelling, in one sort for the whole collection
    # (rows stay in their place: the row is the first key).
    spelling_rank = sorted_ranks([spelling[key] for key in vocabulary.tolist()])
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((spelling_rank[matrix.indices], -scores, rows))
    ranked_scores, ranked_keys = scores[order].tolist(), vocabulary[matrix.indices[order]].tolist()
    chosen = []
    for start, end in zip(matrix.indptr[:-1].tolist(), matrix.indptr[1:].tolist(), strict=True):
        # Only the best ``maximum`` can be picked.
        top = min(end, start + config.maximum)
        scored = list(zip(ranked_scores[start:top], ranked_keys[start:top], strict=True))
        chosen.append(_pick(scored, spelling, config))
    return chosen


def _pick(
    scored: list[tuple[float, str]],
    spelling: dict[str, str],
    config: KeywordConfig,
) -> list[str]:
    """The top keywords: at least ``minimum`` when there are that many, more while strong."""
    if not scored:
        return []
    threshold = scored[0][0] * MIN_RELATIVE_SCORE
    picked: list[str] = []
    folded: set[str] = set()  # one of two names that differ only in case
    for score, key in scored[: config.maximum]:
        if len(picked) >= config.minimum and score < threshold:
            break
        name = spelling[key]
        if name.casefold() not in folded:
            picked.append(name)
            folded.add(name.casefold())
    return picked
