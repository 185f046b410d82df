"""What the metadata step needs from one article's own text, worked out when it is read.

The lexicon's topic, the keyword candidates and the terms that pair related articles
depend on nothing but the article's text and the lexicon and keyword files. Working them
out in the reader puts them where the text is at hand: in the reading worker processes
(every core) and in Pelican's content cache, so an unchanged article is never analysed
twice. Each analysis names its ``basis`` (the code and data it was made with); the metadata
step analyses an article again when that basis is no longer the current one, say after an
edit of the lexicon.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import sys
from collections import Counter
from dataclasses import dataclass
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from .keywords import GERMAN_STOPWORDS, CandidateFinder, KeywordConfig, Mention, tokens_of
from .keywords import load_keyword_config as read_keyword_config
from .text import ArticleText
from .topics import Lexicon, classify_words, load_lexicon, stem, words_of_tokens

logger = logging.getLogger(__name__)

# The libraries whose output an analysis contains (PyStemmer: snowballstemmer's C stemmers).
LIBRARIES = ("snowballstemmer", "PyStemmer", "stopwordsiso")


def content_path(settings: dict[str, Any], name: str) -> Path:
    """A data-file setting, relative to the content folder unless it is absolute."""
    return Path(settings["PATH"]) / settings[name]


@dataclass(frozen=True)
class Analysis:
    basis: str
    topic: str  # the lexicon's choice; overrides are applied later
    explanation: str | None  # why, when the analysis ran with debug logging on
    lead_mentions: int  # how many of the mentions are in the title and the lead
    # The keyword candidates (title, lead, subheadings, body) and the terms that pair related
    # articles, each packed by ``marshal`` into a bytes object: hundreds of small objects per
    # article would cost memory while the cache holds them, and time and memory whenever
    # they are pickled (from the reading workers, into Pelican's cache file). Apart, as they
    # are unpacked on different threads (keywords, related articles).
    packed_mentions: bytes
    packed_terms: bytes

    def mentions(self) -> tuple[Mention, ...]:
        """They come back as plain tuples of a Mention's fields, which hash and compare like
        Mentions, and cost nothing to make."""
        return marshal.loads(self.packed_mentions)

    def terms(self) -> dict[str, int]:
        return marshal.loads(self.packed_terms)


@dataclass
class Tokens:
    """An article's text split once into the keyword scanner's tokens, per part."""

    heading: list[str]
    lead: list[str]
    subheadings: list[list[str]]
    body: list[str]

    @classmethod
    def of(cls, text: ArticleText) -> Tokens:
        return cls(
            tokens_of(text.heading),
            tokens_of(text.lead),
            [tokens_of(s) for s in text.subheadings],
            tokens_of(text.body),
        )

    @property
    def segments(self) -> list[list[str]]:
        return [self.heading, self.lead, *self.subheadings, self.body]


class _RelatedTerm(dict):
    """word -> its stem, or "" for a stop word: what a word adds to an article's similarity."""

    def __missing__(self, word: str) -> str:
        # Interned: one string per stem across all articles, also once unpacked (Analysis).
        term = self[word] = "" if word.lower() in GERMAN_STOPWORDS else sys.intern(stem(word))
        return term


_RELATED_TERM = _RelatedTerm()


def related_terms(words: list[str], mentions: list[Mention]) -> dict[str, int]:
    """Stems of the article's content words (all its words, any part) plus its multi-word
    names, counted."""
    terms = Counter(map(_RELATED_TERM.__getitem__, words))
    del terms[""]
    terms.update(m.key for m in mentions if " " in m.key)
    return dict(terms)


def basis_of(settings: dict[str, Any]) -> str:
    """A digest of everything an analysis is made from besides the article."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{sys.version} marshal {marshal.version}\0".encode())
    for library in LIBRARIES:
        digest.update(f"{library} {package_metadata.version(library)}\0".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes())
    for name in ("ARTIKEL_LEXICON", "ARTIKEL_KEYWORDS"):
        path = content_path(settings, name)
        digest.update(path.read_bytes() if path.is_file() else b"(none)")
    return digest.hexdigest()


class Analyser:
    """Analyses articles against one lexicon and keyword file."""

    def __init__(self, lexicon: Lexicon, config: KeywordConfig, basis: str) -> None:
        self.lexicon = lexicon
        self.config = config
        self.basis = basis
        self.finder = CandidateFinder(config, lambda word: bool(lexicon.match(word)))

    @classmethod
    def from_settings(cls, settings: dict[str, Any]) -> Analyser:
        """Raises ``LexiconError`` or ``KeywordConfigError`` for an unusable data file."""
        lexicon = load_lexicon(content_path(settings, "ARTIKEL_LEXICON"))
        minimum, maximum = settings["ARTIKEL_KEYWORDS_PER_ARTICLE"]
        config = read_keyword_config(content_path(settings, "ARTIKEL_KEYWORDS"), minimum, maximum)
        return cls(lexicon, config, basis_of(settings))

    def analyse(self, content: str, subheadings: list[str], title: str) -> Analysis:
        """``content`` is the reader's HTML, ``title`` the reader's title (no override)."""
        tokens = Tokens.of(ArticleText.from_html(content, subheadings, title))
        # Title and subheadings weigh alike for the topic; every word counts once for related
        # articles, whichever part it is in.
        headings = words_of_tokens(tokens.heading)
        for part in tokens.subheadings:
            headings += words_of_tokens(part)
        lead, body = words_of_tokens(tokens.lead), words_of_tokens(tokens.body)
        decision = classify_words(self.lexicon, headings, lead, body)
        title_mentions, lead_mentions, *rest = self.finder.mentions_of_tokens(tokens.segments)
        mentions = title_mentions + lead_mentions + [m for segment in rest for m in segment]
        terms = related_terms(headings + lead + body, mentions)
        return Analysis(
            basis=self.basis,
            topic=decision.topic,
            # Only for --debug: the evidence is most of a decision's size and of its pickling.
            explanation=decision.explain() if logger.isEnabledFor(logging.DEBUG) else None,
            lead_mentions=len(title_mentions) + len(lead_mentions),
            packed_mentions=marshal.dumps(tuple(map(tuple, mentions))),
            packed_terms=marshal.dumps(terms),
        )
