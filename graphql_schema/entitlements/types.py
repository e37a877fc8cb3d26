"""The entitlement record type, its usage history, and a ticket's entitlement. Scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.contracts.types import ContractNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.nodes import Scoped, extend_type, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.permissions import membership_of, scoped
from graphql_schema.service.enums import TicketChannel
from graphql_schema.service.types import SlaPolicyNode, TicketNode
from saas.access import policy
from saas.entitlements import models
from saas.service.models import Ticket

from .enums import EntitlementKind, EntitlementStatus, UsageKind


@strawberry_django.type(models.EntitlementUsage, name="EntitlementUsage", description="What a ticket used, when.")
class EntitlementUsageType:
    id: strawberry.ID = strawberry_django.field(description="The usage's key (within its entitlement).")
    amount: Decimal = strawberry_django.field(description="Incidents or hours; negative: given back (unlinked).")
    at: datetime = strawberry_django.field(description="When.")
    by: UserNode | None = strawberry_django.field(description="Who (null: a new ticket used it by itself).")
    note: str = strawberry_django.field(description="Why (new ticket, linked, unlinked, the work done...).")

    @strawberry_django.field(only=["kind"], description="An incident or hours.")
    def kind(self, root: models.EntitlementUsage) -> UsageKind:
        return UsageKind(root.kind)

    @strawberry_django.field(only=["ticket_id"], description="The ticket (null: deleted, or not yours to see).")
    def ticket(self, root: models.EntitlementUsage, info: Info) -> TicketNode | None:
        if root.ticket_id is None:
            return None
        return scoped(info, Ticket.objects.filter(pk=root.ticket_id)).first()


@record_type(models.Entitlement, name="Entitlement", description="Support a customer is entitled to.")
class EntitlementNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="What it is called (Premium support 2027...).")
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="Only this contact's tickets, when given.")
    contract: ContractNode | None = strawberry_django.field(description="The sales contract it comes from.")
    owner: UserNode | None = strawberry_django.field(description="Who looks after it (told when nearly used up).")
    allowance: Decimal | None = strawberry_django.field(description="Incidents or hours allowed; null: unlimited.")
    used: Decimal = strawberry_django.field(description="Incidents or hours used so far.")
    start_date: date = strawberry_django.field(description="First day.")
    end_date: date = strawberry_django.field(description="Last day.")
    sla_policy: SlaPolicyNode | None = strawberry_django.field(
        description="Replaces the ticket priority's SLA policy for the tickets it covers."
    )
    created_at: datetime = strawberry_django.field(description="When it was made.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )

    @strawberry_django.field(only=["kind"], description="Incidents, hours or unlimited.")
    def kind(self, root: models.Entitlement) -> EntitlementKind:
        return EntitlementKind(root.kind)

    @strawberry_django.field(only=["status"], description="Active, exhausted, expired or cancelled.")
    def status(self, root: models.Entitlement) -> EntitlementStatus:
        return EntitlementStatus(root.status)

    @strawberry_django.field(only=["allowance", "used"], description="What is left; null: unlimited.")
    def remaining(self, root: models.Entitlement) -> Decimal | None:
        return root.remaining

    @strawberry_django.field(only=["channels"], description="The ticket channels covered; empty: every channel.")
    def channels(self, root: models.Entitlement) -> list[TicketChannel]:
        return [TicketChannel(c) for c in root.channels]

    @strawberry_django.field(only=["pk"], description="Every use by a ticket, newest first (up to 200).")
    def usage(self, root: models.Entitlement) -> list[EntitlementUsageType]:
        return list(root.usages.select_related("by")[:200])  # type: ignore[arg-type]

    @strawberry_django.field(only=["pk"], description="How many tickets are worked under it now.")
    def ticket_count(self, root: models.Entitlement) -> int:
        return root.ticket_links.count()

    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="The entitlement a ticket is worked under, or that it has none.")
class TicketEntitlement:
    ticket: TicketNode = strawberry.field(description="The ticket.")
    entitlement: EntitlementNode | None = strawberry.field(
        description="Null: not entitled (or an entitlement you may not read)."
    )
    entitled: bool = strawberry.field(description="False: the customer has no entitlement for this ticket.")
    linked_at: datetime | None = strawberry.field(description="When it was linked.")
    linked_by: UserNode | None = strawberry.field(description="Who linked it by hand (null: on arrival).")
    available: list[EntitlementNode] = strawberry.field(
        description="The customer's active entitlements covering the ticket, best first (to link by hand)."
    )


def _link(ticket: Ticket) -> models.TicketEntitlement | None:
    try:
        return ticket.entitlement_link
    except models.TicketEntitlement.DoesNotExist:
        return None


class TicketEntitlementFields:
    """The entitlements module's fields on ``Ticket`` (added by ``extend_type``; one join in a list)."""

    @strawberry_django.field(
        only=["pk"],
        select_related=["entitlement_link__entitlement"],
        description="The entitlement the ticket is worked under; null: not entitled (see `entitled`), or one "
        "you may not read.",
    )
    def entitlement(self, root: Ticket, info: Info) -> EntitlementNode | None:
        link = _link(root)
        if link is None or not policy.allows(membership_of(info), "read", link.entitlement):
            return None
        return link.entitlement  # type: ignore[return-value]

    @strawberry_django.field(
        only=["pk"],
        select_related=["entitlement_link"],
        description="False: the customer has no entitlement covering this ticket (not entitled to support).",
    )
    def entitled(self, root: Ticket) -> bool:
        return _link(root) is not None


extend_type(TicketNode, TicketEntitlementFields)
