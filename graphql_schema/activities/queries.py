"""Lists and the calendar of the activities module."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from django.utils import timezone
from graphql import GraphQLError
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.nodes import decode_id
from graphql_schema.permissions import require_membership
from saas.activities import models, services
from saas.errors import ServiceError

from .filters import ActivityFilter, ActivityOrder, FollowUpPlanFilter, FollowUpPlanOrder
from .types import ActivityNode, CalendarEntry, FollowUpPlanNode, Reminder

MAX_REMINDERS = 100


def _refused(error: ServiceError) -> GraphQLError:
    first = error.errors[0]
    return GraphQLError(
        first.message, extensions={"code": "BAD_USER_INPUT", "field": first.field, "reason": first.code}
    )


def _activities(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=ActivityOrder,
        search_text=search,
        search_vector=models.search_vector(),
        search_config=models.SEARCH_CONFIG,
    )


@strawberry.type
class ActivitiesQuery:
    @strawberry_django.connection(
        KeysetConnection[ActivityNode],
        description="Tasks, calls, meetings and notes (of records you may read); `record:` those of one record.",
    )
    def activities(
        self,
        info: Info,
        filter: ActivityFilter | None = None,
        order_by: list[ActivityOrder] | None = None,
        record: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only the activities of this record.")
        ] = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Activity.objects.all()
        if record is not None:
            queryset = queryset.filter(record_type=record.type_name, record_id=str(record.node_id))
        return _activities(queryset, info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[ActivityNode], description="The recycle bin: deleted activities.")
    def deleted_activities(
        self,
        info: Info,
        filter: ActivityFilter | None = None,
        order_by: list[ActivityOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Activity.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _activities(queryset, info, filter, order_by, search)

    @strawberry.field(
        description="Activities between `from` and `to` (at most 100 days), occurrences of open series expanded; "
        "of some members (`userIds`) or a team's (`teamId`), else everyone's you may read."
    )
    def calendar(
        self,
        info: Info,
        from_: Annotated[datetime, strawberry.argument(name="from", description="The range's start.")],
        to: Annotated[datetime, strawberry.argument(description="The range's end (excluded).")],
        user_ids: Annotated[
            list[relay.GlobalID] | None, strawberry.argument(description="Only these members' activities.")
        ] = None,
        team_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Only the activities of this team's members.")
        ] = None,
    ) -> list[CalendarEntry]:
        membership = require_membership(info)
        try:
            users = None if user_ids is None else [int(decode_id(u, "User", "userIds")) for u in user_ids]
            team = decode_id(team_id, "Team", "teamId")
            entries = services.calendar(membership, from_, to, users, team)
        except ServiceError as error:
            raise _refused(error) from error
        except ValueError as error:
            raise GraphQLError("Not a user id.", extensions={"code": "BAD_USER_INPUT", "field": "userIds"}) from error
        return [
            CalendarEntry(activity=e.activity, starts_at=e.starts_at, ends_at=e.ends_at, occurrence=e.occurrence)  # type: ignore[arg-type]
            for e in entries
        ]

    @strawberry.field(description="The reminders sent to you since `since` (default: the last 24 hours), newest first.")
    def my_reminders(
        self,
        info: Info,
        since: Annotated[datetime | None, strawberry.argument(description="Default: 24 hours ago.")] = None,
    ) -> list[Reminder]:
        membership = require_membership(info)
        rows = models.ReminderDelivery.objects.filter(user_id=membership.user_id)
        if since is not None:
            rows = rows.filter(sent_at__gte=since)
        else:
            rows = rows.filter(sent_at__gte=timezone.now() - timedelta(days=1))
        return [
            Reminder(
                id=strawberry.ID(str(r.pk)),
                kind=r.kind,
                message=r.message,
                record_id=relay.GlobalID(r.record_type, r.record_id) if r.record_type else None,
                record_type=r.record_type or None,
                due_at=r.due_at,
                sent_at=r.sent_at,
            )
            for r in rows[:MAX_REMINDERS]
        ]

    @strawberry_django.connection(KeysetConnection[FollowUpPlanNode], description="Follow-up plans.")
    def follow_up_plans(
        self, info: Info, filter: FollowUpPlanFilter | None = None, order_by: list[FollowUpPlanOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(
            models.FollowUpPlan.objects.all(), info, filter=filter, order_by=order_by, order_type=FollowUpPlanOrder
        )
