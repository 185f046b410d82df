"""What of a written page Pagefind can see: the basis for reusing a shard's bundle.

An article page also shows links to related articles and its neighbours, which change when
another article changes; Pagefind ignores them (they lie outside ``data-pagefind-body``), so
a bundle made from the same searchable parts is the same bundle. Outside the body Pagefind
still reads ``<html lang>``, ``<title>`` and the first ``<h1>`` (title fallbacks), the first
``<img>`` after the title, and any ``data-pagefind-*`` attribute anywhere (meta, filters,
sort keys). The theme puts the body after the head and the site header, so the page up to the
end of the body is kept whole, and after it only what Pagefind reads there.
"""

from __future__ import annotations

import re

BODY_START = re.compile(rb"<([a-zA-Z][\w-]*)\b[^>]*\sdata-pagefind-body\b[^>]*>")
# After the body: elements Pagefind takes its title or image from.
READ_AFTER_BODY = re.compile(rb"<h1\b.*?</h1\s*>|<img\b[^>]*>", re.IGNORECASE | re.DOTALL)
PAGEFIND_ATTRIBUTE = b"data-pagefind-"


def body_end(html: bytes, start: re.Match[bytes]) -> int | None:
    """Where the element opened by ``start`` closes, counting nested elements of its kind."""
    tag = re.escape(start[1])
    depth = 1
    for match in re.finditer(rb"<(/?)" + tag + rb"\b[^>]*>", html[start.end() :], re.I):
        depth += -1 if match[1] else 1
        if depth == 0:
            return start.end() + match.end()
    return None


def searchable_part(html: bytes) -> bytes:
    """The bytes of a page that decide everything Pagefind indexes or stores of it."""
    start = BODY_START.search(html)
    end = body_end(html, start) if start else None
    if end is None:  # no body marker or no end: Pagefind reads the whole page
        return html
    after = html[end:]
    # data-pagefind-* may take an element's text as its value: keep all of it then.
    if PAGEFIND_ATTRIBUTE in after:
        return html
    return html[:end] + b"".join(READ_AFTER_BODY.findall(after))
