"""Reader for the collection's plain-text articles."""

from .reader import register

__all__ = ["register"]
