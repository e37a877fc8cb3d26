"""Activities' rules: create, update, complete (the next occurrence of a series), the calendar, follow-up plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from saas.access import policy
from saas.access.models import Team, TeamMember
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff, snapshot
from saas.kernel.declared import DeclaredRecord
from saas.kernel.services import (
    apply_fields,
    collect,
    collect_reference,
    created,
    get_for,
    member_user,
    written,
)
from saas.kernel.validation import check_choice, check_custom_fields, check_length
from tenants.models import Membership

from . import recurrence
from .models import Activity, ActivityKind, ActivityPriority, ActivityStatus, FollowUpPlan

ACTIVITY_FIELDS = (
    "kind",
    "subject",
    "notes",
    "assignee",
    "priority",
    "status",
    "due_at",
    "starts_at",
    "ends_at",
    "completed_at",
    "remind_before_minutes",
    "recurrence",
    "record_type",
    "record_id",
    "custom_fields",
)
MAX_REMIND_BEFORE = 60 * 24 * 28  # four weeks
MAX_CALENDAR_DAYS = 100
MAX_PLAN_STEPS = 30
MAX_DAY_OFFSET = 3650


# --- activities ---------------------------------------------------------------------------------


def _validate(membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Activity | None) -> None:
    creating = instance is None
    if creating and not (data.get("subject") or "").strip():
        errors.add("subject", "This field is required.", ErrorCode.REQUIRED)
    check_length(data.get("subject"), 200, "subject", errors)
    check_length(data.get("notes"), 10_000, "notes", errors)
    check_choice(data.get("kind"), ActivityKind, "kind", errors)
    check_choice(data.get("priority"), ActivityPriority, "priority", errors)
    check_choice(data.get("status"), ActivityStatus, "status", errors)
    minutes = data.get("remind_before_minutes")
    if minutes is not None and not 0 <= minutes <= MAX_REMIND_BEFORE:
        errors.add("remindBeforeMinutes", f"Between 0 and {MAX_REMIND_BEFORE} minutes.", ErrorCode.OUT_OF_RANGE)
    if data.get("assignee") is not None:
        data["assignee"] = member_user(membership, data["assignee"], "assigneeId", errors)
    if "record" in data:
        _validate_link(membership, data, errors)
    _validate_times(data, errors, instance)
    check_custom_fields(membership, Activity, data, errors, instance)


def _validate_link(membership: Membership, data: dict[str, Any], errors: ErrorCollector) -> None:
    """The linked record: any registered type but activities, and one the member may read."""
    reference = data.pop("record")
    if reference is None:
        data["record_type"], data["record_id"] = "", ""
    elif (found := collect_reference(errors, membership, reference[0], reference[1], "recordId")) is not None:
        data["record_type"], data["record_id"] = found  # never another activity: the kit refuses links to links


def _validate_times(data: dict[str, Any], errors: ErrorCollector, instance: Activity | None) -> None:
    def value(name: str) -> Any:
        return data[name] if name in data else getattr(instance, name, None)

    kind, starts_at, ends_at = value("kind") or ActivityKind.TASK, value("starts_at"), value("ends_at")
    if kind == ActivityKind.MEETING and starts_at is None:
        errors.add("startsAt", "A meeting needs a start time.", ErrorCode.REQUIRED)
    if ends_at is not None and (starts_at is None or ends_at < starts_at):
        errors.add("endsAt", "The end must come after the start.", ErrorCode.INVALID_DATE)
    rule = value("recurrence")
    if rule:
        when = starts_at or value("due_at")
        if when is None:
            errors.add("recurrence", "A recurring activity needs a due or start time.", ErrorCode.REQUIRED)
        else:
            try:
                recurrence.parse(rule, value("series_start") or when)
            except (ValueError, TypeError) as exc:
                errors.add("recurrence", str(exc) or "Not a valid RRULE.", ErrorCode.INVALID_FORMAT)


def _schedule(activity: Activity) -> None:
    """Derived times: the reminder moment, and where a series starts counting."""
    when = activity.when
    minutes = activity.remind_before_minutes
    activity.remind_at = when - timedelta(minutes=minutes) if when is not None and minutes is not None else None
    if not activity.recurrence:
        activity.series_start = None
    elif activity.series_start is None:
        activity.series_start = when


def create_activity(membership: Membership, data: dict[str, Any]) -> Activity:
    """Create a task, call, meeting or note; assigned to the creator unless ``assignee`` names a member."""
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None or k == "record"}
    _validate(membership, data, errors, None)
    errors.raise_if_any()
    data.setdefault("assignee", membership.user)
    activity = Activity(**{k: v for k, v in data.items() if k != "custom_fields"})
    policy.check(membership, "create", activity, fields=data.keys())
    with transaction.atomic():
        apply_fields(activity, {"custom_fields": data.get("custom_fields") or {}})
        if activity.kind == ActivityKind.NOTE:
            activity.status = ActivityStatus.DONE  # a note records what happened: nothing is left to do
            activity.completed_at = timezone.now()
        _schedule(activity)
        activity.save()
        created(membership, activity, ACTIVITY_FIELDS)
    return activity


def update_activity(membership: Membership, activity_id: Any, data: dict[str, Any]) -> Activity:
    """Change an activity (reschedule, reassign, relink, cancel or reopen); ``null`` clears a field."""
    activity = get_for(membership, Activity, activity_id, "update")
    errors = ErrorCollector()
    for name in ("subject", "kind", "priority", "status"):
        if name in data and data[name] is None:
            errors.add(_camel(name), "This field cannot be cleared.", ErrorCode.REQUIRED)
    if "subject" in data and data["subject"] is not None and not data["subject"].strip():
        errors.add("subject", "This field is required.", ErrorCode.REQUIRED)
    if "notes" in data and data["notes"] is None:
        data["notes"] = ""
    if "recurrence" in data and data["recurrence"] is None:
        data["recurrence"] = ""
    _validate(membership, data, errors, activity)
    errors.raise_if_any()
    policy.check(membership, "update", activity, fields=data.keys())
    if data.get("assignee") is not None and data["assignee"].pk != activity.assignee_id:
        policy.check_owner(membership, Activity, data["assignee"].pk)
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        before = snapshot(activity, ACTIVITY_FIELDS)
        apply_fields(activity, data)
        if "status" in data:
            activity.completed_at = timezone.now() if activity.status == ActivityStatus.DONE else None
        _schedule(activity)
        activity.save()
        changes = diff(before, snapshot(activity, ACTIVITY_FIELDS))
        if changes:
            written(membership, "update", activity, changes, "updated")
    return activity


def complete_activity(membership: Membership, activity_id: Any) -> tuple[Activity, Activity | None]:
    """Mark an open activity done; a recurring one gets its next occurrence (returned second)."""
    activity = get_for(membership, Activity, activity_id, "update")
    if activity.status != ActivityStatus.OPEN:
        raise ServiceError(FieldError("id", "Only an open activity can be completed.", ErrorCode.INVALID))
    with transaction.atomic():
        activity = Activity.objects.select_for_update().get(pk=activity.pk)
        before = snapshot(activity, ACTIVITY_FIELDS)
        activity.status = ActivityStatus.DONE
        activity.completed_at = timezone.now()
        activity.save()
        written(membership, "update", activity, diff(before, snapshot(activity, ACTIVITY_FIELDS)), "updated")
        following = _next_occurrence(membership, activity)
    return activity, following


def _next_occurrence(membership: Membership, done: Activity) -> Activity | None:
    when = done.when
    if not done.recurrence or when is None or done.series_start is None:
        return None
    moment = recurrence.next_after(done.recurrence, done.series_start, when)
    if moment is None:
        return None  # the series is over (COUNT / UNTIL)
    shift = moment - when
    following = Activity(
        kind=done.kind,
        subject=done.subject,
        notes=done.notes,
        assignee_id=done.assignee_id,
        priority=done.priority,
        due_at=done.due_at + shift if done.due_at else None,
        starts_at=done.starts_at + shift if done.starts_at else None,
        ends_at=done.ends_at + shift if done.ends_at else None,
        remind_before_minutes=done.remind_before_minutes,
        recurrence=done.recurrence,
        series_start=done.series_start,
        record_type=done.record_type,
        record_id=done.record_id,
        custom_fields=done.custom_fields,
    )
    _schedule(following)
    following.save()
    created(membership, following, ACTIVITY_FIELDS)
    return following


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# --- the calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarEntry:
    """One activity at one moment: the row itself, or a later occurrence of its series (``occurrence`` > 0)."""

    activity: Activity
    starts_at: datetime
    ends_at: datetime | None
    occurrence: int


def calendar(
    membership: Membership,
    since: datetime,
    until: datetime,
    user_ids: list[int] | None = None,
    team_id: Any = None,
) -> list[CalendarEntry]:
    """Activities (and the expanded occurrences of open series) between ``since`` and ``until``.

    One query for the rows (assignees joined) whatever the range, the people asked for or the series
    expanded; ``team_id`` adds one to check the team exists. Only what the member may read.
    """
    errors = ErrorCollector()
    if until <= since:
        errors.add("to", "The end must come after the start.", ErrorCode.INVALID_DATE)
    elif until - since > timedelta(days=MAX_CALENDAR_DAYS):
        errors.add("to", f"At most {MAX_CALENDAR_DAYS} days at once.", ErrorCode.OUT_OF_RANGE)
    people = Q()
    if user_ids is not None:
        people &= Q(assignee_id__in=user_ids)
    if team_id is not None:
        team = collect(errors, membership, Team, team_id, "teamId")
        if team is not None:
            people &= Q(assignee_id__in=TeamMember.objects.filter(team=team).values("user_id"))
    errors.raise_if_any()
    in_range = (
        Q(starts_at__isnull=False, starts_at__lt=until)
        & (Q(ends_at__gte=since) | Q(ends_at__isnull=True, starts_at__gte=since))
    ) | Q(starts_at__isnull=True, due_at__gte=since, due_at__lt=until)
    # An open series shows from its current occurrence on, however far before the range that lies.
    open_series = (
        ~Q(recurrence="")
        & Q(status=ActivityStatus.OPEN)
        & (Q(starts_at__lt=until) | Q(starts_at__isnull=True, due_at__lt=until))
    )
    rows: QuerySet[Activity] = policy.scope_queryset(
        membership,
        Activity.objects.exclude(status=ActivityStatus.CANCELLED).filter(people).filter(in_range | open_series),
        "read",
    ).select_related("assignee")
    entries: list[CalendarEntry] = []
    for activity in rows:
        when = activity.when
        assert when is not None
        length = activity.ends_at - activity.starts_at if activity.ends_at and activity.starts_at else None
        if activity.recurrence and activity.status == ActivityStatus.OPEN and activity.series_start:
            moments = recurrence.between(activity.recurrence, activity.series_start, when, since, until)
            if when < since and length is not None and when + length >= since:
                moments.insert(0, when)  # the current meeting still running when the range starts
            later = 0
            for moment in moments:
                if moment != when:
                    later += 1
                entries.append(
                    CalendarEntry(activity, moment, moment + length if length else None, 0 if moment == when else later)
                )
        else:
            entries.append(CalendarEntry(activity, when, activity.ends_at, 0))
    entries.sort(key=lambda e: (e.starts_at, str(e.activity.pk)))
    return entries


def workspace_zone(tenant: Any) -> ZoneInfo:
    """The workspace's time zone: its days (birthdays, "today", plan due dates) are counted there."""
    try:
        return ZoneInfo(getattr(tenant, "time_zone", "") or "UTC")
    except (ValueError, KeyError):
        return ZoneInfo("UTC")


