"""Lists and figures of the customers module: every list is a connection with filter, orderBy and search."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.users import UserNode
from graphql_schema.permissions import require_membership
from saas.customers import models, services, statistics
from saas.customers.models import SEARCH_CONFIG, search_vector
from saas.kernel import saved_views

from .filters import (
    CompanyFilter,
    CompanyOrder,
    ContactFilter,
    ContactGroupFilter,
    ContactGroupOrder,
    ContactOrder,
    InteractionFilter,
    InteractionOrder,
    SavedViewFilter,
    SavedViewOrder,
    TagFilter,
    TagOrder,
)
from .types import CompanyNode, ContactGroupNode, ContactNode, InteractionNode, SavedViewNode, TagNode


@strawberry.type(description="How many companies share one value of a field.")
class Bucket:
    key: str = strawberry.field(
        description="The stored value, e.g. `trade_show` or a region's name; '' for companies without one."
    )
    count: int = strawberry.field(description="How many companies have it.")


@strawberry.type(description="How many companies one owner has.")
class OwnerBucket:
    owner: UserNode | None = strawberry.field(description="Null: the public pool.")
    count: int = strawberry.field(description="How many companies they own.")


@strawberry.type(description="New records in one month; months without any are there too (zero).")
class MonthBucket:
    month: date = strawberry.field(description="The month's first day.")
    new_companies: int = strawberry.field(description="Companies created that month.")
    new_contacts: int = strawberry.field(description="Contacts created that month.")


@strawberry.type(description="One day of activity, in the workspace's time zone.")
class DayBucket:
    day: date = strawberry.field(description="The day, in the workspace's time zone.")
    interactions: int = strawberry.field(description="Interactions that happened that day (those you may read).")


@strawberry.type(description="How the customer base is composed and grows (over what the member may see).")
class CustomerStatistics:
    companies: int = strawberry.field(description="How many companies you may see.")
    contacts: int = strawberry.field(description="How many contacts you may see.")
    by_source: list[Bucket] = strawberry.field(description="Companies per source, most first.")
    by_region: list[Bucket] = strawberry.field(description="Companies per sales region, most first.")
    by_lifecycle_stage: list[Bucket] = strawberry.field(description="Companies per lifecycle stage, most first.")
    by_owner: list[OwnerBucket] = strawberry.field(description="Companies per owner (the pool too), most first.")
    growth_by_month: list[MonthBucket] = strawberry.field(
        description="New companies and contacts per month, oldest first, up to this month."
    )


@strawberry.type(description="This workspace's public-pool rule.")
class PoolRule:
    return_after_days: int | None = strawberry.field(
        description="Owned customers with no interaction for this many days go back to the pool; null: never."
    )


Connection = KeysetConnection


def _companies(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=CompanyOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


def _contacts(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=ContactOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


SEARCH_HELP = "Full text over the main fields; every word must match the start of a word."


@strawberry.type
class CustomersQuery:
    @strawberry_django.connection(Connection[CompanyNode], description="Companies (accounts).")
    def companies(
        self,
        info: Info,
        filter: CompanyFilter | None = None,
        order_by: list[CompanyOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _companies(models.Company.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(Connection[CompanyNode], description="The recycle bin: deleted companies.")
    def deleted_companies(
        self,
        info: Info,
        filter: CompanyFilter | None = None,
        order_by: list[CompanyOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Company.all_objects.filter(deleted_at__isnull=False, merged_into__isnull=True)
        return _companies(queryset.order_by("-deleted_at", "id"), info, filter, order_by, search)

    @strawberry_django.connection(Connection[CompanyNode], description="The public pool: companies nobody owns.")
    def pool_companies(
        self,
        info: Info,
        filter: CompanyFilter | None = None,
        order_by: list[CompanyOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        return _companies(models.Company.objects.filter(owner__isnull=True), info, filter, order_by, search)

    @strawberry_django.connection(Connection[ContactNode], description="Contacts (people).")
    def contacts(
        self,
        info: Info,
        filter: ContactFilter | None = None,
        order_by: list[ContactOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _contacts(models.Contact.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(Connection[ContactNode], description="The recycle bin: deleted contacts.")
    def deleted_contacts(
        self,
        info: Info,
        filter: ContactFilter | None = None,
        order_by: list[ContactOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Contact.all_objects.filter(deleted_at__isnull=False, merged_into__isnull=True)
        return _contacts(queryset.order_by("-deleted_at", "id"), info, filter, order_by, search)

    @strawberry_django.connection(Connection[ContactNode], description="The public pool: contacts nobody owns.")
    def pool_contacts(
        self,
        info: Info,
        filter: ContactFilter | None = None,
        order_by: list[ContactOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        return _contacts(models.Contact.objects.filter(owner__isnull=True), info, filter, order_by, search)

    @strawberry_django.connection(Connection[InteractionNode], description="Every touch with a customer.")
    def interactions(
        self,
        info: Info,
        filter: InteractionFilter | None = None,
        order_by: list[InteractionOrder] | None = None,
    ) -> QuerySet[Any]:
        return listed(
            models.Interaction.objects.all(), info, filter=filter, order_by=order_by, order_type=InteractionOrder
        )

    @strawberry_django.connection(Connection[TagNode], description="The workspace's tags.")
    def tags(
        self, info: Info, filter: TagFilter | None = None, order_by: list[TagOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(models.Tag.objects.all(), info, filter=filter, order_by=order_by, order_type=TagOrder)

    @strawberry_django.connection(Connection[ContactGroupNode], description="The workspace's contact groups.")
    def contact_groups(
        self, info: Info, filter: ContactGroupFilter | None = None, order_by: list[ContactGroupOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(
            models.ContactGroup.objects.all(), info, filter=filter, order_by=order_by, order_type=ContactGroupOrder
        )

    @strawberry_django.connection(Connection[SavedViewNode], description="My saved views and the team's shared ones.")
    def saved_views(
        self, info: Info, filter: SavedViewFilter | None = None, order_by: list[SavedViewOrder] | None = None
    ) -> QuerySet[Any]:
        visible = saved_views.visible_saved_views(require_membership(info))
        return listed(visible, info, filter=filter, order_by=order_by, order_type=SavedViewOrder)

    @strawberry.field(description="Companies that look like the same one (by normalised name).")
    def company_duplicates(
        self, info: Info, name: Annotated[str, strawberry.argument(description="The company name to check.")]
    ) -> list[CompanyNode]:
        ids = [c.pk for c in services.company_duplicates(require_membership(info), name).readable]
        return listed(models.Company.objects.filter(pk__in=ids), info)

    @strawberry.field(description="Contacts sharing any of these e-mail addresses or phone numbers.")
    def contact_duplicates(
        self,
        info: Info,
        emails: Annotated[list[str] | None, strawberry.argument(description="E-mail addresses (any case).")] = None,
        phones: Annotated[
            list[str] | None, strawberry.argument(description="Phone numbers, as typed; they are normalised.")
        ] = None,
    ) -> list[ContactNode]:
        membership = require_membership(info)
        emails = [e.strip().lower() for e in emails or []]
        phones = [models.normalize_phone(p) for p in phones or []]
        ids = [c.pk for c in services.contact_duplicates(membership, emails, phones).readable]
        return listed(models.Contact.objects.filter(pk__in=ids), info)

    @strawberry.field(description="Counts by source, region, lifecycle stage and owner; growth per month.")
    def customer_statistics(
        self,
        info: Info,
        since: Annotated[
            datetime | None,
            strawberry.argument(description="Count growth from this moment's month on; null: from the first record."),
        ] = None,
    ) -> CustomerStatistics:
        stats = statistics.customer_statistics(require_membership(info), since)
        return CustomerStatistics(
            companies=stats.companies,
            contacts=stats.contacts,
            by_source=[Bucket(key=b.key, count=b.count) for b in stats.by_source],
            by_region=[Bucket(key=b.key, count=b.count) for b in stats.by_region],
            by_lifecycle_stage=[Bucket(key=b.key, count=b.count) for b in stats.by_lifecycle_stage],
            by_owner=[OwnerBucket(owner=b.owner, count=b.count) for b in stats.by_owner],  # type: ignore[arg-type]
            growth_by_month=[
                MonthBucket(month=m.month, new_companies=m.new_companies, new_contacts=m.new_contacts)
                for m in stats.growth_by_month
            ],
        )

    @strawberry.field(
        description="Interactions per day over the last `days` days (today last), in the workspace's time zone; "
        "only those you may read count."
    )
    def activity_by_day(
        self,
        info: Info,
        days: Annotated[int, strawberry.argument(description="How many days back, today included: 1 to 366.")] = 7,
    ) -> list[DayBucket]:
        if not 1 <= days <= 366:
            raise ValidationError("days: between 1 and 366.")
        buckets = statistics.activity_by_day(require_membership(info), days)
        return [DayBucket(day=b.day, interactions=b.interactions) for b in buckets]

    @strawberry.field(description="This workspace's public-pool rule.")
    def pool_rule(self, info: Info) -> PoolRule:
        require_membership(info)
        return PoolRule(return_after_days=models.PoolRule.current().return_after_days)
