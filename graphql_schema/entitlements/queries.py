"""Lists of entitlements (a fixed number of SQL queries) and a ticket's entitlement."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
import strawberry_django
from django.db.models import QuerySet
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.nodes import decode_id
from graphql_schema.permissions import require_membership, scoped
from saas.entitlements import models, services
from saas.entitlements.models import SEARCH_CONFIG, search_vector
from saas.errors import ServiceError
from saas.service.models import Ticket

from .filters import EntitlementFilter, EntitlementOrder
from .types import EntitlementNode, TicketEntitlement

SEARCH_HELP = "Full text over the name; every word must match the start of a word."


def _entitlements(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> Any:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=EntitlementOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


def ticket_entitlement(info: Info, ticket: Ticket) -> TicketEntitlement:
    """What the API says of a ticket's entitlement (the ticket read by the member already)."""
    link = services.ticket_link(ticket.pk)
    entitlement = None
    if link is not None:
        entitlement = scoped(info, models.Entitlement.all_objects.filter(pk=link.entitlement_id)).first()
    available = scoped(info, services.candidates(ticket)).select_related("company")
    return TicketEntitlement(
        ticket=ticket,  # type: ignore[arg-type]
        entitlement=entitlement,
        entitled=link is not None,
        linked_at=link.linked_at if link else None,
        linked_by=link.linked_by if link else None,
        available=sorted(available, key=services.specificity),  # type: ignore[arg-type]
    )


@strawberry.type(name="EntitlementSettings", description="How this workspace works with entitlements.")
class EntitlementSettings:
    auto_link_tickets: bool = strawberry.field(
        description="A new ticket of a company is linked to its best entitlement as it arrives (and uses an "
        "incident); false: agents link tickets by hand."
    )
    warn_at_percent: int | None = strawberry.field(
        description="An entitlement's owner is told once when this share (percent) of its allowance is used; "
        "null: never."
    )

    @classmethod
    def of(cls, row: models.EntitlementSettings) -> EntitlementSettings:
        return cls(auto_link_tickets=row.auto_link_tickets, warn_at_percent=row.warn_at_percent)


@strawberry.type
class EntitlementsQuery:
    @strawberry_django.connection(
        KeysetConnection[EntitlementNode], description="Service entitlements, ending soonest first."
    )
    def entitlements(
        self,
        info: Info,
        filter: EntitlementFilter | None = None,
        order_by: list[EntitlementOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _entitlements(models.Entitlement.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(
        KeysetConnection[EntitlementNode], description="The recycle bin: deleted entitlements."
    )
    def deleted_entitlements(
        self,
        info: Info,
        filter: EntitlementFilter | None = None,
        order_by: list[EntitlementOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Entitlement.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _entitlements(queryset, info, filter, order_by, search)

    @strawberry.field(description="This workspace's entitlement settings (every member reads them).")
    def entitlement_settings(self, info: Info) -> EntitlementSettings:
        require_membership(info)
        return EntitlementSettings.of(models.EntitlementSettings.current())

    @strawberry.field(description="The entitlement a ticket is worked under (null: no such ticket you may read).")
    def ticket_entitlement(
        self, info: Info, ticket_id: Annotated[relay.GlobalID, strawberry.argument(description="The ticket.")]
    ) -> TicketEntitlement | None:
        try:
            pk = decode_id(ticket_id, "Ticket", "ticketId")
        except ServiceError:
            return None
        ticket = scoped(info, Ticket.objects.filter(pk=pk)).first()
        return ticket_entitlement(info, ticket) if ticket is not None else None
