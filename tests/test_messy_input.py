"""Every messy input of DESIGN.md §1 has a defined outcome (README, "Messy input")."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath

import pytest
from bs4 import BeautifulSoup

from artikel_reader.render import render
from artikel_reader.source import BlockKind, DatePrecision, SourceError, parse
from conftest import SEED

NAME = PurePath("001_0123456789abcdef.txt")


def read(raw: bytes, name: PurePath = NAME):
    return parse(raw, name)


def texts(raw: bytes) -> list[str]:
    return [b.text for b in read(raw).blocks]


def visible(raw: bytes) -> str:
    # The no-break space that keeps a block's last two words together reads as a space.
    text = BeautifulSoup(render(read(raw).blocks), "html.parser").get_text()
    return text.replace("\xa0", " ")


def test_crlf_line_ends_are_normalised():
    assert texts(b" date 2023-09 Erster Satz.\r\n\r\nZweiter Absatz.") == [
        "Erster Satz.",
        "Zweiter Absatz.",
    ]


def test_bom_is_dropped_silently():
    article = read(b"\xef\xbb\xbf" + SEED.read_bytes())
    assert article.date == datetime(2023, 9, 1) and article.warnings == ()


def test_windows_1252_is_decoded_with_a_warning():
    article = read(b" date 2022-05 Der B\xfcrgermeister sagt \x84Nein\x93.")
    assert article.blocks[0].text == "Der Bürgermeister sagt „Nein“."
    assert article.warnings == ("not valid UTF-8; decoded as Windows-1252",)


def test_undecodable_bytes_are_skipped_with_the_offending_byte():
    with pytest.raises(SourceError, match=r"neither UTF-8 nor Windows-1252.*0x81"):
        read(b" date 2022-05 Text \x81 mehr")


def test_trailing_spaces_and_runs_of_blank_lines_collapse():
    assert texts(b" date 2023-09 Eins.   \n\n\n\n   \nZwei.  \n\n\n") == ["Eins.", "Zwei."]


def test_full_date_is_shown_with_the_day():
    article = read(b" date 2023-09-14 Text.")
    assert (article.date, article.precision) == (datetime(2023, 9, 14), DatePrecision.DAY)


@pytest.mark.parametrize(
    "header",
    [b"date 2023-09 ", b" date 2023-9 ", b" DATE 2023-09 ", b" date September 2023 "],
)
def test_header_variants_are_read_as_september_2023(header: bytes):
    article = read(header + b"Text.")
    assert (article.date, article.precision) == (datetime(2023, 9, 1), DatePrecision.MONTH)
    assert article.blocks[0].text == "Text." and article.warnings == ()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b" date 2023-13 Text.", "'2023-13' is not a real date"),
        (b" date 2023-02-30 Text.", "'2023-02-30' is not a real date"),
        (b" date 23-09 Text.", "'23-09' is not a real date"),
        (b" date Text.", "'date' header without a date"),
        (b"Text.", "no 'date' header"),
    ],
)
def test_missing_or_bad_date_publishes_undated_with_a_warning(raw: bytes, problem: str):
    article = read(raw)
    assert article.precision is DatePrecision.NONE
    assert article.blocks[0].text == "Text."
    assert len(article.warnings) == 1 and problem in article.warnings[0]


@pytest.mark.parametrize("raw", [b"", b"   \n\n \t \r\n"])
def test_empty_or_whitespace_file_is_skipped(raw: bytes):
    with pytest.raises(SourceError, match="empty file"):
        read(raw)


def test_header_without_body_is_skipped():
    with pytest.raises(SourceError, match="date header but no text"):
        read(b" date 2023-09   \n\n")


@pytest.mark.parametrize(
    "raw", [b" date 2023-09 Text\x00\x00 binary", bytes(range(1, 32)) * 20 + b"Text"]
)
def test_binary_junk_is_skipped(raw: bytes):
    with pytest.raises(SourceError, match="binary data"):
        read(raw)


def test_markup_looking_text_stays_visible_text():
    raw = b" date 2023-09 <script>alert(1)</script> <img src=x onerror=alert(2)> &amp; {{ 7*7 }}"
    html = render(read(raw).blocks)
    assert "<script" not in html and "<img" not in html
    assert visible(raw) == "<script>alert(1)</script> <img src=x onerror=alert(2)> &amp; {{ 7*7 }}"


def test_markup_in_the_title_is_escaped_text():
    article = read(b" date 2023-09 <b>Fett</b> gesagt. Mehr.")
    assert article.title == "<b>Fett</b> gesagt"  # plain text; escaped when rendered


def test_straight_quotes_become_german_quotes():
    assert visible(b" date 2023-09 Er sagte \"Nein\" und 'vielleicht'.") == (
        "Er sagte „Nein“ und ‚vielleicht‘."
    )


def test_giant_single_paragraph_is_one_page_with_short_title_and_summary():
    sentence = "Das ist ein langer Satz über die Lage in der Stadt. "
    article = read(b" date 2023-09 " + (sentence * 4000).encode())
    assert len(article.blocks) == 1
    assert len(article.title) <= 91 and len(article.summary) <= 321
    assert article.summary.endswith("Stadt.")


def test_leading_subheading_becomes_the_title():
    article = read(b" date 2023-09 Streit um den Haushalt\n\nDer Rat tagte lange.")
    assert article.title == "Streit um den Haushalt"
    assert [b.kind for b in article.blocks] == [BlockKind.PARAGRAPH]


def test_absurdly_long_first_sentence_is_cut_at_a_word_boundary():
    words = " ".join(f"Wort{i}" for i in range(400))
    title = read(f" date 2023-09 {words}.".encode()).title
    assert title.endswith("…") and len(title) <= 91
    assert words.startswith(title.removesuffix("…"))
    assert title.removesuffix("…").split()[-1] in words.split()


def test_unbroken_first_sentence_is_cut_hard():
    title = read(b" date 2023-09 " + b"x" * 500).title
    assert title == "x" * 90 + "…"


@pytest.mark.parametrize("name", ["Artikel mit Leerzeichen.txt", "Über Ärzte & Straße.txt"])
def test_odd_file_names_get_a_stable_unique_id(name: str):
    first = read(SEED.read_bytes(), PurePath(name)).article_id
    assert first == read(SEED.read_bytes(), PurePath(name)).article_id
    assert first != read(SEED.read_bytes(), PurePath("x" + name)).article_id
    assert len(first) == 16 and all(c in "0123456789abcdef" for c in first)
