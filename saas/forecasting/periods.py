"""Periods of the workspace's fiscal year: months, quarters and years that start on its first month.

A workspace whose fiscal year starts in April has quarters April-June, July-September, October-
December and January-March; its fiscal year 2027 runs from April 2026 to March 2027 (named by the
calendar year it ends in, the usual convention; with a January start the two are the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from .models import PeriodKind

MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_start(day: date, kind: str, first_month: int = 1) -> date:
    """The first day of the fiscal month, quarter or year holding ``day``."""
    months_into_year = (day.month - first_month) % 12
    into_period = months_into_year % MONTHS[PeriodKind(kind)]
    return add_months(day.replace(day=1), -into_period)


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date  # the first day after it
    first_month: int

    @property
    def label(self) -> str:
        """``2026-12``, ``FY2027 Q2`` or ``FY2027``."""
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        year_start = period_start(self.start, PeriodKind.YEAR, self.first_month)
        fiscal_year = year_start.year if self.first_month == 1 else year_start.year + 1
        if self.kind == PeriodKind.YEAR:
            return f"FY{fiscal_year}"
        quarter = ((self.start.year - year_start.year) * 12 + self.start.month - year_start.month) // 3 + 1
        return f"FY{fiscal_year} Q{quarter}"

    def moments(self, zone: ZoneInfo) -> tuple[datetime, datetime]:
        """Its start and end as instants in the workspace's time zone."""
        return datetime.combine(self.start, time.min, zone), datetime.combine(self.end, time.min, zone)

    def contains(self, day: date) -> bool:
        return self.start <= day < self.end


def periods(kind: str, day: date, count: int, first_month: int = 1) -> list[Period]:
    """``count`` consecutive periods of ``kind``, the first one holding ``day`` (a negative count: before it)."""
    step = MONTHS[PeriodKind(kind)]
    first = period_start(day, kind, first_month)
    offsets = range(count) if count >= 0 else range(count, 0)
    return [Period(kind, add_months(first, i * step), add_months(first, (i + 1) * step), first_month) for i in offsets]
