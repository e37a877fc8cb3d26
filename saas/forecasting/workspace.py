"""What the forecast needs of the workspace's settings: its fiscal year, time zone, currency and rates."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from babel.numbers import get_currency_precision
from django.db import connection

from tenants.models import Membership, Tenant


def tenant_of(membership: Membership) -> Tenant:
    """The member's workspace: the request's own (no query) when it is the one being served."""
    current = getattr(connection, "tenant", None)
    if isinstance(current, Tenant) and current.pk == membership.tenant_id:
        return current
    return membership.tenant


def fiscal_first_month(membership: Membership) -> int:
    return tenant_of(membership).fiscal_year_start_month or 1


def zone_of(tenant: Tenant) -> ZoneInfo:
    try:
        return ZoneInfo(tenant.time_zone or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def minor_unit(currency: str) -> Decimal:
    """The smallest amount of the currency: 0.01 for USD, 1 for JPY."""
    return Decimal(1).scaleb(-get_currency_precision(currency))


def round_money(amount: Decimal, currency: str) -> Decimal:
    """Rounded half up to the currency's minor unit."""
    return amount.quantize(minor_unit(currency), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Converter:
    """Amounts into the workspace's currency, at the rates its settings keep (no rate: not converted)."""

    currency: str
    rates: dict[str, Decimal]

    @classmethod
    def of(cls, tenant: Tenant) -> Converter:
        rates = {code: Decimal(str(rate)) for code, rate in (tenant.exchange_rates or {}).items()}
        rates[tenant.currency] = Decimal(1)
        return cls(tenant.currency, rates)

    def rate(self, currency: str) -> Decimal | None:
        """How many of the workspace currency one unit of ``currency`` is worth; None: unknown."""
        return self.rates.get(currency)

    def convert(self, amount: Decimal, currency: str) -> Decimal | None:
        rate = self.rate(currency)
        return None if rate is None else amount * rate
