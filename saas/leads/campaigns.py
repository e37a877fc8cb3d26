"""A campaign's figures: its leads, their conversions, the won amount they brought, cost per lead and ROI.

Computed, never stored, and as the member may see them: only the leads (and converted deals) the member
may read count. Each figure is a correlated subquery, so a whole page of campaigns gets its figures in
the page's one query (the API annotates only the figures a query asks for).

The won amount is the sum of the won deals of converted leads, in the campaign's currency: deals in it
count as they are; deals in another currency are converted at the workspace's exchange rates (through the
workspace currency), and left out when the workspace keeps no rate for their currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    DecimalField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from saas.access import policy
from saas.forecasting.workspace import Converter, round_money
from saas.sales.models import Deal, StageKind
from tenants.db import connection
from tenants.models import Membership, Tenant

from .models import Campaign, Lead, LeadStatus

# The annotation names the figures are read from (the API's fields and ``figures_of`` share them).
LEADS = "figure_leads"
CONVERTED = "figure_converted"
WON_SAME = "figure_won_same"  # won deals in the campaign's own currency
WON_OTHER = "figure_won_other"  # won deals in other currencies, in the workspace currency
MONEY = DecimalField(max_digits=20, decimal_places=6)


def _readable_leads(membership: Membership | None) -> QuerySet[Lead]:
    return policy.scope_queryset(membership, Lead.objects.filter(campaign=OuterRef("pk")), "read").order_by()


def _counted(leads: QuerySet[Lead], total: Any) -> Coalesce:
    """One figure of the outer campaign row: ``total`` over its leads (0 without any)."""
    subquery = Subquery(leads.values("campaign").annotate(total=total).values("total")[:1])
    return Coalesce(subquery, Value(0), output_field=total.output_field)


def leads_count(membership: Membership | None) -> Coalesce:
    """How many of the campaign's leads the member may read."""
    return _counted(_readable_leads(membership), Count("pk", output_field=IntegerField()))


def converted_count(membership: Membership | None) -> Coalesce:
    """How many of those are converted."""
    leads = _readable_leads(membership).filter(status=LeadStatus.CONVERTED)
    return _counted(leads, Count("pk", output_field=IntegerField()))


def _won_leads(membership: Membership | None) -> QuerySet[Lead]:
    deals = policy.scope_queryset(membership, Deal.objects.all(), "read").values("pk")
    return _readable_leads(membership).filter(
        converted_deal__in=deals, converted_deal__stage__kind=StageKind.WON, converted_deal__amount__isnull=False
    )


def won_in_own_currency(membership: Membership | None) -> Coalesce:
    leads = _won_leads(membership).filter(converted_deal__currency=OuterRef("currency"))
    return _counted(leads, Sum("converted_deal__amount", output_field=MONEY))


def won_in_other_currencies(membership: Membership | None, converter: Converter) -> Coalesce:
    """In the workspace currency: each deal's amount times its currency's rate (no rate: left out)."""
    rate = Case(
        *(When(converted_deal__currency=code, then=Value(value)) for code, value in converter.rates.items()),
        default=None,
        output_field=MONEY,
    )
    leads = _won_leads(membership).exclude(converted_deal__currency=OuterRef("currency"))
    return _counted(leads, Sum(F("converted_deal__amount") * rate, output_field=MONEY))


def converter() -> Converter:
    """The workspace's exchange rates (the request's own workspace: no query)."""
    tenant = getattr(connection, "tenant", None)
    assert isinstance(tenant, Tenant), "campaign figures are computed inside a workspace"
    return Converter.of(tenant)


def with_figures(queryset: QuerySet[Campaign], membership: Membership | None) -> QuerySet[Campaign]:
    return queryset.annotate(
        **{
            LEADS: leads_count(membership),
            CONVERTED: converted_count(membership),
            WON_SAME: won_in_own_currency(membership),
            WON_OTHER: won_in_other_currencies(membership, converter()),
        }
    )


@dataclass(frozen=True)
class Figures:
    leads: int
    converted: int
    won_amount: Decimal  # in the campaign's currency
    actual_cost: Decimal | None
    currency: str

    @property
    def conversion_rate(self) -> float | None:
        """Converted leads over leads, 0 to 1; None without leads."""
        return self.converted / self.leads if self.leads else None

    @property
    def cost_per_lead(self) -> Decimal | None:
        if self.actual_cost is None or not self.leads:
            return None
        return round_money(self.actual_cost / self.leads, self.currency)

    @property
    def roi(self) -> float | None:
        """(won amount - actual cost) / actual cost; None without a cost."""
        if not self.actual_cost:
            return None
        return round(float((self.won_amount - self.actual_cost) / self.actual_cost), 4)


def won_amount(same: Decimal | None, other: Decimal | None, currency: str, rates: Converter) -> Decimal:
    """The won amount in the campaign's currency from its two annotated parts."""
    total = Decimal(same or 0)
    if other:
        rate = rates.rate(currency)
        if rate:  # no rate for the campaign's own currency: other currencies cannot be brought into it
            total += Decimal(other) / rate
    return round_money(total, currency)


def figures_of(campaign: Campaign, membership: Membership | None) -> Figures:
    """The campaign's figures: from its annotations when it came through a list, else in one query."""
    values = campaign.__dict__
    if LEADS not in values or WON_SAME not in values:
        row = with_figures(Campaign.all_objects.filter(pk=campaign.pk), membership).values(
            LEADS, CONVERTED, WON_SAME, WON_OTHER
        )
        values = {**values, **(row.first() or {})}
    return Figures(
        leads=values.get(LEADS) or 0,
        converted=values.get(CONVERTED) or 0,
        won_amount=won_amount(values.get(WON_SAME), values.get(WON_OTHER), campaign.currency, converter()),
        actual_cost=campaign.actual_cost,
        currency=campaign.currency,
    )
