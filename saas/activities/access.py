"""How activities plug into access control: the record types, and the rule that hides activities of
records the member cannot read (``narrowed_by``, ANDed with the role's scope on every read path)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from saas.access import policy
from saas.access.registry import RECORD_TYPES, register
from tenants.models import Membership

from .models import Activity, FollowUpPlan


def linked_record_readable(membership: Membership, action: str) -> Q | None:
    """Activities without a link, or linked to a record this member may read.

    Types the member reads in full cost nothing (``record_type IN (...)``); the others one subquery each
    on their read scope, inside the list's own statement.
    """
    condition = Q(record_type="")
    open_types: list[str] = []
    for name, record_type in RECORD_TYPES.items():
        if record_type.model is Activity:
            continue
        readable = policy.scope_q(membership, record_type, "read")
        if readable is None:
            open_types.append(name)
            continue
        # The base manager: a record in the recycle bin keeps its activities (permission, not presence).
        ids = (
            record_type.model._base_manager.filter(readable)
            .annotate(_key=Cast("pk", output_field=models.CharField()))
            .values("_key")
        )
        condition |= Q(record_type=name, record_id__in=ids)
    if open_types:
        condition |= Q(record_type__in=open_types)
    return condition


def new_activity(owner_id: int | None) -> Activity:
    return Activity.objects.create(subject="Call back about the renewal", kind="call", assignee_id=owner_id)


def new_plan(owner_id: int | None) -> FollowUpPlan:
    return FollowUpPlan.objects.create(
        name=f"plan-{FollowUpPlan.objects.count() + 1}", steps=[{"day_offset": 0, "kind": "call", "subject": "Call"}]
    )


def register_record_types() -> None:
    register(Activity, owner_field="assignee", factory=new_activity, narrowed_by=linked_record_readable)
    register(FollowUpPlan, owner_field=None, factory=new_plan)