def local_day_bounds(day: date, zone: Any) -> tuple[datetime, datetime]:
    """The start and end (exclusive) of a day in a time zone, as aware datetimes."""
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, start + timedelta(days=1)


# --- follow-up plans ----------------------------------------------------------------------------


def _plan_rule(data: dict[str, Any], errors: ErrorCollector, instance: FollowUpPlan | None) -> None:
    """A plan's name, description and steps (1 to 30, each a day offset, a subject, a kind and a priority)."""
    creating = instance is None
    if (creating or "name" in data) and not (data.get("name") or "").strip():
        errors.add("name", "This field is required.", ErrorCode.REQUIRED)
    check_length(data.get("name"), 100, "name", errors)
    if "description" in data and data["description"] is None:
        data["description"] = ""
    check_length(data.get("description"), 2000, "description", errors)
    if "steps" not in data or data["steps"] is None:
        if creating:
            errors.add("steps", "A plan needs at least one step.", ErrorCode.REQUIRED)
        data.pop("steps", None)
        return
    steps = data["steps"]
    if not steps:
        errors.add("steps", "A plan needs at least one step.", ErrorCode.REQUIRED)
    if len(steps) > MAX_PLAN_STEPS:
        errors.add("steps", f"At most {MAX_PLAN_STEPS} steps.", ErrorCode.TOO_MANY)
    clean: list[dict[str, Any]] = []
    for number, step in enumerate(steps):
        where = f"steps.{number}"
        offset = step.get("day_offset")
        if not isinstance(offset, int) or not 0 <= offset <= MAX_DAY_OFFSET:
            errors.add(f"{where}.dayOffset", f"Between 0 and {MAX_DAY_OFFSET} days.", ErrorCode.OUT_OF_RANGE)
            offset = 0
        subject = (step.get("subject") or "").strip()
        if not subject:
            errors.add(f"{where}.subject", "This field is required.", ErrorCode.REQUIRED)
        check_length(subject, 200, f"{where}.subject", errors)
        kind = step.get("kind") or ActivityKind.TASK
        priority = step.get("priority") or ActivityPriority.NORMAL
        check_choice(kind, ActivityKind, f"{where}.kind", errors)
        check_choice(priority, ActivityPriority, f"{where}.priority", errors)
        clean.append({"day_offset": offset, "kind": kind, "subject": subject, "priority": priority})
    data["steps"] = sorted(clean, key=lambda s: s["day_offset"])


