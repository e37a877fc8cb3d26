"""Sample activities for the demo workspace (declared in saas.activities.module: its demo seeder).

Runs after the customers' seeder (module order): tasks, calls and meetings on the first companies,
around today, so My day and the calendar have something to show the moment someone signs in.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from saas.customers.models import Company

from .models import Activity, ActivityKind, ActivityPriority, ActivityStatus
from .services import workspace_zone

# (days from today, hour, kind, subject, priority, done)
PLAN = [
    (-2, 10, ActivityKind.CALL, "Follow up on the quote", ActivityPriority.HIGH, False),
    (-1, 15, ActivityKind.TASK, "Send the product catalogue", ActivityPriority.NORMAL, True),
    (0, 9, ActivityKind.TASK, "Prepare the renewal offer", ActivityPriority.HIGH, False),
    (0, 14, ActivityKind.MEETING, "Quarterly review", ActivityPriority.NORMAL, False),
    (1, 11, ActivityKind.CALL, "Check the delivery date", ActivityPriority.NORMAL, False),
    (3, 10, ActivityKind.MEETING, "Site visit", ActivityPriority.NORMAL, False),
    (6, 16, ActivityKind.TASK, "Draft the contract", ActivityPriority.LOW, False),
]


def seed_activities(tenant: Any, members: list[Any]) -> None:
    """A week of activities on the first companies, assigned to their owners (or the first member: the owner)."""
    zone = workspace_zone(tenant)
    today = timezone.now().astimezone(zone).date()
    companies = list(Company.objects.order_by("created_at", "id")[: len(PLAN)])
    fallback = members[0].pk if members else None
    for number, (days, hour, kind, subject, priority, done) in enumerate(PLAN):
        company = companies[number % len(companies)] if companies else None
        moment = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=zone)
        meeting = kind == ActivityKind.MEETING
        Activity.objects.create(
            kind=kind,
            subject=subject,
            priority=priority,
            assignee_id=(company.owner_id if company and company.owner_id else fallback),
            due_at=None if meeting else moment,
            starts_at=moment if meeting else None,
            ends_at=moment + timedelta(hours=1) if meeting else None,
            status=ActivityStatus.DONE if done else ActivityStatus.OPEN,
            completed_at=moment if done else None,
            record_type="Company" if company else "",
            record_id=str(company.pk) if company else "",
        )
    # A weekly team call, recurring: the calendar expands it.
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(9), tzinfo=zone)
    Activity.objects.create(
        kind=ActivityKind.MEETING,
        subject="Weekly pipeline call",
        assignee_id=fallback,
        starts_at=start,
        ends_at=start + timedelta(minutes=30),
        recurrence="FREQ=WEEKLY;BYDAY=MO",
        series_start=start,
    )
