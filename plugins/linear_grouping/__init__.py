"""Linear-time grouping of articles into tags, categories, authors and period archives."""

from .grouping import register

__all__ = ["register"]
