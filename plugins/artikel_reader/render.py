"""Turn parsed blocks into HTML: German quotation marks, everything escaped."""

from __future__ import annotations

from html import escape

from docutils.utils.smartquotes import educateEllipses, educateQuotes

from .source import Block, BlockKind


def typeset(text: str) -> str:
    """Plain text to escaped HTML with German quotation marks („…“, ‚…‘) and ellipses."""
    # The leading space lets a quote at the very start count as an opening one.
    german = educateQuotes(" " + text, language="de")[1:]
    return escape(educateEllipses(german), quote=False)


def render_block(block: Block) -> str:
    text = typeset(block.text)
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
