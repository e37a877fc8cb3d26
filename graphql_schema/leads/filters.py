"""Filter and order inputs of the leads list."""

from __future__ import annotations

from typing import Any

import strawberry_django
from django.db.models import Q
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import (
    ChoiceFilter,
    DateFilter,
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    IntFilter,
    TextFilter,
)
from graphql_schema.customers.enums import InteractionKind
from graphql_schema.permissions import require_membership
from saas.leads import models

from .enums import CampaignStatus, CampaignType, LeadSource, LeadStatus


@strawberry_django.filter_type(models.Lead, name="LeadFilter")
class LeadFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The lead's global id.")
    name: TextFilter | None = strawberry_django.filter_field(description="The person's name.")
    company_name: TextFilter | None = strawberry_django.filter_field(description="The company the lead named.")
    title: TextFilter | None = strawberry_django.filter_field(description="Job title.")
    email: TextFilter | None = strawberry_django.filter_field(
        description="E-mail address (refused when your role may not see it)."
    )
    phone: TextFilter | None = strawberry_django.filter_field(
        description="Phone number, normalised (refused when your role may not see it)."
    )
    region: TextFilter | None = strawberry_django.filter_field(description="Region.")
    industry: TextFilter | None = strawberry_django.filter_field(description="Industry.")
    source: ChoiceFilter[LeadSource] | None = strawberry_django.filter_field(description="Where the lead came from.")
    status: ChoiceFilter[LeadStatus] | None = strawberry_django.filter_field(description="Where the lead stands.")
    score: IntFilter | None = strawberry_django.filter_field(description="The lead's score.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id; `isNull: true`: unassigned.")
    campaign: IDFilter | None = strawberry_django.filter_field(
        description="The campaign's id; `isNull: true`: captured from no campaign."
    )
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When the lead was added.")
    converted_at: DateTimeFilter | None = strawberry_django.filter_field(description="When the lead was converted.")

    @strawberry_django.filter_field(
        description="true: owned by you (whoever is asking, so saved views can store it); false: everything else."
    )
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Lead, value, prefix)


@strawberry_django.order_type(models.Lead, name="LeadOrder")
class LeadOrder:
    name: auto = strawberry_django.order_field(description="By the person's name.")
    company_name: auto = strawberry_django.order_field(description="By company name.")
    score: auto = strawberry_django.order_field(description="By score.")
    status: auto = strawberry_django.order_field(description="By status.")
    created_at: auto = strawberry_django.order_field(description="By when the lead was added.")
    updated_at: auto = strawberry_django.order_field(description="By when the lead last changed.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Lead, value, prefix)


@strawberry_django.filter_type(models.LeadActivity, name="LeadActivityFilter")
class LeadActivityFilter:
    kind: ChoiceFilter[InteractionKind] | None = strawberry_django.filter_field(description="Call, e-mail, meeting...")
    occurred_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it happened.")


@strawberry_django.order_type(models.LeadActivity, name="LeadActivityOrder")
class LeadActivityOrder:
    occurred_at: auto = strawberry_django.order_field(description="By when it happened.")


@strawberry_django.filter_type(models.Campaign, name="CampaignFilter")
class CampaignFilter:
    id: IDFilter | None = strawberry_django.filter_field(description="The campaign's global id.")
    name: TextFilter | None = strawberry_django.filter_field(description="The campaign's name.")
    type: ChoiceFilter[CampaignType] | None = strawberry_django.filter_field(description="E-mail, event, webinar...")
    status: ChoiceFilter[CampaignStatus] | None = strawberry_django.filter_field(description="Where it stands.")
    owner: IDFilter | None = strawberry_django.filter_field(description="Owner's id.")
    start_date: DateFilter | None = strawberry_django.filter_field(description="First day.")
    end_date: DateFilter | None = strawberry_django.filter_field(description="Last day.")
    currency: TextFilter | None = strawberry_django.filter_field(description="ISO 4217 code of its amounts.")
    budget: DecimalFilter | None = strawberry_django.filter_field(
        description="The budget (refused when your role may not see amounts)."
    )
    actual_cost: DecimalFilter | None = strawberry_django.filter_field(
        description="What it cost (refused when your role may not see amounts)."
    )
    expected_revenue: DecimalFilter | None = strawberry_django.filter_field(
        description="The revenue expected (refused when your role may not see amounts)."
    )
    created_at: DateTimeFilter | None = strawberry_django.filter_field(description="When it was added.")

    @strawberry_django.filter_field(description="true: owned by you (whoever is asking); false: everything else.")
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
        return mine if value else ~mine

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Campaign, value, prefix)


@strawberry_django.order_type(models.Campaign, name="CampaignOrder")
class CampaignOrder:
    name: auto = strawberry_django.order_field(description="By name.")
    type: auto = strawberry_django.order_field(description="By type.")
    status: auto = strawberry_django.order_field(description="By status.")
    start_date: auto = strawberry_django.order_field(description="By first day.")
    end_date: auto = strawberry_django.order_field(description="By last day.")
    budget: auto = strawberry_django.order_field(description="By budget (refused when amounts are hidden).")
    actual_cost: auto = strawberry_django.order_field(description="By actual cost (refused when amounts are hidden).")
    created_at: auto = strawberry_django.order_field(description="By when it was added.")
    updated_at: auto = strawberry_django.order_field(description="By when it last changed.")

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Campaign, value, prefix)
