"""``partial_cached``: a partial template rendered once per build for the same values."""

from .partials import register

__all__ = ["register"]
