"""German dates that never claim more precision than the source has."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel.dates import format_date, get_month_names

# Babel ships the German names, so no system locale is needed.
LOCALE = "de_DE"
PATTERNS = {"day": "d. MMMM y", "month": "MMMM y"}


@lru_cache(maxsize=8192)  # Babel is slow, and a collection has few distinct dates
def format_german_date(value: date | datetime, precision: str) -> str:
    """ "14. September 2023" for day precision, "September 2023" for month; "" when undated."""
    pattern = PATTERNS.get(precision)
    return format_date(value, pattern, locale=LOCALE) if pattern else ""


def iso_date(value: date | datetime, precision: str) -> str:
    """ISO 8601 at the source's precision: "2023-09" or "2023-09-14"."""
    # From the fields: Pelican's dates format through a slow strftime of their own.
    if precision == "day":
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    return f"{value.year:04d}-{value.month:02d}" if precision == "month" else ""


def month_name(month: int) -> str:
    return get_month_names("wide", locale=LOCALE)[month]
