"""Mutations of the activities module, declared on the mutation base (graphql_schema/core/mutations.py)."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.inputs import RecordIdInput
from graphql_schema.core.mutations import Act, Call, Create, Delete, Update, VersionedInput, recycle_bin_fields
from graphql_schema.errors import UserError
from saas.activities import models, services

from .enums import ActivityKind, ActivityPriority, ActivityStatus
from .types import ActivityNode, FollowUpPlanNode

CUSTOM_HELP = "Custom fields to set, by key (see `customFieldDefinitions`); a null value clears one."
RECORD_HELP = "The global id of the CRM record it is about (a company, contact, deal...) you may read; null: none."


@strawberry.input
class CreateActivityInput:
    subject: str = strawberry.field(description="What it is about, in one line.")
    kind: ActivityKind = strawberry.field(default=ActivityKind.TASK, description="Default: a task.")
    notes: str | None = strawberry.field(default=None, description="Free text.")
    assignee_id: relay.GlobalID | None = strawberry.field(default=None, description="Default: me.")
    priority: ActivityPriority | None = strawberry.field(default=None, description="Default: normal.")
    due_at: datetime | None = strawberry.field(default=None, description="When a task or call is due.")
    starts_at: datetime | None = strawberry.field(default=None, description="When a meeting starts (required).")
    ends_at: datetime | None = strawberry.field(default=None, description="When a meeting ends.")
    remind_before_minutes: int | None = strawberry.field(
        default=None, description="Remind the assignee this long before the due or start time (0 to 40320)."
    )
    recurrence: str | None = strawberry.field(default=None, description="An RRULE, e.g. `FREQ=WEEKLY;COUNT=4`.")
    record_id: relay.GlobalID | None = strawberry.field(default=None, description=RECORD_HELP)
    custom_fields: list[CustomFieldInput] | None = strawberry.field(default=None, description=CUSTOM_HELP)


@strawberry.input
class UpdateActivityInput(VersionedInput):
    id: relay.GlobalID
    subject: str | None = strawberry.field(default=UNSET, description="A new subject.")
    kind: ActivityKind | None = strawberry.field(default=UNSET, description="A new kind.")
    notes: str | None = strawberry.field(default=UNSET, description="New notes; null clears them.")
    assignee_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Reassign (a member's user id).")
    priority: ActivityPriority | None = strawberry.field(default=UNSET, description="A new priority.")
    status: ActivityStatus | None = strawberry.field(default=UNSET, description="Cancel or reopen (done: complete).")
    due_at: datetime | None = strawberry.field(default=UNSET, description="Reschedule a task or call.")
    starts_at: datetime | None = strawberry.field(default=UNSET, description="Reschedule a meeting's start.")
    ends_at: datetime | None = strawberry.field(default=UNSET, description="Reschedule a meeting's end.")
    remind_before_minutes: int | None = strawberry.field(default=UNSET, description="null: no reminder.")
    recurrence: str | None = strawberry.field(default=UNSET, description="An RRULE; null: once.")
    record_id: relay.GlobalID | None = strawberry.field(default=UNSET, description=RECORD_HELP)
    custom_fields: list[CustomFieldInput] | None = strawberry.field(default=UNSET, description=CUSTOM_HELP)


@strawberry.type
class ActivityPayload:
    activity: ActivityNode | None = strawberry.field(default=None, description="The activity; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompleteActivityPayload:
    activity: ActivityNode | None = strawberry.field(default=None, description="The activity, done.")
    next_activity: ActivityNode | None = strawberry.field(
        default=None, description="The next occurrence of a recurring activity, created by completing this one."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="One planned touch of a follow-up plan.")
class FollowUpStepInput:
    day_offset: int = strawberry.field(description="Days after the day the plan is applied (0 to 3650).")
    subject: str = strawberry.field(description="The created activity's subject.")
    kind: ActivityKind = strawberry.field(default=ActivityKind.TASK, description="Default: a task.")
    priority: ActivityPriority = strawberry.field(default=ActivityPriority.NORMAL, description="Default: normal.")


@strawberry.input
class CreateFollowUpPlanInput:
    name: str = strawberry.field(description="The plan's name.")
    steps: list[FollowUpStepInput] = strawberry.field(description="The planned touches (1 to 30).")
    description: str | None = strawberry.field(default=None, description="What the plan is for.")


@strawberry.input
class UpdateFollowUpPlanInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="A new name.")
    description: str | None = strawberry.field(default=UNSET, description="A new description.")
    steps: list[FollowUpStepInput] | None = strawberry.field(default=UNSET, description="The new steps, all of them.")


@strawberry.type
class FollowUpPlanPayload:
    follow_up_plan: FollowUpPlanNode | None = strawberry.field(default=None, description="The plan; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class ApplyFollowUpPlanInput:
    plan_id: relay.GlobalID = strawberry.field(description="The plan to apply.")
    record_id: relay.GlobalID = strawberry.field(description=RECORD_HELP)
    assignee_id: relay.GlobalID | None = strawberry.field(default=None, description="Default: me.")
    start_on: date | None = strawberry.field(default=None, description="Day 0 of the plan; default: today.")


@strawberry.type
class ApplyFollowUpPlanPayload:
    activities: list[ActivityNode] = strawberry.field(default_factory=list, description="The tasks created.")
    errors: list[UserError] = strawberry.field(default_factory=list)


ACTIVITY_IDS = {"assignee_id": ("assignee", "User")}
ACTIVITY_REFS = {"record_id": "record"}


@strawberry.type
class ActivitiesMutation:
    create_activity = Create(
        CreateActivityInput,
        ActivityPayload,
        "activity",
        services.create_activity,
        ids=ACTIVITY_IDS,
        refs=ACTIVITY_REFS,
    ).field("Plan a task, call or meeting, or write a note; on a record when `recordId` is given.")
    update_activity = Update(
        UpdateActivityInput,
        ActivityPayload,
        "activity",
        services.update_activity,
        ids=ACTIVITY_IDS,
        refs=ACTIVITY_REFS,
        node="Activity",
    ).field("Reschedule, reassign, relink, cancel or reopen an activity.")
    complete_activity = Act(
        RecordIdInput,
        CompleteActivityPayload,
        ("activity", "next_activity"),
        services.complete_activity,
        node="Activity",
    ).field("Mark an open activity done; a recurring one gets its next occurrence.")
    delete_activity, restore_activity = recycle_bin_fields(models.Activity, RecordIdInput, ActivityPayload, "activity")
    create_follow_up_plan = Create(
        CreateFollowUpPlanInput, FollowUpPlanPayload, "follow_up_plan", services.create_plan
    ).field("Plan a sequence of touches to apply to records.")
    update_follow_up_plan = Update(
        UpdateFollowUpPlanInput, FollowUpPlanPayload, "follow_up_plan", services.update_plan, node="FollowUpPlan"
    ).field("Rename a plan or change its steps (tasks already created stay).")
    delete_follow_up_plan = Delete(RecordIdInput, service=services.delete_plan, node="FollowUpPlan").field(
        "Delete a plan (tasks already created stay)."
    )
    apply_follow_up_plan = Call(
        ApplyFollowUpPlanInput,
        ApplyFollowUpPlanPayload,
        "activities",
        services.apply_plan,
        ids={"plan_id": ("plan", "FollowUpPlan"), "assignee_id": ("assignee", "User")},
        refs=ACTIVITY_REFS,
    ).field("Create a plan's tasks on a record, each due its step's days after `startOn`.")
