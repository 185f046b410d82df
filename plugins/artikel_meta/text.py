"""The parts of an article's text that the metadata step weighs differently."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

TAG = re.compile(r"<[^>]+>")
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
SUBHEADING = re.compile(r"<h2>.*?</h2>", re.DOTALL)
SPACES = re.compile(r"\s+")


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment, with single spaces (typogrify's &nbsp; included)."""
    return SPACES.sub(" ", html.unescape(TAG.sub(" ", fragment))).strip()


@dataclass(frozen=True)
class ArticleText:
    lead: str
    body: str  # everything after the lead except the subheadings; quotes included
    subheadings: tuple[str, ...]
    heading: str  # the title when it is not the lead's first sentence, else ""

    @property
    def full(self) -> str:
        parts = (self.heading, self.lead, *self.subheadings, self.body)
        return " ".join(part for part in parts if part)

    @classmethod
    def from_html(cls, content: str, subheadings: list[str], title: str) -> ArticleText:
        """Split rendered article HTML (the reader's output) into its weighted parts."""
        lead_match = FIRST_PARAGRAPH.search(content)
        lead = plain(lead_match.group(1)) if lead_match else ""
        rest = content[lead_match.end() :] if lead_match else content
        body = plain(SUBHEADING.sub(" ", rest))
        title_text = plain(title).removesuffix("…")
        heading = "" if lead.startswith(title_text) else title_text
        return cls(lead, body, tuple(plain(s) for s in subheadings), heading)
