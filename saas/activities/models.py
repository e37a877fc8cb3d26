"""Activities: tasks, calls, meetings and notes on any CRM record, follow-up plans, reminder deliveries.

One ``Activity`` table with a ``kind`` rather than four: the kinds share everything that matters (an
assignee, a link to a record, a time, a status, reminders), and "My day", the calendar and a record's
task panel each read one table in one query, whatever the kinds shown.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import Q

from saas.records import Record, SoftDeletableRecord, user_reference

# Full-text search of activities: subject and notes, no stemming (as typed, any language).
SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression (``activities_search``); queries must use exactly this one."""
    return SearchVector("subject", "notes", config=SEARCH_CONFIG)


class ActivityKind(models.TextChoices):
    TASK = "task", "Task"
    CALL = "call", "Call"
    MEETING = "meeting", "Meeting"
    NOTE = "note", "Note"


class ActivityStatus(models.TextChoices):
    OPEN = "open", "Open"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


class ActivityPriority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"


class Activity(SoftDeletableRecord):
    """A task, call, meeting or note, assigned to a member, optionally linked to one CRM record.

    The link is a record type name of the access registry plus the record's primary key as text (records
    of any module, any key type); the access registration hides activities of records the member cannot read.
    """

    kind = models.CharField(max_length=10, choices=ActivityKind.choices, default=ActivityKind.TASK)
    subject = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    assignee = user_reference(null=True, blank=True)
    priority = models.CharField(max_length=10, choices=ActivityPriority.choices, default=ActivityPriority.NORMAL)
    status = models.CharField(max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.OPEN)
    # Tasks and calls are due at a time; meetings run from start to end. The calendar shows either.
    due_at = models.DateTimeField(null=True, blank=True)
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    # When to remind the assignee: the due (or start) time minus this many minutes; null: no reminder.
    remind_before_minutes = models.PositiveIntegerField(null=True, blank=True)
    remind_at = models.DateTimeField(null=True, blank=True, editable=False)
    # RFC 5545 RRULE ("FREQ=WEEKLY;BYDAY=MO;COUNT=6"); the series is counted from ``series_start``.
    recurrence = models.CharField(max_length=300, blank=True)
    series_start = models.DateTimeField(null=True, blank=True)
    record_type = models.CharField(max_length=50, blank=True)
    record_id = models.CharField(max_length=64, blank=True)

    class Meta(SoftDeletableRecord.Meta):
        verbose_name_plural = "activities"
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="activities_search"),
            models.Index(fields=["record_type", "record_id"], name="activities_by_record"),
            models.Index(fields=["assignee", "due_at"], name="activities_by_assignee_due"),
            models.Index(fields=["assignee", "starts_at"], name="activities_by_assignee_start"),
            # The reminder job's scan: open activities whose reminder time has come.
            models.Index(fields=["remind_at"], condition=Q(status="open"), name="activities_open_remind"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def when(self) -> datetime | None:
        """The activity's time on a calendar: a meeting's start, else the due time."""
        return self.starts_at or self.due_at


class FollowUpPlan(Record):
    """A sequence of planned touches (steps with day offsets) that, applied to a record, creates its tasks.

    ``steps``: ``[{"day_offset": 0, "kind": "call", "subject": "Intro call", "priority": "normal"}, ...]``.
    """

    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    steps = models.JSONField(default=list)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class ReminderDelivery(models.Model):
    """One reminder sent to one member: the unique ``key`` makes the job send it once, however often it runs."""

    key = models.CharField(max_length=200, unique=True)
    user_id = models.BigIntegerField(db_index=True)
    kind = models.CharField(max_length=20)  # activity | birthday
    message = models.CharField(max_length=300)
    # What the reminder is about, for the client's link: a record type name and id.
    record_type = models.CharField(max_length=50, blank=True)
    record_id = models.CharField(max_length=64, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-sent_at", "id"]

    def __str__(self) -> str:
        return self.key
