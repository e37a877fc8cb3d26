"""``billing`` for owners, ``workspaceStanding`` for every member, checkout and portal mutations."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from graphql_schema.core.mutations import EMPTY_INPUT_DESCRIPTION, Call, EmptyInput
from graphql_schema.errors import Forbidden, UserError
from graphql_schema.permissions import require_membership
from saas.billing import plans, services
from tenants.models import Role

from .types import Billing, WorkspaceStanding, billing_of


@strawberry.input
class StartCheckoutInput:
    plan: str = strawberry.field(description="The plan's code, e.g. `pro`.")


@strawberry.input(description=EMPTY_INPUT_DESCRIPTION)
class OpenBillingPortalInput(EmptyInput):
    pass


@strawberry.type(description="Where to send the owner's browser next (Stripe Checkout or the portal).")
class RedirectPayload:
    url: str | None = strawberry.field(default=None, description="The page to open; null when refused.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BillingQuery:
    @strawberry.field(description="The workspace's plan, subscription, usage and invoices. Owners only.")
    def billing(self, info: Info) -> Billing:
        membership = require_membership(info)
        if membership.role != Role.OWNER:
            raise Forbidden("Only owners see billing.")
        return billing_of(membership.tenant)

    @strawberry.field(description="Whether the workspace is paid up: drives the unpaid banner. Every member.")
    def workspace_standing(self, info: Info) -> WorkspaceStanding:
        return WorkspaceStanding(plans.standing(require_membership(info).tenant).value)


@strawberry.type
class BillingMutation:
    start_checkout = Call(StartCheckoutInput, RedirectPayload, "url", services.start_checkout).field(
        "A Stripe Checkout page subscribing the workspace to a plan (or changing it). Owners only."
    )
    open_billing_portal = Call(
        OpenBillingPortalInput, RedirectPayload, "url", services.open_billing_portal, optional_input=True
    ).field("Stripe's customer portal: payment methods, invoices, cancellation. Owners only.")
