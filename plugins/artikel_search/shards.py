"""Split the search index into shards so that Pagefind's memory stays bounded.

Pagefind holds every page of an index in memory while it builds it (about 240 KB a page),
so a large collection is indexed as several smaller bundles, one after another, which the
search page merges (Pagefind's ``mergeIndex``). Article URLs start with a hex id, so a shard
is a range of first hex digits (up to 16 shards), or of second digits after one first digit
(up to 256): the split needs no list of pages and is stable.
"""

from __future__ import annotations

from dataclasses import dataclass

HEX_DIGITS = "0123456789abcdef"
# Shard counts that divide the 256 two-digit prefixes evenly.
SHARD_COUNTS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


@dataclass(frozen=True)
class Shard:
    bundle: str  # folder of the bundle inside the output, e.g. "pagefind" or "pagefind-2"
    glob: str  # the article pages it indexes: their paths in the site and in the search records
    prefixes: frozenset[str]  # the first two hex digits of the ids it holds


def shard_count(pages: int, pages_per_shard: int) -> int:
    return next((n for n in SHARD_COUNTS if pages <= n * pages_per_shard), SHARD_COUNTS[-1])


def plan_shards(
    article_ids: list[str], pages_per_shard: int, bundle: str, article_glob: str
) -> list[Shard]:
    """The shards for these articles; ``article_glob`` has one ``{id}`` placeholder.
    Ranges without any article get no bundle (Pagefind cannot merge an empty one)."""
    count = shard_count(len(article_ids), pages_per_shard)
    if count == 1:
        everything = frozenset(a + b for a in HEX_DIGITS for b in HEX_DIGITS)
        return [Shard(bundle, article_glob.format(id="*"), everything)]
    present = {article_id[:2] for article_id in article_ids}
    used = [
        (pattern, prefixes)
        for pattern, prefixes in _ranges(count)
        if not present.isdisjoint(prefixes)
    ]
    return [
        Shard(
            bundle if number == 1 else f"{bundle}-{number}",
            article_glob.format(id=pattern),
            frozenset(prefixes),
        )
        for number, (pattern, prefixes) in enumerate(used, start=1)
    ]


def _ranges(count: int) -> list[tuple[str, tuple[str, ...]]]:
    """(glob pattern, two-digit id prefixes it matches) of ``count`` equal ranges of ids."""
    if count <= len(HEX_DIGITS):
        width = len(HEX_DIGITS) // count
        return [
            (f"[{digits}]*", tuple(first + second for first in digits for second in HEX_DIGITS))
            for digits in (HEX_DIGITS[i : i + width] for i in range(0, len(HEX_DIGITS), width))
        ]
    width = len(HEX_DIGITS) ** 2 // count
    return [
        (f"{first}[{digits}]*", tuple(first + second for second in digits))
        for first in HEX_DIGITS
        for digits in (HEX_DIGITS[i : i + width] for i in range(0, len(HEX_DIGITS), width))
    ]
