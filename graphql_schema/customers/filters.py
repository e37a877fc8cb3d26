"""Filter and order inputs of the customers lists (root lists and nested connections alike)."""

from __future__ import annotations

from typing import Any

import strawberry
import strawberry_django
from django.db.models import Q, QuerySet
from strawberry import auto
from strawberry.types import Info

from graphql_schema.core import custom_fields
from graphql_schema.core.custom_fields import CustomFieldFilter, CustomFieldOrder
from graphql_schema.core.filters import (
    BooleanFilter,
    ChoiceFilter,
    DateFilter,
    DateTimeFilter,
    DecimalFilter,
    IDFilter,
    TextFilter,
)
from graphql_schema.permissions import require_membership
from saas.customers import models

from .enums import (
    BuyingRole,
    CompanySize,
    CreditRating,
    CustomerLevel,
    CustomerSource,
    InteractionDirection,
    InteractionKind,
    LifecycleStage,
    SavedViewRecordType,
)


def _has_tags(
    queryset: QuerySet[Any], prefix: str, value: IDFilter, through: Any, owner_column: str
) -> tuple[QuerySet[Any], Q]:
    """Tag conditions through a subquery, so rows never repeat (no DISTINCT needed)."""
    q = Q()
    if value.exact:
        ids = [value.exact.node_id]
        q &= Q(**{f"{prefix}pk__in": through.objects.filter(tag_id__in=ids).values(owner_column)})
    if value.in_list:
        ids = [v.node_id for v in value.in_list]
        q &= Q(**{f"{prefix}pk__in": through.objects.filter(tag_id__in=ids).values(owner_column)})
    if value.is_null is not None and value.is_null is not strawberry.UNSET:
        tagged = Q(**{f"{prefix}pk__in": through.objects.values(owner_column)})
        q &= ~tagged if value.is_null else tagged
    return queryset, q


def _owned_by_me(info: Info, value: bool, prefix: str) -> Q:
    """Resolved per request, so a saved view with ``mine: true`` shows each member their own customers."""
    mine = Q(**{f"{prefix}owner_id": require_membership(info).user_id})
    return mine if value else ~mine


MINE = "true: owned by you (whoever is asking, so saved views can store it); false: everything else, the pool included."


@strawberry_django.filter_type(models.Company, name="CompanyFilter")
class CompanyFilter:
    id: IDFilter | None
    name: TextFilter | None
    industry: TextFilter | None
    website: TextFilter | None
    category: TextFilter | None
    region: TextFilter | None
    country: TextFilter | None
    size: ChoiceFilter[CompanySize] | None
    level: ChoiceFilter[CustomerLevel] | None
    lifecycle_stage: ChoiceFilter[LifecycleStage] | None
    source: ChoiceFilter[CustomerSource] | None
    credit_rating: ChoiceFilter[CreditRating] | None
    credit_limit: DecimalFilter | None
    owner: IDFilter | None = strawberry_django.filter_field(
        description="Owner's id; `isNull: true` is the public pool."
    )
    parent: IDFilter | None
    created_at: DateTimeFilter | None
    last_interaction_at: DateTimeFilter | None

    @strawberry_django.filter_field(description="Tagged with (eq / in: any of), or untagged (isNull).")
    def tags(self, queryset: QuerySet[Any], value: IDFilter, prefix: str) -> tuple[QuerySet[Any], Q]:
        return _has_tags(queryset, prefix, value, models.Company.tags.through, "company_id")

    @strawberry_django.filter_field(description=MINE)
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _owned_by_me(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Company, value, prefix)


@strawberry_django.order_type(models.Company, name="CompanyOrder")
class CompanyOrder:
    name: auto
    created_at: auto
    updated_at: auto
    lifecycle_stage: auto
    level: auto
    credit_limit: auto
    last_interaction_at: auto

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Company, value, prefix)


