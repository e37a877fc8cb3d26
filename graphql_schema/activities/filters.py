"""Filter and order inputs of the activity lists."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import ChoiceFilter, DateTimeFilter, IDFilter, TextFilter
from graphql_schema.permissions import require_membership
from saas.activities import models

from .enums import ActivityKind, ActivityPriority, ActivityStatus


@strawberry_django.filter_type(models.Activity, name="ActivityFilter")
class ActivityFilter:
    kind: ChoiceFilter[ActivityKind] | None = strawberry_django.filter_field(description="Task, call, meeting or note.")
    status: ChoiceFilter[ActivityStatus] | None = strawberry_django.filter_field(description="Open, done or cancelled.")
    priority: ChoiceFilter[ActivityPriority] | None = strawberry_django.filter_field(description="Low, normal or high.")
    subject: TextFilter | None = strawberry_django.filter_field(description="The subject line.")
    assignee: IDFilter | None = strawberry_django.filter_field(
        description="The assignee's user id; `isNull: true`: nobody's."
    )
    due_at: DateTimeFilter | None = strawberry_django.filter_field(description="When a task or call is due.")
    starts_at: DateTimeFilter | None = strawberry_django.filter_field(description="When a meeting starts.")
    completed_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was marked done.")
    record_type: TextFilter | None = strawberry_django.filter_field(
        description='The linked record\'s type, e.g. `Company`; `eq: ""`: not linked.'
    )
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was created.")

    @strawberry_django.filter_field(
        description="true: assigned to you (whoever is asking, so saved views can store it); false: everyone else's."
    )
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}assignee_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Activity, value, prefix)


@strawberry_django.order_type(models.Activity, name="ActivityOrder")
class ActivityOrder:
    due_at: auto = strawberry_django.order_field(description="Due time (tasks and calls).")
    starts_at: auto = strawberry_django.order_field(description="Start time (meetings).")
    subject: auto = strawberry_django.order_field(description="Subject, alphabetically.")
    created_at: auto = strawberry_django.order_field(description="Creation time.")
    completed_at: auto = strawberry_django.order_field(description="Completion time.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Activity, value, prefix)


@strawberry_django.filter_type(models.FollowUpPlan, name="FollowUpPlanFilter")
class FollowUpPlanFilter:
    name: TextFilter | None = strawberry_django.filter_field(description="The plan's name.")


@strawberry_django.order_type(models.FollowUpPlan, name="FollowUpPlanOrder")
class FollowUpPlanOrder:
    name: auto = strawberry_django.order_field(description="Name, alphabetically.")
    created_at: auto = strawberry_django.order_field(description="Creation time.")
