"""Dates as UK readers write them."""

from __future__ import annotations

import datetime as dt
import os


def long_date(date: dt.date) -> str:
    """``7 December 2023``."""
    return f"{date.day} {date:%B %Y}"


def month_year(date: dt.date) -> str:
    """``December 2023``, as releases are named."""
    return f"{date:%B %Y}"


def build_date() -> dt.date:
    """The day the site is built: today, or ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set.

    Overdue reviews are counted from this day; ``SOURCE_DATE_EPOCH`` is the usual way to make a
    build reproducible (and lets tests and previews fix the day).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def _plural(count: int, unit: str) -> str:
    return f"{count} {unit}{'' if count == 1 else 's'}"


def elapsed(since: dt.date, until: dt.date) -> str:
    """How long from ``since`` to ``until``, as a reader says it: 12 days, 4 months, 2 years 3 months."""
    days = (until - since).days
    months = (until.year - since.year) * 12 + until.month - since.month - (1 if until.day < since.day else 0)
    if months < 1:
        return _plural(days, "day")
    if months < 12:
        return _plural(months, "month")
    years, rest = divmod(months, 12)
    return _plural(years, "year") + (f" {_plural(rest, 'month')}" if rest else "")
