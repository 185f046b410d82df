"""Parse one source file of the collection into a structured article.

Pure functions, no Pelican: bytes in, :class:`ParsedArticle` out, or
:class:`SourceError` with a reason a user can act on.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import PurePath

from babel.dates import get_month_names

UTF8_BOM = b"\xef\xbb\xbf"
COLLECTION_NAME = re.compile(r"^(?P<number>\d+)_(?P<id>[0-9a-f]{16})$")
HEADER = re.compile(r"^[ \t]*date(?=\s|$)\s*", re.IGNORECASE)
# Date forms seen in the wild, the collection's own first; each must end at a word boundary.
DATE_FORMS = tuple(
    re.compile(pattern + r"(?=\s|$)\s*")
    for pattern in (
        r"(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?",
        r"(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>\d{4})",
        r"(?:(?P<day>\d{1,2})\.\s?)?(?P<month>[A-Za-zÄÖÜäöü]{3,}\.?)\s(?P<year>\d{4})",
    )
)
BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n\s*")
# Undated articles sort after every dated one and never reach a period archive.
UNDATED = datetime(1, 1, 1)

SUBHEADING_MAX_CHARS = 80
SUBHEADING_MAX_WORDS = 10
SENTENCE_FINAL = ".!?:;,…\"“”'‘’«»"
QUOTE_BOX_MAX_CHARS = 280
TITLE_MAX_CHARS = 90
SUMMARY_MAX_CHARS = 320
# Share of control characters above which a file is treated as binary, not text.
BINARY_CONTROL_SHARE = 0.01
# Unicode category Cc without tab and line feed (carriage returns are gone by then).
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# Abbreviations after which a full stop does not end a German sentence.
ABBREVIATIONS = frozenset(
    {
        *("abs", "bzw", "ca", "dr", "etc", "evtl", "ggf", "hr", "inkl", "jh", "jr", "mio"),
        *("mrd", "nr", "prof", "sog", "st", "str", "tel", "usw", "vgl", "vs", "zb", "z.b"),
        *("u.a", "d.h", "o.ä", "u.ä", "s.o", "s.u", "i.d.r"),
    }
)
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"“”«»)]?\s+(?=[„\"«(A-ZÄÖÜ0-9])")
# The sentence after a saying that names who said it: verbless, as in "Der Kapitän nach dem
# Schlusspfiff." or "Einer der Autoren über die Kontrolle.", or with a verb of saying, as in
# "Wladimir Putin zitiert für Kim Jong Un ein russisches Sprichwort.".
_WHERE = r"(?:im|in|auf|beim|bei|nach|zu|zur|zum|über|vor|gegenüber|während|am|an|mit|laut)"
_NOUN_PHRASE_WORD = r"(?:[A-ZÄÖÜ][\w.-]*|der|des|dem|den|einer|eines|von)"
VERBLESS_ATTRIBUTION = re.compile(
    rf"^(?:(?:Der|Die|Das|Ein|Eine|Einer|Eines)(?:\s+{_NOUN_PHRASE_WORD}){{1,4}}"
    rf"|[A-ZÄÖÜ][\w-]+(?:\s+[A-ZÄÖÜ][\w-]+){{1,3}})\s+{_WHERE}\s"
)
# A verbless attribution has no finite verb; these common ones give a normal sentence away.
FINITE_VERB = re.compile(
    r"\b(?:ist|sind|war|waren|wird|werden|wurde|wurden|hat|haben|hatte|hatten|soll|sollen|"
    r"kann|können|muss|müssen|will|wollen|gibt|gab|geht|ging|steht|stand|liegt|lag|kommt|kam)\b"
)
SPEECH_VERB = re.compile(
    r"\b(?:sagt|sagte|zitiert|zitierte|erklärt|erklärte|meint|meinte|betont|betonte|"
    r"warnt|warnte|kommentiert|kommentierte|schreibt|schrieb)\b"
)
ATTRIBUTION_MAX_WORDS = 14


class SourceError(ValueError):
    """A file that cannot become an article; the message says why."""


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    NONE = "none"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    SUBHEADING = "subheading"
    QUOTE = "quote"


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str
    source: str = ""  # who said it, for quote boxes


@dataclass(frozen=True)
class ParsedArticle:
    article_id: str
    date: datetime
    precision: DatePrecision
    title: str
    summary: str
    blocks: tuple[Block, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def plain_text(self) -> str:
        return "\n\n".join(part for b in self.blocks for part in (b.text, b.source) if part)

    @property
    def word_count(self) -> int:
        return len(self.plain_text.split())


def article_id_for(path: PurePath) -> str:
    """The collection's id from ``NNN_<id>.txt``; other names get a stable hash of the name."""
    match = COLLECTION_NAME.match(path.stem)
    if match:
        return match["id"]
    return hashlib.sha1(path.name.encode("utf-8")).hexdigest()[:16]


def decode(raw: bytes) -> tuple[str, list[str]]:
    """Bytes to normalised text (NFC, ``\\n`` line ends); warns when not UTF-8."""
    warnings: list[str] = []
    if b"\x00" in raw:
        raise SourceError("contains NUL bytes: binary data, not text")
    raw = raw.removeprefix(UTF8_BOM)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as error:
            raise SourceError(
                f"neither UTF-8 nor Windows-1252 (byte {raw[error.start]:#04x} at {error.start})"
            ) from None
        warnings.append("not valid UTF-8; decoded as Windows-1252")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = len(CONTROL_CHARACTER.findall(text))
    if text and controls / len(text) > BINARY_CONTROL_SHARE:
        raise SourceError(f"{controls} control characters: binary data, not text")
    return unicodedata.normalize("NFC", text), warnings


