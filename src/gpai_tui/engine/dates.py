"""Calendar arithmetic for legal time limits (days, business days, weeks, months, years).

Every function here is total: a result past the calendar's ends (``date.min``,
``date.max``) is clamped to that end instead of raising ``OverflowError``. The
loader keeps workbook dates inside 1900..2199 (``workbook.limits``), so clamping
only ever happens to data built in code, but a bad date must never crash an
evaluation (issue 16).
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

LEGACY_CUTOFF = date(2025, 8, 2)
"""Chapter V of the AI Act applies from this date (Art. 113(b))."""
LEGACY_DEADLINE = date(2027, 8, 2)
"""Models placed on the market before 2 Aug 2025 must comply by this date (Art. 111(3))."""
ENFORCEMENT_START = date(2026, 8, 2)
"""The Commission's fining powers (Art. 101) apply from this date."""


def shift(start: date, delta: timedelta) -> date:
    """``start + delta``, clamped to ``date.min`` / ``date.max`` instead of overflowing."""
    try:
        return start + delta
    except OverflowError:
        return date.max if delta > timedelta(0) else date.min


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, clamped to the month's last day
    (and to the calendar's ends)."""
    index = start.month - 1 + months
    year = start.year + index // 12
    month = index % 12 + 1
    if year > date.max.year:
        return date.max
    if year < date.min.year:
        return date.min
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def add_business_days(start: date, days: int) -> date:
    """``start`` plus ``days`` working days (Monday to Friday; public holidays not known).

    A negative ``days`` counts backwards.
    """
    step = timedelta(days=1 if days >= 0 else -1)
    current = start
    remaining = abs(days)
    while remaining > 0:
        if current in (date.max, date.min) and shift(current, step) == current:
            return current
        current += step
        if current.weekday() < 5:
            remaining -= 1
    return current


def add(start: date, amount: int, unit: str) -> date:
    """``start`` plus ``amount`` of ``unit`` (``days``, ``business-days``, ``weeks``,
    ``months`` or ``years``)."""
    if unit == "days":
        return shift(start, timedelta(days=amount))
    if unit == "weeks":
        return shift(start, timedelta(weeks=amount))
    if unit == "business-days":
        return add_business_days(start, amount)
    if unit == "months":
        return add_months(start, amount)
    if unit == "years":
        return add_months(start, 12 * amount)
    raise ValueError(f"unknown time unit {unit!r}")
