"""Periods: parsing what a date mention says and resolving it against the document date.

A period is a string: ``2014``, ``2014-Q4``, ``2015-H1``, ``2011-09``, ``2014-11-25`` or
``FY2015``. Relative periods ("this year", "last month", "September last year", "Nov. 25")
need the document date; without one they stay unresolved (``None``).
"""
from __future__ import annotations

import datetime as _dt

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
ORDINAL_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
                   "fourth": 4, "4th": 4, "final": 4, "last": 4}


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def year_of(two_or_four: str) -> int:
    y = int(two_or_four.lstrip("'"))
    if y < 100:
        y += 2000 if y < 70 else 1900
    return y


def relative_year(word: str, doc: _dt.date | None) -> int | None:
    """'this'/'last'/'next' year against the document date."""
    if doc is None:
        return None
    return doc.year + {"this": 0, "last": -1, "next": 1, "past": -1}[word.lower()]


def relative_month(word: str, doc: _dt.date | None) -> str | None:
    if doc is None:
        return None
    shift = {"this": 0, "last": -1, "next": 1, "past": -1}[word.lower()]
    m = doc.month - 1 + shift
    return f"{doc.year + m // 12:04d}-{m % 12 + 1:02d}"


def month_without_year(month: int, doc: _dt.date | None) -> str | None:
    """A month named alone is its occurrence nearest the document date (the earlier one at
    a tie): "in September" in June 2022 is 2022-09, "in December" in January 2023 is 2022-12."""
    if doc is None:
        return None
    ahead = (month - doc.month) % 12          # months from the document's month to the next one
    year = doc.year + (doc.month + ahead > 12) if ahead < 6 else doc.year - (month > doc.month)
    return f"{year:04d}-{month:02d}"


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def weekday(name: str, doc: _dt.date | None) -> str | None:
    """A weekday named alone is the most recent one up to the document date ("Monday")."""
    if doc is None:
        return None
    back = (doc.weekday() - WEEKDAYS.index(name.lower())) % 7
    return (doc - _dt.timedelta(days=back)).isoformat()


def quarter_without_year(q: int, doc: _dt.date | None) -> str | None:
    """A quarter named alone is its occurrence nearest the document date (the earlier one at
    a tie): "the second quarter" in March 2024 is 2024-Q2, "the fourth quarter" 2023-Q4."""
    if doc is None:
        return None
    current = (doc.month - 1) // 3 + 1
    ahead = (q - current) % 4                   # quarters from the document's quarter to the next one
    year = doc.year + (current + ahead > 4) if ahead < 2 else doc.year - (q > current)
    return f"{year:04d}-Q{q}"


def parse_iso_date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(str(text)[:10])
    except ValueError:
        return None


def year(period: str | None) -> int | None:
    """The calendar year a period falls in (FY periods: their nominal year)."""
    if not period:
        return None
    digits = period[2:6] if period.startswith("FY") else period[:4]
    return int(digits) if digits.isdigit() else None


def span(period: str) -> tuple[_dt.date, _dt.date] | None:
    """First and last day of a period, for containment and durations."""
    try:
        if period.startswith("FY"):
            y = int(period[2:])
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        y = int(period[:4])
        rest = period[5:]
        if not rest:
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31)
        if rest.startswith("Q"):
            q = int(rest[1])
            return _dt.date(y, 3 * q - 2, 1), _last_day(y, 3 * q)
        if rest.startswith("H"):
            h = int(rest[1])
            return _dt.date(y, 6 * h - 5, 1), _last_day(y, 6 * h)
        if len(rest) == 2:
            m = int(rest)
            return _dt.date(y, m, 1), _last_day(y, m)
        d = _dt.date.fromisoformat(period)
        return d, d
    except ValueError:
        return None


def _last_day(y: int, m: int) -> _dt.date:
    return (_dt.date(y + (m == 12), m % 12 + 1, 1) - _dt.timedelta(days=1))


def midpoint(period: str) -> _dt.date | None:
    s = span(period)
    if s is None:
        return None
    a, b = s
    return a + (b - a) / 2
