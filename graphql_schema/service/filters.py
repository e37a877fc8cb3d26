"""Filter and order inputs of the service lists."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import ChoiceFilter, DateFilter, DateTimeFilter, IDFilter, TextFilter
from graphql_schema.permissions import require_membership
from saas.service import clock, models, services

from .enums import ArticleStatus, TicketChannel, TicketKind, TicketPriority, TicketStatus


@strawberry_django.filter_type(models.Ticket, name="TicketFilter")
class TicketFilter:
    id: IDFilter | None
    subject: TextFilter | None
    category: TextFilter | None
    status: ChoiceFilter[TicketStatus] | None
    priority: ChoiceFilter[TicketPriority] | None
    channel: ChoiceFilter[TicketChannel] | None
    kind: ChoiceFilter[TicketKind] | None
    assignee: IDFilter | None = strawberry_django.filter_field(description="Assignee's id; `isNull: true`: the queue.")
    company: IDFilter | None
    contact: IDFilter | None
    product: IDFilter | None = strawberry_django.filter_field(description="The product's id.")
    created_at: DateTimeFilter | None
    first_response_due_at: DateTimeFilter | None
    resolution_due_at: DateTimeFilter | None

    @strawberry_django.filter_field(
        description="true: the SLA is breached (marked, or overdue now); false: within its targets."
    )
    def breached(self, value: bool, prefix: str) -> Q:
        q = services.breached_q(clock.now(), prefix)
        return q if value else ~q

    @strawberry_django.filter_field(description="true: assigned to you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}assignee_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Ticket, value, prefix)


@strawberry_django.order_type(models.Ticket, name="TicketOrder")
class TicketOrder:
    subject: auto
    created_at: auto
    updated_at: auto
    priority: auto
    status: auto
    first_response_due_at: auto
    resolution_due_at: auto
    last_message_at: auto

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Ticket, value, prefix)


@strawberry_django.filter_type(models.Article, name="ArticleFilter")
class ArticleFilter:
    id: IDFilter | None
    title: TextFilter | None
    category: TextFilter | None
    status: ChoiceFilter[ArticleStatus] | None
    author: IDFilter | None
    published_at: DateTimeFilter | None

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Article, value, prefix)


@strawberry_django.order_type(models.Article, name="ArticleOrder")
class ArticleOrder:
    title: auto
    created_at: auto
    updated_at: auto
    published_at: auto

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Article, value, prefix)


@strawberry_django.filter_type(models.SlaPolicy, name="SlaPolicyFilter")
class SlaPolicyFilter:
    priority: ChoiceFilter[TicketPriority] | None


@strawberry_django.order_type(models.SlaPolicy, name="SlaPolicyOrder")
class SlaPolicyOrder:
    name: auto
    priority: auto


@strawberry_django.filter_type(models.Holiday, name="HolidayFilter")
class HolidayFilter:
    date: DateFilter | None
    name: TextFilter | None


@strawberry_django.order_type(models.Holiday, name="HolidayOrder")
class HolidayOrder:
    date: auto


@strawberry_django.filter_type(models.AssignmentRule, name="TicketAssignmentRuleFilter")
class TicketAssignmentRuleFilter:
    category: TextFilter | None


@strawberry_django.order_type(models.AssignmentRule, name="TicketAssignmentRuleOrder")
class TicketAssignmentRuleOrder:
    name: auto
    position: auto


@strawberry_django.filter_type(models.Survey, name="SurveyFilter")
class SurveyFilter:
    kind: ChoiceFilter[models.SurveyKind] | None
    ticket: IDFilter | None
    contact: IDFilter | None
    agent: IDFilter | None = strawberry_django.filter_field(description="The agent's id (CSAT).")
    sent_at: DateTimeFilter | None
    responded_at: DateTimeFilter | None = strawberry_django.filter_field(description="`isNull: true`: not answered.")


@strawberry_django.order_type(models.Survey, name="SurveyOrder")
class SurveyOrder:
    sent_at: auto
    responded_at: auto
    score: auto
