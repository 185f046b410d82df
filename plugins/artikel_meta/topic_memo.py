"""Topic decisions carried over from the last build.

Topics are decided on every build, because the lexicon may have changed while the articles
did not. Deciding costs a look at every word; here the decisions of the last build are kept
in the content cache folder, keyed by the article's text, and reused while the lexicon and
the code that decides are unchanged.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .topics import TopicDecision

MEMO_FILE = "artikel_meta.topics"
DECIDING_CODE = ("topics.py", "meta.py", "topic_memo.py")


class TopicMemo:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.enabled = bool(settings.get("CACHE_CONTENT"))
        self.path = Path(settings["CACHE_PATH"]) / MEMO_FILE
        version = hashlib.sha256(Path(settings["ARTIKEL_LEXICON"]).read_bytes())
        for name in DECIDING_CODE:
            version.update((Path(__file__).parent / name).read_bytes())
        self.version = version.hexdigest()
        self.previous: dict[str, TopicDecision] = {}
        if self.enabled and settings.get("LOAD_CONTENT_CACHE"):
            self.previous = self._load()
        self.current: dict[str, TopicDecision] = {}

    def _load(self) -> dict[str, TopicDecision]:
        try:
            with self.path.open("rb") as memo:
                version, decisions = pickle.load(memo)
        except (OSError, pickle.PickleError, EOFError, ValueError, AttributeError):
            return {}
        return decisions if version == self.version else {}

    def decide(
        self, text: str, subheadings: list[str], decide: Callable[[], TopicDecision]
    ) -> TopicDecision:
        key = hashlib.blake2b("\0".join([text, *subheadings]).encode("utf-8")).hexdigest()
        decision = self.previous.get(key) or decide()
        self.current[key] = decision
        return decision

    def save(self) -> None:
        """Keep this build's decisions only, so that the memo never outgrows the collection."""
        if not self.enabled:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        with partial.open("wb") as memo:
            pickle.dump((self.version, self.current), memo, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(self.path)
