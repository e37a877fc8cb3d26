"""Lists and settings of the leads module."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.permissions import require_admin
from saas.leads import models
from saas.leads.models import SEARCH_CONFIG, campaign_search_vector, search_vector

from .filters import CampaignFilter, CampaignOrder, LeadFilter, LeadOrder
from .types import AssignmentRule, CampaignNode, LeadNode, LeadScoring, ScoringRule

SEARCH_HELP = "Full text over name, company, title, region and industry; every word must match the start of a word."


def _leads(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=LeadOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


CAMPAIGN_SEARCH_HELP = "Full text over name and description; every word must match the start of a word."


def _campaigns(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=CampaignOrder,
        search_text=search,
        search_vector=campaign_search_vector(),
        search_config=SEARCH_CONFIG,
    )


@strawberry.type
class LeadsQuery:
    @strawberry_django.connection(
        KeysetConnection[CampaignNode], description="Campaigns, newest first by default, with their figures."
    )
    def campaigns(
        self,
        info: Info,
        filter: CampaignFilter | None = None,
        order_by: list[CampaignOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=CAMPAIGN_SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _campaigns(models.Campaign.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[CampaignNode], description="The recycle bin: deleted campaigns.")
    def deleted_campaigns(
        self,
        info: Info,
        filter: CampaignFilter | None = None,
        order_by: list[CampaignOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Campaign.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _campaigns(queryset, info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[LeadNode], description="Leads, newest first by default.")
    def leads(
        self,
        info: Info,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _leads(models.Lead.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[LeadNode], description="The recycle bin: deleted leads.")
    def deleted_leads(
        self,
        info: Info,
        filter: LeadFilter | None = None,
        order_by: list[LeadOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Lead.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _leads(queryset, info, filter, order_by, search)

    @strawberry.field(description="The scoring rules and the decay of activity points (owners and admins).")
    def lead_scoring(self, info: Info) -> LeadScoring:
        require_admin(info)
        return LeadScoring(
            half_life_days=models.LeadScoring.current().half_life_days,
            rules=[ScoringRule.of(rule) for rule in models.ScoringRule.objects.all()],
        )

    @strawberry.field(description="The assignment rules, in the order they are tried (owners and admins).")
    def lead_assignment_rules(self, info: Info) -> list[AssignmentRule]:
        require_admin(info)
        return [AssignmentRule.of(rule) for rule in models.AssignmentRule.objects.select_related("team")]
