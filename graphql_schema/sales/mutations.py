"""Mutations of the sales module: declarations on the mutation base; rules live in saas.sales.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.money import MoneyInput
from graphql_schema.core.mutations import Call, Create, Delete, Update, VersionedInput, recycle_bin_fields
from graphql_schema.core.nodes import decode_id
from graphql_schema.customers.enums import BuyingRole
from graphql_schema.errors import DeletePayload, UserError
from saas.access.services import require_admin
from saas.sales import models, services

from .enums import ForecastCategory, StageKind
from .types import CompetingProductNode, CompetitorNode, DealNode, PipelineNode, StageNode


@strawberry.input(description="A contact's part in a deal.")
class DealContactInput:
    contact_id: relay.GlobalID = strawberry.field(description="The contact.")
    role: BuyingRole | None = strawberry.field(default=None, description="Their part in the buying decision.")


@strawberry.input
class CreateDealInput:
    title: str = strawberry.field(description="What is being sold, in a few words.")
    amount: MoneyInput | None = strawberry.field(default=None, description="Expected value.")
    pipeline_id: relay.GlobalID | None = strawberry.field(default=None, description="Null: the default pipeline.")
    stage_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Null: the first open stage of the pipeline."
    )
    probability: int | None = strawberry.field(default=None, description="Percent; null: the stage's default.")
    expected_close_date: date | None = strawberry.field(default=None, description="When it is expected to close.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who works the deal; null: you.")
    company_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer.")
    contacts: list[DealContactInput] | None = strawberry.field(
        default=None, description="Contacts involved, with their roles."
    )
    competitor_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="Competitors in the running."
    )
    next_step: str | None = strawberry.field(default=None, description="What happens next.")
    lost_reason: str | None = strawberry.field(
        default=None, description="Why it was lost (required when starting in a lost stage)."
    )
    forecast_category: ForecastCategory | None = strawberry.field(
        default=None, description="Where it counts in the forecast; null: from its probability."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(
    description="Only the fields given change; null clears an optional field. Stages change with moveDeal."
)
class UpdateDealInput(VersionedInput):
    id: relay.GlobalID
    title: str | None = strawberry.field(default=UNSET, description="What is being sold.")
    amount: MoneyInput | None = strawberry.field(default=UNSET, description="Expected value; null clears it.")
    probability: int | None = strawberry.field(default=UNSET, description="Win probability, percent.")
    expected_close_date: date | None = strawberry.field(default=UNSET, description="When it is expected to close.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who works the deal.")
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    contacts: list[DealContactInput] | None = strawberry.field(
        default=UNSET, description="Contacts involved, with their roles (replaces the list)."
    )
    competitor_ids: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="Competitors in the running (replaces the list)."
    )
    next_step: str | None = strawberry.field(default=UNSET, description="What happens next.")
    lost_reason: str | None = strawberry.field(default=UNSET, description="Why it was lost.")
    forecast_category: ForecastCategory | None = strawberry.field(
        default=UNSET, description="Where it counts in the forecast; null: from its probability again."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class MoveDealInput:
    id: relay.GlobalID
    stage_id: relay.GlobalID = strawberry.field(description="The stage to move to (of any pipeline).")
    lost_reason: str | None = strawberry.field(default=None, description="Required when moving to a lost stage.")
    probability: int | None = strawberry.field(default=None, description="Null: the new stage's default.")


@strawberry.input
class DealIdInput:
    id: relay.GlobalID


@strawberry.type
class DealPayload:
    deal: DealNode | None = strawberry.field(default=None, description="The deal, when the mutation succeeded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="One stage of a new pipeline.")
class StageInput:
    name: str = strawberry.field(description="The name, unique in the pipeline.")
    probability: int | None = strawberry.field(default=None, description="Null: 100 for won, else 0.")
    kind: StageKind = strawberry.field(default=StageKind.OPEN, description="Open, won or lost.")


@strawberry.input
class CreatePipelineInput:
    name: str = strawberry.field(description="The name, unique in the workspace.")
    stages: list[StageInput] = strawberry.field(description="In order.")


@strawberry.type
class PipelinePayload:
    pipeline: PipelineNode | None = strawberry.field(
        default=None, description="The pipeline, when the mutation succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateStageInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The new name.")
    probability: int | None = strawberry.field(default=UNSET, description="The new default probability, percent.")


@strawberry.type
class StagePayload:
    stage: StageNode | None = strawberry.field(default=None, description="The stage, when the mutation succeeded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCompetitorInput:
    name: str = strawberry.field(description="The name, unique in the workspace.")
    website: str | None = strawberry.field(default=None, description="Web address.")
    strengths: str | None = strawberry.field(default=None, description="Where they beat us.")
    weaknesses: str | None = strawberry.field(default=None, description="Where we beat them.")


@strawberry.input
class UpdateCompetitorInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The name.")
    website: str | None = strawberry.field(default=UNSET, description="Web address.")
    strengths: str | None = strawberry.field(default=UNSET, description="Where they beat us.")
    weaknesses: str | None = strawberry.field(default=UNSET, description="Where we beat them.")


@strawberry.type
class CompetitorPayload:
    competitor: CompetitorNode | None = strawberry.field(
        default=None, description="The competitor, when the mutation succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCompetingProductInput:
    competitor_id: relay.GlobalID = strawberry.field(description="Who makes it.")
    name: str = strawberry.field(description="The product name, unique for the competitor.")
    price: MoneyInput | None = strawberry.field(default=None, description="List price.")
    strengths: str | None = strawberry.field(default=None, description="Where it beats us.")
    weaknesses: str | None = strawberry.field(default=None, description="Where we beat it.")


@strawberry.input
class UpdateCompetingProductInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The product name.")
    price: MoneyInput | None = strawberry.field(default=UNSET, description="List price; null clears it.")
    strengths: str | None = strawberry.field(default=UNSET, description="Where it beats us.")
    weaknesses: str | None = strawberry.field(default=UNSET, description="Where we beat it.")


@strawberry.type
class CompetingProductPayload:
    competing_product: CompetingProductNode | None = strawberry.field(
        default=None, description="The product, when the mutation succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CompetitorIdInput:
    id: relay.GlobalID


def _contact_roles(input: Any, arguments: dict[str, Any]) -> dict[str, Any]:
    """``contacts: [{contactId, role}]`` → ``[{contact: pk, role}]`` (the nested ids decoded)."""
    if arguments.get("contacts") is not None:
        arguments["contacts"] = [
            {
                "contact": decode_id(item.contact_id, "Contact", f"contacts.{i}.contactId"),
                "role": item.role.value if item.role else None,
            }
            for i, item in enumerate(input.contacts)
        ]
    return arguments


@dataclass(frozen=True)
class CreateDeal(Create):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _contact_roles(input, super().arguments(input))


@dataclass(frozen=True)
class UpdateDeal(Update):
    def arguments(self, input: Any) -> dict[str, Any]:
        return _contact_roles(input, super().arguments(input))


@dataclass(frozen=True)
class MoveDeal(Update):
    """``move_deal(membership, pk, stage, lost_reason=, probability=)``."""

    def call(self, membership: Any, input: Any) -> Any:
        return services.move_deal(membership, decode_id(input.id, "Deal", "id"), **self.arguments(input))


DEAL_IDS = {
    "pipeline_id": ("pipeline", "Pipeline"),
    "stage_id": ("stage", "Stage"),
    "owner_id": ("owner", "User"),
    "company_id": ("company", "Company"),
    "competitor_ids": ("competitors", "Competitor"),
}
DEAL_MONEY = {"amount": "currency"}


@strawberry.type
class SalesMutation:
    create_deal = CreateDeal(
        CreateDealInput, DealPayload, "deal", services.create_deal, ids=DEAL_IDS, money=DEAL_MONEY
    ).field("Open a deal; it starts in the given stage or the first open stage of the pipeline.")
    update_deal = UpdateDeal(
        UpdateDealInput, DealPayload, "deal", services.update_deal, ids=DEAL_IDS, money=DEAL_MONEY, node="Deal"
    ).field("Change a deal (its stage changes with moveDeal).")
    move_deal = MoveDeal(
        MoveDealInput, DealPayload, "deal", services.move_deal, ids={"stage_id": ("stage", "Stage")}, node="Deal"
    ).field("Move a deal to another stage; its stage history keeps the move and the time spent in the old stage.")
    delete_deal, restore_deal = recycle_bin_fields(models.Deal, DealIdInput, DealPayload, "deal")

    create_pipeline = Call(
        CreatePipelineInput, PipelinePayload, "pipeline", services.create_pipeline, permission=require_admin
    ).field("A new pipeline with its stages (admins).")
    update_stage = Update(
        UpdateStageInput, StagePayload, "stage", services.update_stage, node="Stage", permission=require_admin
    ).field("Rename a stage or change its default probability (admins).")

    create_competitor = Create(
        CreateCompetitorInput, CompetitorPayload, "competitor", services.create_competitor
    ).field("Add a competitor.")
    update_competitor = Update(
        UpdateCompetitorInput, CompetitorPayload, "competitor", services.update_competitor, node="Competitor"
    ).field("Change a competitor.")
    delete_competitor = Delete(
        CompetitorIdInput, DeletePayload, "deleted_id", services.delete_competitor, node="Competitor"
    ).field("Delete a competitor for good (its deals stay).")
    create_competing_product = Create(
        CreateCompetingProductInput,
        CompetingProductPayload,
        "competing_product",
        services.create_competing_product,
        ids={"competitor_id": ("competitor_id", "Competitor")},
        money={"price": "currency"},
    ).field("Add a competitor's product.")
    update_competing_product = Update(
        UpdateCompetingProductInput,
        CompetingProductPayload,
        "competing_product",
        services.update_competing_product,
        node="CompetingProduct",
        money={"price": "currency"},
    ).field("Change a competitor's product.")
    delete_competing_product = Delete(
        CompetitorIdInput, DeletePayload, "deleted_id", services.delete_competing_product, node="CompetingProduct"
    ).field("Delete a competitor's product for good.")
