"""How activities plug into access control: the record types, and the rule that hides activities of
records the member cannot read (the kit's ``linked_record_readable``, ANDed with the role's scope on every
read path)."""

from __future__ import annotations

from saas.access.links import linked_record_readable
from saas.access.registry import register

from .models import Activity, FollowUpPlan


def new_activity(owner_id: int | None) -> Activity:
    return Activity.objects.create(subject="Call back about the renewal", kind="call", assignee_id=owner_id)


def new_plan(owner_id: int | None) -> FollowUpPlan:
    return FollowUpPlan.objects.create(
        name=f"plan-{FollowUpPlan.objects.count() + 1}", steps=[{"day_offset": 0, "kind": "call", "subject": "Call"}]
    )


def register_record_types() -> None:
    # Service staff may delete nothing of the customers' (tickets are closed, never deleted), but a task, call
    # or note of their own is their work: they take one back as a salesperson does (delete, with undo).
    register(
        Activity,
        owner_field="assignee",
        factory=new_activity,
        narrowed_by=linked_record_readable(Activity),
        role_overrides={"service": {"delete": "own"}},
    )
    register(FollowUpPlan, owner_field=None, factory=new_plan)
