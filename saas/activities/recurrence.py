"""Recurring activities: an RFC 5545 RRULE (python-dateutil) counted from the series' first occurrence."""

from __future__ import annotations

import re
from datetime import datetime

from dateutil.rrule import rrule, rrulestr

# Occurrences one calendar answer may expand per activity (a daily rule over a long range).
MAX_EXPANDED = 400
_TOO_OFTEN = re.compile(r"FREQ\s*=\s*(SECONDLY|MINUTELY|HOURLY)", re.IGNORECASE)


def parse(text: str, start: datetime) -> rrule:
    """The rule of ``text`` starting at ``start``; ``ValueError`` when it is not a rule we accept.

    Only one RRULE (no RDATE / EXDATE sets) and at most daily: an hourly task is not a CRM activity.
    """
    body = text.strip()
    if body.upper().startswith("RRULE:"):
        body = body[len("RRULE:") :]
    if not body or "\n" in body or "DTSTART" in body.upper():
        raise ValueError("Give one RRULE, such as FREQ=WEEKLY;BYDAY=MO.")
    rule = rrulestr(body, dtstart=start)
    if not isinstance(rule, rrule):
        raise ValueError("Give one RRULE, such as FREQ=WEEKLY;BYDAY=MO.")
    if _TOO_OFTEN.search(body):
        raise ValueError("A rule repeats at most daily.")
    return rule


def next_after(text: str, start: datetime, current: datetime) -> datetime | None:
    """The occurrence after ``current`` of the series that began at ``start`` (None: the series is over)."""
    result: datetime | None = parse(text, start).after(current, inc=False)
    return result


def between(text: str, start: datetime, current: datetime, since: datetime, until: datetime) -> list[datetime]:
    """Occurrences from ``current`` on (earlier ones were completed as their own rows) within [since, until)."""
    found: list[datetime] = []
    for moment in parse(text, start).xafter(max(current, since), inc=True):
        if moment >= until or len(found) >= MAX_EXPANDED:
            break
        found.append(moment)
    return found
