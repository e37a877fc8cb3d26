from __future__ import annotations

from decimal import Decimal

import strawberry
from strawberry.relay import to_base64

from saas.access.workspace import logo_path
from tenants import models


@strawberry.type(description="What one unit of a currency is worth in the workspace's default currency.")
class ExchangeRate:
    currency: str = strawberry.field(description="ISO 4217 code, e.g. EUR.")
    rate: Decimal = strawberry.field(description="How many of the default currency one unit is worth.")


@strawberry.type(name="Tenant", description="A company's workspace.")
class TenantType:
    name: str = strawberry.field(description="The workspace's (company's) name.")
    subdomain: str = strawberry.field(
        description="The workspace's subdomain: its address is <subdomain>.<base domain>."
    )
    url: str = strawberry.field(description="The workspace's web address, where its members sign in.")
    locale: str = strawberry.field(description="How the workspace writes dates and numbers (BCP 47, e.g. zh-CN).")
    currency: str = strawberry.field(description="The workspace's default currency (ISO 4217, e.g. CNY).")
    time_zone: str = strawberry.field(description="The workspace's time zone (IANA, e.g. Asia/Shanghai).")
    legal_name: str = strawberry.field(default="", description="The company's registered name (empty: none).")
    address: str = strawberry.field(default="", description="The company's postal address, as printed.")
    website: str = strawberry.field(default="", description="The company's web site (empty: none).")
    exchange_rates: list[ExchangeRate] = strawberry.field(
        default_factory=list, description="The other currencies the workspace trades in, with their rates."
    )
    fiscal_year_start_month: int = strawberry.field(default=1, description="The fiscal year's first month (1-12).")
    brand_colour: str = strawberry.field(
        default="", description="The shell's and e-mails' colour, #rrggbb (empty: default)."
    )
    logo_url: str | None = strawberry.field(
        default=None, description="The workspace's logo, a path on the workspace's host (null: none)."
    )

    @strawberry.field(description="The default currency first, then the others of `exchangeRates`.")
    def supported_currencies(self) -> list[str]:
        return [self.currency, *(r.currency for r in self.exchange_rates)]

    @classmethod
    def of(cls, tenant: models.Tenant) -> TenantType:
        return cls(
            name=tenant.name,
            subdomain=tenant.subdomain,
            url=tenant.url,
            locale=tenant.locale,
            currency=tenant.currency,
            time_zone=tenant.time_zone,
            legal_name=tenant.legal_name,
            address=tenant.address,
            website=tenant.website,
            exchange_rates=[
                ExchangeRate(currency=code, rate=Decimal(rate)) for code, rate in sorted(tenant.exchange_rates.items())
            ],
            fiscal_year_start_month=tenant.fiscal_year_start_month,
            brand_colour=tenant.brand_colour,
            logo_url=logo_path(tenant),
        )


@strawberry.type(description="A seat of the signed-in user in a workspace.")
class MembershipType:
    role: str = strawberry.field(description='The role key there, e.g. "owner", "sales" or "custom".')
    tenant: TenantType = strawberry.field(description="The workspace.")

    @classmethod
    def of(cls, membership: models.Membership) -> MembershipType:
        return cls(role=membership.role, tenant=TenantType.of(membership.tenant))


@strawberry.type(description="The signed-in member of the current workspace.")
class Me:
    id: strawberry.ID = strawberry.field(
        description="The member's user as a global id: the `User` id records name as their `owner` "
        "(in `changes` values, `recordChanged` payloads and `owner { id }`)."
    )
    email: str = strawberry.field(description="Your sign-in e-mail.")
    full_name: str = strawberry.field(description="Your full name.")
    role: str = strawberry.field(description='Your role key here, e.g. "owner", "sales" or "custom".')

    @classmethod
    def of(cls, membership: models.Membership) -> Me:
        return cls(
            id=strawberry.ID(to_base64("User", membership.user.pk)),
            email=membership.user.email,
            full_name=membership.user.full_name,
            role=membership.role,
        )