def month_number(name: str) -> int | None:
    """1..12 for a German or English month name ("März", "Maerz", "march"), else None."""
    key = name.lower().replace("ae", "ä").rstrip(".")
    for locale in ("de", "en"):
        for number, month in get_month_names("wide", locale=locale).items():
            if key in (month.lower(), month.lower()[:3]):
                return number
    return None


def date_from(fields: dict[str, str | None]) -> tuple[datetime, DatePrecision]:
    month = fields["month"]
    month_value = int(month) if month.isdigit() else month_number(month)
    if month_value is None:
        raise ValueError(f"unknown month {month!r}")
    day = fields.get("day")
    date = datetime(int(fields["year"]), month_value, int(day) if day else 1)
    return date, DatePrecision.DAY if day else DatePrecision.MONTH


def split_header(text: str) -> tuple[datetime, DatePrecision, str, list[str]]:
    """Separate the ``date`` header from the body that follows on the same line."""
    header = HEADER.match(text)
    if not header:
        return UNDATED, DatePrecision.NONE, text, ["no 'date' header; published without a date"]
    rest = text[header.end() :]
    for form in DATE_FORMS:
        if match := form.match(rest):
            body = rest[match.end() :]
            try:
                date, precision = date_from(match.groupdict())
            except ValueError:
                break
            return date, precision, body, []
    token = rest.split(maxsplit=1)[0] if rest.split() else ""
    if any(ch.isdigit() for ch in token):
        rest = rest[len(token) :]
        problem = f"date {token!r} is not a real date in the form YYYY-MM or YYYY-MM-DD"
    else:
        problem = "'date' header without a date"
    return UNDATED, DatePrecision.NONE, rest, [f"{problem}; published without a date"]


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in SENTENCE_END.finditer(text):
        candidate = text[start : match.start()].strip()
        last_word = candidate.rsplit(maxsplit=1)[-1].rstrip(".").lower() if candidate else ""
        if last_word in ABBREVIATIONS or len(last_word) == 1:
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


def is_subheading(text: str) -> bool:
    return (
        len(text) <= SUBHEADING_MAX_CHARS
        and len(text.split()) <= SUBHEADING_MAX_WORDS
        and text[-1] not in SENTENCE_FINAL
        and (text[0].isupper() or text[0].isdigit())
    )


def is_attribution(sentence: str) -> bool:
    if len(sentence.split()) > ATTRIBUTION_MAX_WORDS or "," in sentence:
        return False
    verbless = VERBLESS_ATTRIBUTION.match(sentence) and not FINITE_VERB.search(sentence)
    return bool(verbless or SPEECH_VERB.search(sentence))


def as_quote_box(text: str) -> Block | None:
    """A saying plus one sentence naming who said it, or None when that is not certain."""
    if len(text) > QUOTE_BOX_MAX_CHARS:
        return None
    sentences = split_sentences(text)
    if len(sentences) != 2:
        return None
    saying, source = sentences
    if SPEECH_VERB.search(saying) or not is_attribution(source):
        return None
    return Block(BlockKind.QUOTE, saying, source)


def classify(text: str, position: int) -> Block:
    # The lead is always a paragraph: it follows the header on the same line.
    if position > 0 and is_subheading(text):
        return Block(BlockKind.SUBHEADING, text)
    if position > 0 and (box := as_quote_box(text)):
        return box
    return Block(BlockKind.PARAGRAPH, text)


def split_blocks(body: str) -> list[str]:
    lines = (line.strip() for line in body.strip().split("\n"))
    blocks = BLOCK_SEPARATOR.split("\n".join(lines))
    return [" ".join(b.split()) for b in blocks if b.strip()]


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut; short texts pass unchanged."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:–-") + "…"


def derive_title(blocks: list[Block]) -> tuple[str, list[Block]]:
    """A leading subheading is the title; otherwise the lead's first sentence, shortened."""
    if blocks[0].kind is BlockKind.SUBHEADING and len(blocks) > 1:
        return blocks[0].text, blocks[1:]
    first_sentence = split_sentences(blocks[0].text)[0]
    return shorten(first_sentence, TITLE_MAX_CHARS).removesuffix("."), blocks


def derive_summary(lead: str) -> str:
    """The lead, cut after the last whole sentence that fits, else at a word boundary."""
    if len(lead) <= SUMMARY_MAX_CHARS:
        return lead
    kept = ""
    for sentence in split_sentences(lead):
        if len(kept) + len(sentence) + 1 > SUMMARY_MAX_CHARS:
            break
        kept = f"{kept} {sentence}".strip()
    return kept or shorten(lead, SUMMARY_MAX_CHARS)


def parse(raw: bytes, path: PurePath) -> ParsedArticle:
    text, warnings = decode(raw)
    if not text.strip():
        raise SourceError("empty file")
    date, precision, body, header_warnings = split_header(text)
    texts = split_blocks(body)
    if not texts:
        raise SourceError("date header but no text")
    blocks = [classify(t, i) for i, t in enumerate(texts)]
    if len(texts) > 1 and is_subheading(texts[0]):
        blocks[0] = Block(BlockKind.SUBHEADING, texts[0])
    title, blocks = derive_title(blocks)
    lead = next((b.text for b in blocks if b.kind is BlockKind.PARAGRAPH), blocks[0].text)
    return ParsedArticle(
        article_id=article_id_for(path),
        date=date,
        precision=precision,
        title=title,
        summary=derive_summary(lead),
        blocks=tuple(blocks),
        warnings=tuple(warnings + header_warnings),
    )
