"""The throw-away module's API half: a record type, a list and its mutations, all on the kit.

Not in graphql_schema.modules: the test assembles a schema from that list plus ``SAMPLE_API``.
"""

from __future__ import annotations

from collections.abc import Iterable

import strawberry
import strawberry_django
from strawberry import UNSET, relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.mutations import Create, Restore, SoftDelete, Update
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.errors import UserError
from graphql_schema.permissions import access_controlled
from graphql_schema.registry import ApiModule

from .models import SampleTicket
from .module import SAMPLE
from .services import TICKETS


@access_controlled
@record_type(SampleTicket, name="SampleTicket")
class SampleTicketNode(Scoped, relay.Node):
    title: str
    notes: str | None
    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.input
class CreateSampleTicketInput:
    title: str
    notes: str | None = None
    owner_id: relay.GlobalID | None = None


@strawberry.input
class UpdateSampleTicketInput:
    id: relay.GlobalID
    title: str | None = UNSET
    notes: str | None = UNSET


@strawberry.input
class SampleTicketIdInput:
    id: relay.GlobalID


@strawberry.type
class SampleTicketPayload:
    sample_ticket: SampleTicketNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SampleQuery:
    @strawberry_django.connection(KeysetConnection[SampleTicketNode])
    def sample_tickets(self, info: Info) -> Iterable[SampleTicket]:
        return listed(SampleTicket.objects.all(), info)


TICKET_IDS = {"owner_id": ("owner_id", "User")}


@strawberry.type
class SampleMutation:
    create_sample_ticket = Create(
        CreateSampleTicketInput, SampleTicketPayload, "sample_ticket", TICKETS.create, ids=TICKET_IDS
    ).field()
    update_sample_ticket = Update(
        UpdateSampleTicketInput, SampleTicketPayload, "sample_ticket", TICKETS.update, node="SampleTicket"
    ).field()
    delete_sample_ticket = SoftDelete(
        SampleTicketIdInput, SampleTicketPayload, "sample_ticket", model=SampleTicket
    ).field()
    restore_sample_ticket = Restore(
        SampleTicketIdInput, SampleTicketPayload, "sample_ticket", model=SampleTicket
    ).field()


SAMPLE_API = ApiModule("sample", query=SampleQuery, mutation=SampleMutation, domain=SAMPLE)
