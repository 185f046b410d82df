"""Properties of the reader on arbitrary input: it never raises anything but a reportable
SourceError, and nothing from the source ever becomes markup."""

from __future__ import annotations

from pathlib import PurePath

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from artikel_reader.render import render, typeset
from artikel_reader.source import ParsedArticle, SourceError, parse

# Arbitrary text may look like a file name or URL to BeautifulSoup, which then warns.
pytestmark = pytest.mark.filterwarnings("ignore::bs4.MarkupResemblesLocatorWarning")

NAME = PurePath("001_0123456789abcdef.txt")
OUR_TAGS = {"p", "h2", "figure", "blockquote", "figcaption", "span"}
# The reader's typography marks abbreviations and ampersands for styling, nothing else.
TYPOGRAPHY_SPANS = {("caps",), ("amp",)}
MARKUP_HEAVY = st.text(
    alphabet=st.sampled_from(list("<>&\"'/=;{}() \n\tabcSCRIPTäöüß„“.!?-0123456789"))
    | st.characters(exclude_categories=("Cs",)),
    max_size=400,
)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_give_an_article_or_a_source_error(raw: bytes):
    try:
        article = parse(raw, NAME)
    except SourceError as error:
        assert str(error)
    else:
        assert isinstance(article, ParsedArticle) and article.blocks


@settings(max_examples=300, deadline=None)
@given(MARKUP_HEAVY)
def test_arbitrary_text_never_becomes_markup(body: str):
    try:
        article = parse(f" date 2023-09 {body}".encode(), NAME)
    except SourceError:
        return
    html = BeautifulSoup(render(article.blocks), "html.parser")
    assert {tag.name for tag in html.find_all(True)} <= OUR_TAGS
    assert {tuple(span["class"]) for span in html.find_all("span")} <= TYPOGRAPHY_SPANS
    visible = html.get_text()
    for char in "<>&":
        assert visible.count(char) == sum(
            b.text.count(char) + b.source.count(char) for b in article.blocks
        )


@settings(max_examples=300, deadline=None)
@given(MARKUP_HEAVY)
def test_typeset_text_parses_back_to_the_same_characters(text: str):
    html = BeautifulSoup(typeset(text), "html.parser")
    assert {(tag.name, tuple(tag.get("class", ()))) for tag in html.find_all(True)} <= {
        ("span", c) for c in TYPOGRAPHY_SPANS
    }
    assert html.get_text().count("<") == text.count("<")
    assert html.get_text().count("&") == text.count("&")
