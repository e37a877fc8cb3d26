from __future__ import annotations

import strawberry

from tenants import models


@strawberry.type(name="Tenant", description="A company's workspace.")
class TenantType:
    name: str
    subdomain: str
    url: str
    locale: str = strawberry.field(description="How the workspace writes dates and numbers (BCP 47, e.g. zh-CN).")
    currency: str = strawberry.field(description="The workspace's default currency (ISO 4217, e.g. CNY).")
    time_zone: str = strawberry.field(description="The workspace's time zone (IANA, e.g. Asia/Shanghai).")

    @classmethod
    def of(cls, tenant: models.Tenant) -> TenantType:
        return cls(
            name=tenant.name,
            subdomain=tenant.subdomain,
            url=tenant.url,
            locale=tenant.locale,
            currency=tenant.currency,
            time_zone=tenant.time_zone,
        )


@strawberry.type(description="A seat of the signed-in user in a workspace.")
class MembershipType:
    role: str
    tenant: TenantType

    @classmethod
    def of(cls, membership: models.Membership) -> MembershipType:
        return cls(role=membership.role, tenant=TenantType.of(membership.tenant))


@strawberry.type(description="The signed-in member of the current workspace.")
class Me:
    email: str
    full_name: str
    role: str

    @classmethod
    def of(cls, membership: models.Membership) -> Me:
        return cls(email=membership.user.email, full_name=membership.user.full_name, role=membership.role)
