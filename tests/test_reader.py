"""The reader on the collection's first real file."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from artikel_reader.render import render, typeset
from artikel_reader.source import BlockKind, DatePrecision, parse
from conftest import SEED, SEED_ID

SEED_PARAGRAPHS = SEED.read_text(encoding="utf-8").split("\n\n")


def seed():
    return parse(SEED.read_bytes(), SEED)


def test_seed_date_is_september_2023_at_month_precision():
    article = seed()
    assert article.date == datetime(2023, 9, 1)
    assert article.precision is DatePrecision.MONTH


def test_seed_id_comes_from_the_file_name():
    assert seed().article_id == SEED_ID


def test_seed_blocks_keep_every_paragraph_in_order():
    article = seed()
    assert len(article.blocks) == len(SEED_PARAGRAPHS) == 9
    first_paragraph = SEED_PARAGRAPHS[0].removeprefix(" date 2023-09 ")
    assert article.blocks[0].text == first_paragraph
    assert [b.kind for b in article.blocks].count(BlockKind.PARAGRAPH) == 7


def test_seed_subheading_is_recognised():
    subheadings = [b.text for b in seed().blocks if b.kind is BlockKind.SUBHEADING]
    assert subheadings == ["Treffen auf Russlands Weltraum-Bahnhof"]


def test_seed_quotation_box_names_saying_and_speaker():
    quotes = [b for b in seed().blocks if b.kind is BlockKind.QUOTE]
    assert len(quotes) == 1
    assert quotes[0].text == "Ein alter Freund ist besser als zwei neue."
    assert quotes[0].source == "Wladimir Putin zitiert für Kim Jong Un ein russisches Sprichwort."


def test_seed_title_is_the_first_sentence_shortened_at_a_word_boundary():
    title = seed().title
    assert title.startswith("Bis zur letzten Minute war geheimgehalten worden")
    assert len(title) <= 91
    assert title.endswith("…")
    assert SEED_PARAGRAPHS[0].find(title.removesuffix("…")) > 0


def test_seed_summary_is_the_lead():
    assert seed().summary == SEED_PARAGRAPHS[0].removeprefix(" date 2023-09 ")


def test_rendered_seed_has_paragraphs_heading_and_figure():
    html = BeautifulSoup(render(seed().blocks), "html.parser")
    assert len(html.find_all("p", recursive=False)) == 7
    # A no-break space keeps the last two words of a block on one line.
    assert html.h2.get_text() == "Treffen auf Russlands\xa0Weltraum-Bahnhof"
    assert html.figure.blockquote.get_text() == "Ein alter Freund ist besser als zwei\xa0neue."
    assert "„New York Times“" in html.get_text()


def test_straight_quotes_become_german_and_markup_is_escaped():
    assert typeset('Er sagte: "Nein." Dann <b>ging</b> er.') == (
        "Er sagte: „Nein.“ Dann &lt;b&gt;ging&lt;/b&gt; er."
    )


def test_unusual_file_name_gets_a_stable_hex_id(tmp_path: Path):
    odd = tmp_path / "Bericht über Ärzte.txt"
    odd.write_bytes(SEED.read_bytes())
    first, second = parse(odd.read_bytes(), odd), parse(odd.read_bytes(), odd)
    assert first.article_id == second.article_id
    assert len(first.article_id) == 16 and first.article_id != SEED_ID


QUOTE_BOXES = [
    ("Wir geben nicht auf. Der Trainer nach dem Abpfiff.", "Der Trainer nach dem Abpfiff."),
    ("Das Haus bleibt offen. Eine Sprecherin der Stadt im Rathaus.", None),
    ("Mehr geht nicht. Einer der Forscher über die Messung.", None),
    ("Geduld zahlt sich aus. Die Ministerin sagte das beim Parteitag.", None),
]
NOT_QUOTE_BOXES = [
    "Die Zahl stieg weiter. Ein Folgeprojekt mit mehr Geld wird bereits geplant.",
    "Die Wahllokale öffnen um 8 Uhr. Die Ergebnisse kommen am Abend.",
    "Die Lage ist ernst. Der Kanzler sagte, man werde handeln und rasch entscheiden.",
    "Der Rat tagt am Montag. Karten gibt es über das Bürgerbüro.",
]


@pytest.mark.parametrize(("paragraph", "source"), QUOTE_BOXES)
def test_quotation_boxes_are_recognised(paragraph: str, source: str | None):
    box = parse(f" date 2023-09 Lead.\n\n{paragraph}".encode(), SEED).blocks[1]
    assert box.kind is BlockKind.QUOTE
    assert box.source == (source or paragraph.split(". ", 1)[1])


@pytest.mark.parametrize("paragraph", NOT_QUOTE_BOXES)
def test_ordinary_short_paragraphs_stay_paragraphs(paragraph: str):
    block = parse(f" date 2023-09 Lead.\n\n{paragraph}".encode(), SEED).blocks[1]
    assert block.kind is BlockKind.PARAGRAPH
