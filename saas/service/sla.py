"""Business-time arithmetic of SLA targets: business hours per weekday and holidays, per workspace."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from .models import BusinessHours, Holiday

# A target further away than this many calendar days is not a business target (nothing is open).
HORIZON_DAYS = 800


@dataclass(frozen=True)
class Calendar:
    """When the desk works: ``hours`` by weekday (0 = Monday) in ``zone``; ``holidays`` are closed days.

    A workspace that set no business hours at all works around the clock (holidays still close it).
    """

    hours: dict[int, tuple[time, time]]
    holidays: frozenset[date]
    zone: ZoneInfo

    def _open_periods(self, day: date) -> tuple[datetime, datetime] | None:
        if day in self.holidays:
            return None
        if not self.hours:
            start = datetime.combine(day, time(0), self.zone)
            return start, datetime.combine(day + timedelta(days=1), time(0), self.zone)
        hours = self.hours.get(day.weekday())
        if hours is None or hours[1] <= hours[0]:
            return None
        return datetime.combine(day, hours[0], self.zone), datetime.combine(day, hours[1], self.zone)

    def add(self, start: datetime, minutes: int) -> datetime | None:
        """Return the moment ``minutes`` business minutes after ``start`` (UTC); None if the desk never opens."""
        local = start.astimezone(self.zone)
        remaining = timedelta(minutes=minutes)
        day = local.date()
        for _ in range(HORIZON_DAYS):
            period = self._open_periods(day)
            if period is not None:
                begin = max(period[0], local)
                if begin < period[1]:
                    available = period[1] - begin
                    if remaining <= available:
                        return (begin + remaining).astimezone(UTC)
                    remaining -= available
            day += timedelta(days=1)
        return None

    def minutes_between(self, start: datetime, end: datetime) -> int:
        """Return the business minutes from ``start`` to ``end`` (0 when ``end`` is not after it)."""
        if end <= start:
            return 0
        total = timedelta()
        day = start.astimezone(self.zone).date()
        last = end.astimezone(self.zone).date()
        while day <= last:
            period = self._open_periods(day)
            if period is not None:
                begin, finish = max(period[0], start), min(period[1], end)
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return int(total.total_seconds() // 60)


def workspace_calendar() -> Calendar:
    """The current workspace's calendar (two queries): its business hours, holidays and time zone."""
    tenant = getattr(connection, "tenant", None)
    try:
        zone = ZoneInfo(getattr(tenant, "time_zone", None) or "UTC")
    except (KeyError, ValueError):
        zone = ZoneInfo("UTC")
    hours = {row.weekday: (row.opens_at, row.closes_at) for row in BusinessHours.objects.all()}
    holidays = frozenset(Holiday.objects.values_list("date", flat=True))
    return Calendar(hours, holidays, zone)
