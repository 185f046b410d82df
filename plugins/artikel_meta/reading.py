"""Reading time from the word count the reader measured."""

from __future__ import annotations

# Typical silent reading speed for German news prose.
WORDS_PER_MINUTE = 200


def reading_minutes(word_count: int) -> int:
    return max(1, round(word_count / WORDS_PER_MINUTE))
