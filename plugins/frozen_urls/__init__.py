"""Each article's URL computed once, when its metadata is final, not on every page."""

from .urls import register

__all__ = ["register"]