PLANS = DeclaredRecord(FollowUpPlan, fields=("name", "description", "steps"), rules=(_plan_rule,))
create_plan, update_plan, delete_plan = PLANS.create, PLANS.update, PLANS.delete


def apply_plan(
    membership: Membership,
    plan: Any,
    record: tuple[str, Any],
    assignee: Any = None,
    start_on: date | None = None,
) -> list[Activity]:
    """Create the plan's tasks on a record: one per step, due ``day_offset`` days after ``start_on`` at 09:00.

    The day and hour are the workspace's (its time zone); all tasks or none.
    """
    errors = ErrorCollector()
    found = collect(errors, membership, FollowUpPlan, plan, "planId")
    errors.raise_if_any()
    assert found is not None
    zone = workspace_zone(membership.tenant)
    first = start_on or timezone.now().astimezone(zone).date()
    created: list[Activity] = []
    with transaction.atomic():
        for step in found.steps:
            day = first + timedelta(days=int(step["day_offset"]))
            data: dict[str, Any] = {
                "kind": step["kind"],
                "subject": step["subject"],
                "priority": step.get("priority") or ActivityPriority.NORMAL,
                "due_at": datetime.combine(day, time(9, 0), tzinfo=zone),
                "record": record,
            }
            if assignee is not None:
                data["assignee"] = assignee
            try:
                created.append(create_activity(membership, data))
            except ServiceError as error:
                # The step's problems name the input the client gave, not the step's inner fields.
                raise ServiceError(
                    [
                        FieldError(e.field if e.field in {"recordId", "assigneeId"} else "planId", e.message, e.code)
                        for e in error.errors
                    ]
                ) from error
    return created
