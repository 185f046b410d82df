"""Topic decisions for single source files, outside a site build (debugging, evaluation)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from artikel_reader.render import render
from artikel_reader.source import parse

from .overrides import load_overrides
from .text import ArticleText
from .topics import Lexicon, TopicDecision, classify


def classify_source(lexicon: Lexicon, path: Path) -> TopicDecision:
    """The classifier's decision for one article file, on the text as the build sees it."""
    article = parse(path.read_bytes(), path)
    subheadings = [b.text for b in article.blocks if b.kind.value == "subheading"]
    text = ArticleText.from_html(render(article.blocks), subheadings, article.title)
    return classify(lexicon, text.lead, list(text.subheadings), text.body, text.heading)


def explain_source(lexicon: Lexicon, path: Path, overrides_path: Path) -> str:
    """A listing of the words that decided, with the override applied if there is one."""
    decision = classify_source(lexicon, path)
    article_id = parse(path.read_bytes(), path).article_id
    override = load_overrides(overrides_path, lexicon.topics).get(article_id)
    if override and override.topic:
        decision = replace(decision, topic=override.topic, overridden=True)
    return f"{path} (id {article_id}): {decision.explain()}"
