"""Lists of the service module (connections with filter, orderBy and search), settings and the public help page."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed, prefix_query
from graphql_schema.permissions import require_membership
from saas.service import clock, models, services
from saas.service.models import SEARCH_CONFIG, search_vector

from .filters import (
    ArticleFilter,
    ArticleOrder,
    HolidayFilter,
    HolidayOrder,
    SlaPolicyFilter,
    SlaPolicyOrder,
    TicketAssignmentRuleFilter,
    TicketAssignmentRuleOrder,
    TicketFilter,
    TicketOrder,
)
from .types import (
    ArticleNode,
    BusinessDay,
    HolidayNode,
    PublicArticle,
    SlaPolicyNode,
    TicketAssignmentRuleNode,
    TicketNode,
)

SEARCH_HELP = "Full text over subject / title, text and category; every word must match the start of a word."
PUBLIC_PAGE = 50


def business_days() -> list[BusinessDay]:
    return [
        BusinessDay(weekday=h.weekday, opens_at=h.opens_at.strftime("%H:%M"), closes_at=h.closes_at.strftime("%H:%M"))
        for h in models.BusinessHours.objects.all()
    ]


def public_article(article: models.Article) -> PublicArticle:
    return PublicArticle(
        slug=article.slug,
        title=article.title,
        body=article.body,
        category=article.category,
        published_at=article.published_at,
    )


@strawberry.type
class ServiceQuery:
    @strawberry_django.connection(KeysetConnection[TicketNode], description="Tickets: the service queue.")
    def tickets(
        self,
        info: Info,
        filter: TicketFilter | None = None,
        order_by: list[TicketOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return listed(
            models.Ticket.objects.all(),
            info,
            filter=filter,
            order_by=order_by,
            order_type=TicketOrder,
            search_text=search,
            search_vector=search_vector(),
            search_config=SEARCH_CONFIG,
        )

    @strawberry_django.connection(KeysetConnection[ArticleNode], description="Knowledge-base articles.")
    def articles(
        self,
        info: Info,
        filter: ArticleFilter | None = None,
        order_by: list[ArticleOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return listed(
            models.Article.objects.all(),
            info,
            filter=filter,
            order_by=order_by,
            order_type=ArticleOrder,
            search_text=search,
            search_vector=search_vector(),
            search_config=SEARCH_CONFIG,
        )

    @strawberry_django.connection(KeysetConnection[SlaPolicyNode], description="SLA policies, one per priority.")
    def sla_policies(
        self, info: Info, filter: SlaPolicyFilter | None = None, order_by: list[SlaPolicyOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.SlaPolicy.objects.all(), info, filter=filter, order_by=order_by, order_type=SlaPolicyOrder)

    @strawberry_django.connection(KeysetConnection[HolidayNode], description="Days the desk is closed.")
    def holidays(
        self, info: Info, filter: HolidayFilter | None = None, order_by: list[HolidayOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.Holiday.objects.all(), info, filter=filter, order_by=order_by, order_type=HolidayOrder)

    @strawberry_django.connection(KeysetConnection[TicketAssignmentRuleNode], description="Assignment rules, in order.")
    def ticket_assignment_rules(
        self,
        info: Info,
        filter: TicketAssignmentRuleFilter | None = None,
        order_by: list[TicketAssignmentRuleOrder] | None = None,
    ) -> QuerySet[Any]:
        return listed(
            models.AssignmentRule.objects.all(),
            info,
            filter=filter,
            order_by=order_by,
            order_type=TicketAssignmentRuleOrder,
        )

    @strawberry.field(
        description="The service desk's current time: SLA due times and breaches count against it, so "
        "countdowns tick from it rather than from the device's clock."
    )
    def desk_now(self, info: Info) -> datetime:
        require_membership(info)
        return clock.now()

    @strawberry.field(
        description="The workspace's business hours, which every member may read and the service desk's SLA clocks "
        "count in; an absent weekday is closed (none at all: always open)."
    )
    def business_hours(self, info: Info) -> list[BusinessDay]:
        require_membership(info)
        return business_days()

    @strawberry.field(description="Published articles of this workspace's public help page (no sign-in needed).")
    def help_center_articles(
        self, search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None
    ) -> list[PublicArticle]:
        queryset = services.published_articles()
        query = prefix_query(search or "", SEARCH_CONFIG)
        if query is not None:
            queryset = queryset.alias(_search=search_vector()).filter(_search=query)
        return [public_article(a) for a in queryset[:PUBLIC_PAGE]]

    @strawberry.field(description="One published article of the public help page; null if none has this address.")
    def help_center_article(
        self, slug: Annotated[str, strawberry.argument(description="The article's address (`slug`).")]
    ) -> PublicArticle | None:
        article = services.published_articles().filter(slug=slug).first()
        return public_article(article) if article is not None else None
