"""Dates as UK readers write them."""

from __future__ import annotations

import datetime as dt


def long_date(date: dt.date) -> str:
    """``7 December 2023``."""
    return f"{date.day} {date:%B %Y}"


def month_year(date: dt.date) -> str:
    """``December 2023``, as releases are named."""
    return f"{date:%B %Y}"
