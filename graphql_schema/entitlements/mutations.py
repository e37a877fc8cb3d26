"""Mutations of entitlements and of tickets' entitlements: declarations on the mutation base; rules live in
saas.entitlements.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import UNSET, relay
from strawberry.types import Info

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.mutations import Act, Call, Create, Update, VersionedInput, recycle_bin_fields
from graphql_schema.errors import UserError
from graphql_schema.service.enums import TicketChannel
from saas.access.services import require_admin
from saas.entitlements import models, services

from .enums import EntitlementKind
from .queries import EntitlementSettings, ticket_entitlement
from .types import EntitlementNode, TicketEntitlement


@strawberry.input
class CreateEntitlementInput:
    name: str = strawberry.field(description="What it is called.")
    company_id: relay.GlobalID = strawberry.field(description="The customer.")
    start_date: date = strawberry.field(description="First day.")
    end_date: date = strawberry.field(description="Last day (not before the first).")
    kind: EntitlementKind | None = strawberry.field(default=None, description="Default: incidents.")
    allowance: Decimal | None = strawberry.field(
        default=None, description="Incidents (whole) or hours; required unless unlimited."
    )
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="Only this contact's tickets.")
    contract_id: relay.GlobalID | None = strawberry.field(default=None, description="The contract it comes from.")
    sla_policy_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The SLA policy of its tickets instead of their priority's."
    )
    channels: list[TicketChannel] | None = strawberry.field(default=None, description="Covered; none: all.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who looks after it; null: you.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateEntitlementInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="What it is called.")
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    kind: EntitlementKind | None = strawberry.field(default=UNSET, description="Incidents, hours or unlimited.")
    allowance: Decimal | None = strawberry.field(default=UNSET, description="Incidents or hours allowed.")
    start_date: date | None = strawberry.field(default=UNSET, description="First day.")
    end_date: date | None = strawberry.field(default=UNSET, description="Last day.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Only this contact's tickets.")
    contract_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The contract it comes from.")
    sla_policy_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Its SLA policy.")
    channels: list[TicketChannel] | None = strawberry.field(default=UNSET, description="Covered; empty: all.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who looks after it.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input(description="Only the fields given change.")
class UpdateEntitlementSettingsInput:
    auto_link_tickets: bool | None = strawberry.field(
        default=UNSET, description="Link new tickets to their customer's best entitlement as they arrive."
    )
    warn_at_percent: int | None = strawberry.field(
        default=UNSET, description="Tell the owner once at this share (1-100 percent) of the allowance; null: never."
    )


@strawberry.type
class UpdateEntitlementSettingsPayload:
    entitlement_settings: EntitlementSettings | None = strawberry.field(
        default=None, description="The settings now in force, on success."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


class UpdateSettings(Call):
    def answer(self, result: Any) -> Any:
        return self.payload(entitlement_settings=EntitlementSettings.of(result))


@strawberry.input
class EntitlementIdInput:
    id: relay.GlobalID


@strawberry.type
class EntitlementPayload:
    entitlement: EntitlementNode | None = strawberry.field(default=None, description="The entitlement, on success.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class LinkTicketEntitlementInput:
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket.")
    entitlement_id: relay.GlobalID = strawberry.field(description="An active entitlement of the ticket's customer.")


@strawberry.input
class UnlinkTicketEntitlementInput:
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket; its entitlement gets back what it used.")


@strawberry.input
class RecordEntitlementHoursInput:
    ticket_id: relay.GlobalID = strawberry.field(description="A ticket worked under an hours entitlement.")
    hours: Decimal = strawberry.field(description="Hours worked (above 0, at most 2 decimals).")
    note: str | None = strawberry.field(default=None, description="What was done.")


@strawberry.type
class TicketEntitlementPayload:
    ticket_entitlement: TicketEntitlement | None = strawberry.field(
        default=None, description="The ticket's entitlement now, on success."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@dataclass(frozen=True)
class TicketCall(Call):
    """A service answering the ticket: the payload tells its entitlement now, as the member may read it."""

    def run(self, info: Info, input: Any) -> Any:
        payload = super().run(info, input)
        if payload.ticket_entitlement is not None:
            payload.ticket_entitlement = ticket_entitlement(info, payload.ticket_entitlement)
        return payload


IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "contract_id": ("contract", "Contract"),
    "sla_policy_id": ("sla_policy", "SlaPolicy"),
    "owner_id": ("owner", "User"),
}
TICKET_IDS = {"ticket_id": ("ticket_id", "Ticket"), "entitlement_id": ("entitlement_id", "Entitlement")}


@strawberry.type
class EntitlementsMutation:
    create_entitlement = Create(
        CreateEntitlementInput, EntitlementPayload, "entitlement", services.create_entitlement, ids=IDS
    ).field("An entitlement of a customer to support: incidents, hours or unlimited, for a period.")
    update_entitlement = Update(
        UpdateEntitlementInput, EntitlementPayload, "entitlement", services.update_entitlement, ids=IDS,
        node="Entitlement",
    ).field("Change an entitlement that is not cancelled; its status follows its dates and allowance.")  # fmt: skip
    cancel_entitlement = Act(
        EntitlementIdInput, EntitlementPayload, "entitlement", services.cancel_entitlement, node="Entitlement"
    ).field("Stop an entitlement: no new ticket uses it.")
    delete_entitlement, restore_entitlement = recycle_bin_fields(
        models.Entitlement, EntitlementIdInput, EntitlementPayload, "entitlement"
    )
    update_entitlement_settings = UpdateSettings(
        UpdateEntitlementSettingsInput,
        UpdateEntitlementSettingsPayload,
        "entitlement_settings",
        services.update_settings,
        permission=require_admin,
    ).field("Owners and admins: whether new tickets take an entitlement by themselves, and when owners are told.")
    link_ticket_entitlement = TicketCall(
        LinkTicketEntitlementInput, TicketEntitlementPayload, "ticket_entitlement",
        services.link_ticket_entitlement, ids=TICKET_IDS,
    ).field("Work a ticket under an entitlement (it uses an incident); refused when it is used up, expired "
            "or another company's.")  # fmt: skip
    unlink_ticket_entitlement = TicketCall(
        UnlinkTicketEntitlementInput, TicketEntitlementPayload, "ticket_entitlement",
        services.unlink_ticket_entitlement, ids=TICKET_IDS,
    ).field("Work a ticket under no entitlement; what it used is given back.")  # fmt: skip
    record_entitlement_hours = TicketCall(
        RecordEntitlementHoursInput, TicketEntitlementPayload, "ticket_entitlement", services.record_hours,
        ids=TICKET_IDS,
    ).field("Hours worked on a ticket, taken from its hours entitlement.")  # fmt: skip
