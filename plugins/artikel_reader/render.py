"""Turn parsed blocks into HTML: German typography, everything escaped.

The typography is done here, once per article, instead of by typogrify on the finished HTML
(which re-tokenises every page and was the slowest step of a build). It gives the same markup
typogrify gives our text: German quotation marks, ellipses, ``<span class="caps">`` around
abbreviations, ``<span class="amp">`` around a lone ampersand, and a non-breaking space before
the last word of a block so that no line holds a single word ("widont").
"""

from __future__ import annotations

import re
from html import escape

from docutils.utils.smartquotes import educateEllipses, educateQuotes

from .source import Block, BlockKind

# typogrify's rule: two or more capitals (digits and apostrophes may join in), or dotted
# capitals such as "U.S.", whose trailing space stays outside the span.
CAPS = re.compile(
    r"""(
        (\b[A-Z\d]*[A-Z]\d*[A-Z][A-Z\d']*\b)
        | (\b[A-Z]+\.\s?(?:[A-Z]+\.\s?)+)(?:\s|\b|$)
    )""",
    re.VERBOSE,
)
# What every match of CAPS contains: most blocks have none, which this tells 7 times faster.
CAPS_HINT = re.compile(r"[A-Z]\d*[A-Z]|[A-Z]\.")
# An ampersand standing alone between spaces; the text is already escaped.
LONE_AMPERSAND = re.compile(r"(\s)&amp;(\s)")


def _wrap_caps(match: re.Match[str]) -> str:
    if match.group(2):
        return f'<span class="caps">{match.group(2)}</span>'
    dotted = match.group(3)
    tail = " " if dotted.endswith(" ") else ""
    return f'<span class="caps">{dotted.removesuffix(" ")}</span>{tail}'


def typeset(text: str) -> str:
    """Plain text to escaped HTML with German quotation marks („…“, ‚…‘), ellipses and
    spans around abbreviations and lone ampersands."""
    # Every rule of educateQuotes acts on a straight quote; its own check also lets hyphens
    # through, and most blocks of German text have a hyphen but no straight quote.
    german = text
    if '"' in text or "'" in text:
        # The leading space lets a quote at the very start count as an opening one.
        german = educateQuotes(" " + text, language="de")[1:]
    html = escape(educateEllipses(german), quote=False)
    if "&amp;" not in html and not CAPS_HINT.search(html):
        return html
    # Abbreviations are marked between the ampersand spans, as typogrify marks them between
    # tags: a dotted abbreviation keeps its space before an ampersand.
    parts, start = [], 0
    for ampersand in LONE_AMPERSAND.finditer(html):
        parts.append(CAPS.sub(_wrap_caps, html[start : ampersand.end(1)]))
        parts.append('<span class="amp">&amp;</span>')
        start = ampersand.start(2)
    parts.append(CAPS.sub(_wrap_caps, html[start:]))
    return "".join(parts)


def keep_last_words_together(html: str) -> str:
    """A non-breaking space before the last word of a block, unless that word begins a span.

    Works on ``typeset`` output, whose words are separated by single spaces; the only other
    spaces are inside opening span tags, so a last "word" with markup before its closing
    tags is left alone, as typogrify leaves it.
    """
    head, _, last = html.rpartition(" ")
    word = last
    while word.endswith("</span>"):
        word = word.removesuffix("</span>")
    if not head or not word or "<" in word or ">" in word:
        return html
    return f"{head}&nbsp;{last}"


def typeset_block(text: str) -> str:
    """``typeset`` for a whole block of text (paragraph, heading, title, summary)."""
    return keep_last_words_together(typeset(text))


def render_block(block: Block) -> str:
    text = typeset_block(block.text)
    if block.kind is BlockKind.SUBHEADING:
        return f"<h2>{text}</h2>"
    if block.kind is BlockKind.QUOTE:
        return (
            f'<figure class="zitat"><blockquote><p>{text}</p></blockquote>'
            f"<figcaption>{typeset(block.source)}</figcaption></figure>"
        )
    return f"<p>{text}</p>"


def render(blocks: tuple[Block, ...]) -> str:
    return "\n".join(render_block(b) for b in blocks)
