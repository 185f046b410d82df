"""The reader's typography: German quotes, caps, ampersands, no widows; as typogrify does it."""

from __future__ import annotations

from html import escape

from docutils.utils.smartquotes import educateEllipses, educateQuotes
from hypothesis import given, settings
from hypothesis import strategies as st
from typogrify.filters import typogrify

from artikel_reader.render import render, typeset, typeset_block
from artikel_reader.source import parse
from conftest import SEED

# Pieces that exercise every rule: capitals, dotted capitals, digits, apostrophes, quotes,
# ampersands, markup-looking text, umlauts and punctuation.
PIECES = (
    *("EU", "SPD", "U.S.", "A.", "D2", "2KU2", "JIMMY'S", "ÖVP", "RD-180", "Wort", "x"),
    *("&", "&amp;", "'", '"', "„", "“", "...", "<", ">", "</span>", "(", ")", "-", ".", ","),
)
words = st.lists(st.sampled_from(PIECES), min_size=1, max_size=3).map("".join)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)


def typogrified(html: str) -> str:
    """What the build used to do: typogrify without smartypants on the reader's HTML."""
    return typogrify(html, [], smartypants=False)


def quoted(text: str) -> str:
    return escape(educateEllipses(educateQuotes(" " + text, language="de")[1:]), quote=False)


@settings(max_examples=2000, deadline=None)
@given(texts)
def test_a_block_is_typeset_as_typogrify_would(text: str):
    assert f"<p>{typeset_block(text)}</p>" == typogrified(f"<p>{quoted(text)}</p>")
    assert typeset_block(text) == typogrified(quoted(text))  # titles, summaries


def test_the_seed_article_is_typeset_as_typogrify_would():
    article = parse(SEED.read_bytes(), SEED)
    # render() without typography beyond quotes, then typogrify: the old pipeline.
    plain = render(article.blocks)
    for span in ('<span class="caps">', '<span class="amp">'):
        plain = plain.replace(span, "")
    plain = plain.replace("</span>", "").replace("&nbsp;", " ")
    assert render(article.blocks) == typogrified(plain)


def test_abbreviations_get_a_caps_span():
    assert typeset("Die SPD und die U.S. Army") == (
        'Die <span class="caps">SPD</span> und die <span class="caps">U.S.</span> Army'
    )


def test_umlaut_abbreviations_stay_plain_as_with_typogrify():
    assert typeset("Die ÖVP") == "Die ÖVP"


def test_a_lone_ampersand_gets_a_span_but_not_one_inside_a_word():
    assert typeset("Müller & Söhne, AT&T") == (
        'Müller <span class="amp">&amp;</span> Söhne, <span class="caps">AT</span>&amp;T'
    )


def test_the_last_two_words_of_a_block_stay_together():
    assert typeset_block("Die Rakete ist gestartet.") == "Die Rakete ist&nbsp;gestartet."
    assert typeset_block("Gestartet.") == "Gestartet."


def test_no_widow_space_goes_inside_an_abbreviation_span():
    assert typeset_block("Streit in der EU") == 'Streit in der <span class="caps">EU</span>'
