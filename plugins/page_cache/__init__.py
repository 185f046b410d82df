"""Reuse a page's HTML from the last build when nothing it is rendered from has changed."""

from .writer import register

__all__ = ["register"]
