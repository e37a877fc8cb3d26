"""Record types of the activities module, each a Relay node scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import datetime

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from saas.activities import models

from .enums import ActivityKind, ActivityPriority, ActivityStatus


@record_type(models.Activity, name="Activity", description="A task, call, meeting or note, maybe on a CRM record.")
class ActivityNode(Scoped, relay.Node):
    subject: str = strawberry_django.field(description="What it is about, in one line.")
    notes: str = strawberry_django.field(description="Free text: an agenda, what was said.")
    assignee: UserNode | None = strawberry_django.field(description="Who does it (own-scope roles see their own).")
    due_at: datetime | None = strawberry_django.field(description="When a task or call is due.")
    starts_at: datetime | None = strawberry_django.field(description="When a meeting starts.")
    ends_at: datetime | None = strawberry_django.field(description="When a meeting ends.")
    completed_at: datetime | None = strawberry_django.field(description="When it was marked done.")
    remind_before_minutes: int | None = strawberry_django.field(
        description="The assignee is reminded this long before the due or start time; null: no reminder."
    )
    remind_at: datetime | None = strawberry_django.field(description="When the assignee is reminded.")
    recurrence: str = strawberry_django.field(
        description="An RRULE (RFC 5545), e.g. `FREQ=WEEKLY;BYDAY=MO`; empty: once."
    )
    created_at: datetime = strawberry_django.field(description="When it was created.")
    updated_at: datetime = strawberry_django.field(description="When it last changed.")
    deleted_at: datetime | None = strawberry_django.field(description="When it went to the recycle bin.")

    @strawberry_django.field(
        only=["kind"],
        description="Task, call, meeting or note.",
        metadata=in_sql(ChoiceName("kind", blank_is_null=False)),
    )
    def kind(self, root: models.Activity) -> ActivityKind:
        return ActivityKind(root.kind)

    @strawberry_django.field(
        only=["status"],
        description="Open, done or cancelled.",
        metadata=in_sql(ChoiceName("status", blank_is_null=False)),
    )
    def status(self, root: models.Activity) -> ActivityStatus:
        return ActivityStatus(root.status)

    @strawberry_django.field(
        only=["priority"],
        description="Low, normal or high.",
        metadata=in_sql(ChoiceName("priority", blank_is_null=False)),
    )
    def priority(self, root: models.Activity) -> ActivityPriority:
        return ActivityPriority(root.priority)

    @strawberry_django.field(only=["record_type"], description="The linked record's type (`Company`...); null: none.")
    def record_type(self, root: models.Activity) -> str | None:
        return root.record_type or None

    @strawberry_django.field(
        only=["record_type", "record_id"], description="Global id of the linked record, without fetching it."
    )
    def record_id(self, root: models.Activity) -> relay.GlobalID | None:
        return relay.GlobalID(root.record_type, root.record_id) if root.record_type else None

    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="One planned touch of a follow-up plan.")
class FollowUpStep:
    day_offset: int = strawberry.field(description="Days after the day the plan is applied.")
    kind: ActivityKind = strawberry.field(description="The kind of activity the step creates.")
    subject: str = strawberry.field(description="The created activity's subject.")
    priority: ActivityPriority = strawberry.field(description="The created activity's priority.")


@record_type(models.FollowUpPlan, name="FollowUpPlan", description="A sequence of planned touches.")
class FollowUpPlanNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description='The plan\'s name, e.g. "New lead".')
    description: str = strawberry_django.field(description="What the plan is for.")
    created_at: datetime = strawberry_django.field(description="When it was created.")

    @strawberry_django.field(only=["steps"], description="The planned touches, in day order.")
    def steps(self, root: models.FollowUpPlan) -> list[FollowUpStep]:
        return [
            FollowUpStep(
                day_offset=int(s["day_offset"]),
                kind=ActivityKind(s["kind"]),
                subject=s["subject"],
                priority=ActivityPriority(s.get("priority") or "normal"),
            )
            for s in root.steps or []
        ]

    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="An activity on the calendar: the row itself, or a later occurrence of its series.")
class CalendarEntry:
    activity: ActivityNode = strawberry.field(description="The activity (for an occurrence: its series' open row).")
    starts_at: datetime = strawberry.field(description="When this entry starts (or is due).")
    ends_at: datetime | None = strawberry.field(description="When this entry ends (meetings).")
    occurrence: int = strawberry.field(
        description="0: the activity's own time (drag it to reschedule); 1, 2, ...: later occurrences of its series, "
        "in order within this range."
    )


@strawberry.type(description="A reminder sent to you (in the app and by e-mail).")
class Reminder:
    id: strawberry.ID
    kind: str = strawberry.field(description="`activity`, `birthday`, `contract_renewal`, ... (the module's).")
    message: str = strawberry.field(description="What the reminder said.")
    record_id: relay.GlobalID | None = strawberry.field(description="What it is about.")
    record_type: str | None = strawberry.field(
        default=None, description="The record type of `recordId` (`Contract`, `Contact`...), where to link it."
    )
    due_at: datetime | None = strawberry.field(description="When the activity is due or starts.")
    sent_at: datetime = strawberry.field(description="When it was sent.")
