"""Customer statistics: how the customer base is composed and how it grows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone

from saas.access import policy
from tenants.models import Membership, User

from .models import Company, Contact, Interaction


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


@dataclass(frozen=True)
class DayBucket:
    day: date
    interactions: int


def _month_range(first: date, last: date) -> list[date]:
    """Every first-of-month from ``first`` to ``last``: a chart without gaps (a quiet month is a zero)."""
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


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
        growth_by_month=_growth(company_months, contact_months, since),
    )


def _growth(companies: dict[date, int], contacts: dict[date, int], since: datetime | None) -> list[MonthBucket]:
    seen = companies.keys() | contacts.keys()
    if not seen and since is None:
        return []
    this_month = timezone.localdate().replace(day=1)
    first = min([*seen, *([timezone.localtime(since).date()] if since else [])])
    return [
        MonthBucket(month=m, new_companies=companies.get(m, 0), new_contacts=contacts.get(m, 0))
        for m in _month_range(first, max([this_month, *seen]))
    ]


def activity_by_day(membership: Membership, days: int = 7, today: date | None = None) -> list[DayBucket]:
    """Interactions per day over the last ``days`` days (today included), in the workspace's time zone.

    Only the interactions this member may read count: one grouped query.
    """
    zone = ZoneInfo(membership.tenant.time_zone or "UTC")
    today = today or timezone.now().astimezone(zone).date()
    first = today - timedelta(days=days - 1)
    start = datetime.combine(first, datetime.min.time(), tzinfo=zone)
    interactions = policy.scope_queryset(membership, Interaction.objects.all(), "read")
    rows = (
        interactions.filter(occurred_at__gte=start, occurred_at__lt=start + timedelta(days=days))
        .order_by()
        .annotate(day=TruncDate("occurred_at", tzinfo=zone))
        .values("day")
        .annotate(n=Count("pk"))
    )
    counts = {row["day"]: row["n"] for row in rows}
    return [
        DayBucket(day=first + timedelta(days=i), interactions=counts.get(first + timedelta(days=i), 0))
        for i in range(days)
    ]
