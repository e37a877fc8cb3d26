"""Customer statistics: how the customer base is composed and how it grows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from saas.access import policy
from tenants.models import Membership, User

from .models import Company, Contact


@dataclass(frozen=True)
class Bucket:
    key: str
    count: int


@dataclass(frozen=True)
class OwnerBucket:
    owner: User | None
    count: int


@dataclass(frozen=True)
class MonthBucket:
    month: date
    new_companies: int
    new_contacts: int


@dataclass(frozen=True)
class CustomerStatistics:
    companies: int
    contacts: int
    by_source: list[Bucket]
    by_region: list[Bucket]
    by_lifecycle_stage: list[Bucket]
    by_owner: list[OwnerBucket]
    growth_by_month: list[MonthBucket]


def _buckets(queryset: QuerySet[Company], field: str) -> list[Bucket]:
    rows = queryset.order_by().values(field).annotate(n=Count("pk")).order_by("-n", field)
    return [Bucket(key=row[field] or "", count=row["n"]) for row in rows]


def _months(queryset: QuerySet[Company] | QuerySet[Contact], since: datetime | None) -> dict[date, int]:
    if since is not None:
        queryset = queryset.filter(created_at__gte=since)
    rows = queryset.order_by().annotate(month=TruncMonth("created_at")).values("month").annotate(n=Count("pk"))
    return {row["month"].date(): row["n"] for row in rows}


def customer_statistics(membership: Membership, since: datetime | None = None) -> CustomerStatistics:
    """Counts over the companies (and contacts) this member may see. A handful of grouped queries."""
    companies = policy.scope_queryset(membership, Company.objects.all(), "read")
    contacts = policy.scope_queryset(membership, Contact.objects.all(), "read")
    owner_rows = companies.order_by().values("owner").annotate(n=Count("pk")).order_by("-n")
    owners = User.objects.in_bulk([row["owner"] for row in owner_rows if row["owner"] is not None])
    company_months, contact_months = _months(companies, since), _months(contacts, since)
    return CustomerStatistics(
        companies=companies.count(),
        contacts=contacts.count(),
        by_source=_buckets(companies, "source"),
        by_region=_buckets(companies, "region"),
        by_lifecycle_stage=_buckets(companies, "lifecycle_stage"),
        by_owner=[OwnerBucket(owner=owners.get(row["owner"]), count=row["n"]) for row in owner_rows],
        growth_by_month=[
            MonthBucket(month=m, new_companies=company_months.get(m, 0), new_contacts=contact_months.get(m, 0))
            for m in sorted(company_months.keys() | contact_months.keys())
        ],
    )