@strawberry_django.filter_type(models.Contact, name="ContactFilter")
class ContactFilter:
    id: IDFilter | None
    first_name: TextFilter | None
    last_name: TextFilter | None
    title: TextFilter | None
    wechat_id: TextFilter | None
    buying_role: ChoiceFilter[BuyingRole] | None
    company: IDFilter | None
    owner: IDFilter | None = strawberry_django.filter_field(
        description="Owner's id; `isNull: true` is the public pool."
    )
    email_consent: BooleanFilter | None
    sms_consent: BooleanFilter | None
    birthday: DateFilter | None
    created_at: DateTimeFilter | None
    last_interaction_at: DateTimeFilter | None

    @strawberry_django.filter_field(description="Has this e-mail address (exact, case-insensitive).")
    def email(self, value: str, prefix: str) -> Q:
        return Q(**{f"{prefix}emails__contains": [value.strip().lower()]})

    @strawberry_django.filter_field(description="Tagged with (eq / in: any of), or untagged (isNull).")
    def tags(self, queryset: QuerySet[Any], value: IDFilter, prefix: str) -> tuple[QuerySet[Any], Q]:
        return _has_tags(queryset, prefix, value, models.Contact.tags.through, "contact_id")

    @strawberry_django.filter_field(description=MINE)
    def mine(self, info: Info, value: bool, prefix: str) -> Q:
        return _owned_by_me(info, value, prefix)

    @strawberry_django.filter_field(description=custom_fields.FILTER_DESCRIPTION)
    def custom_fields(self, info: Info, value: list[CustomFieldFilter], prefix: str) -> Q:
        return custom_fields.custom_fields_q(info, models.Contact, value, prefix)

    @strawberry_django.filter_field(description="Member of the group.")
    def group(self, value: strawberry.relay.GlobalID, prefix: str) -> Q:
        through = models.Contact.groups.through
        return Q(**{f"{prefix}pk__in": through.objects.filter(contactgroup_id=value.node_id).values("contact_id")})


@strawberry_django.order_type(models.Contact, name="ContactOrder")
class ContactOrder:
    first_name: auto
    last_name: auto
    created_at: auto
    updated_at: auto
    birthday: auto
    last_interaction_at: auto

    @strawberry_django.order_field(description=custom_fields.ORDER_DESCRIPTION)
    def custom_field(self, info: Info, value: CustomFieldOrder, prefix: str) -> list[Any]:
        return custom_fields.custom_field_ordering(info, models.Contact, value, prefix)


@strawberry_django.filter_type(models.Interaction, name="InteractionFilter")
class InteractionFilter:
    kind: ChoiceFilter[InteractionKind] | None
    direction: ChoiceFilter[InteractionDirection] | None
    occurred_at: DateTimeFilter | None
    company: IDFilter | None
    contact: IDFilter | None
    performed_by: IDFilter | None
    outcome: TextFilter | None


@strawberry_django.order_type(models.Interaction, name="InteractionOrder")
class InteractionOrder:
    occurred_at: auto
    created_at: auto


@strawberry_django.filter_type(models.Tag, name="TagFilter")
class TagFilter:
    name: TextFilter | None


@strawberry_django.order_type(models.Tag, name="TagOrder")
class TagOrder:
    name: auto
    created_at: auto


@strawberry_django.filter_type(models.ContactGroup, name="ContactGroupFilter")
class ContactGroupFilter:
    name: TextFilter | None


@strawberry_django.order_type(models.ContactGroup, name="ContactGroupOrder")
class ContactGroupOrder:
    name: auto
    created_at: auto


@strawberry_django.filter_type(models.SavedView, name="SavedViewFilter")
class SavedViewFilter:
    name: TextFilter | None
    record_type: ChoiceFilter[SavedViewRecordType] | None
    shared: BooleanFilter | None


@strawberry_django.order_type(models.SavedView, name="SavedViewOrder")
class SavedViewOrder:
    name: auto
    created_at: auto
