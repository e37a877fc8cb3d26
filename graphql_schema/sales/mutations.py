"""Mutations of the sales module: declarations on the mutation base; rules live in saas.sales.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.money import MoneyInput
from graphql_schema.core.mutations import Call, Create, Delete, Restore, SoftDelete, Update
from graphql_schema.core.nodes import decode_id
from graphql_schema.customers.enums import BuyingRole
from graphql_schema.errors import DeletePayload, UserError
from saas.access.services import require_admin
from saas.sales import models, services

from .enums import StageKind
from .types import CompetingProductNode, CompetitorNode, DealNode, PipelineNode, StageNode


@strawberry.input(description="A contact's part in a deal.")
class DealContactInput:
    contact_id: relay.GlobalID
    role: BuyingRole | None = None


@strawberry.input
class CreateDealInput:
    title: str
    amount: MoneyInput | None = None
    pipeline_id: relay.GlobalID | None = strawberry.field(default=None, description="Null: the default pipeline.")
    stage_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Null: the first open stage of the pipeline."
    )
    probability: int | None = strawberry.field(default=None, description="Percent; null: the stage's default.")
    expected_close_date: date | None = None
    owner_id: relay.GlobalID | None = None
    company_id: relay.GlobalID | None = None
    contacts: list[DealContactInput] | None = None
    competitor_ids: list[relay.GlobalID] | None = None
    next_step: str | None = None
    lost_reason: str | None = None
    custom_fields: list[CustomFieldInput] | None = None


@strawberry.input(
    description="Only the fields given change; null clears an optional field. Stages change with moveDeal."
)
class UpdateDealInput:
    id: relay.GlobalID
    title: str | None = UNSET
    amount: MoneyInput | None = UNSET
    probability: int | None = UNSET
    expected_close_date: date | None = UNSET
    owner_id: relay.GlobalID | None = UNSET
    company_id: relay.GlobalID | None = UNSET
    contacts: list[DealContactInput] | None = UNSET
    competitor_ids: list[relay.GlobalID] | None = UNSET
    next_step: str | None = UNSET
    lost_reason: str | None = UNSET
    custom_fields: list[CustomFieldInput] | None = UNSET


@strawberry.input
class MoveDealInput:
    id: relay.GlobalID
    stage_id: relay.GlobalID
    lost_reason: str | None = strawberry.field(default=None, description="Required when moving to a lost stage.")
    probability: int | None = strawberry.field(default=None, description="Null: the new stage's default.")


@strawberry.input
class DealIdInput:
    id: relay.GlobalID


@strawberry.type
class DealPayload:
    deal: DealNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class StageInput:
    name: str
    probability: int | None = strawberry.field(default=None, description="Null: 100 for won, else 0.")
    kind: StageKind = StageKind.OPEN


@strawberry.input
class CreatePipelineInput:
    name: str
    stages: list[StageInput] = strawberry.field(description="In order.")


@strawberry.type
class PipelinePayload:
    pipeline: PipelineNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class UpdateStageInput:
    id: relay.GlobalID
    name: str | None = UNSET
    probability: int | None = UNSET


@strawberry.type
class StagePayload:
    stage: StageNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCompetitorInput:
    name: str
    website: str | None = None
    strengths: str | None = None
    weaknesses: str | None = None


@strawberry.input
class UpdateCompetitorInput:
    id: relay.GlobalID
    name: str | None = UNSET
    website: str | None = UNSET
    strengths: str | None = UNSET
    weaknesses: str | None = UNSET


@strawberry.type
class CompetitorPayload:
    competitor: CompetitorNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCompetingProductInput:
    competitor_id: relay.GlobalID
    name: str
    price: MoneyInput | None = None
    strengths: str | None = None
    weaknesses: str | None = None


@strawberry.input
class UpdateCompetingProductInput:
    id: relay.GlobalID
    name: str | None = UNSET
    price: MoneyInput | None = UNSET
    strengths: str | None = UNSET
    weaknesses: str | None = UNSET


@strawberry.type
class CompetingProductPayload:
    competing_product: CompetingProductNode | None = None
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
    ).field()
    update_deal = UpdateDeal(
        UpdateDealInput, DealPayload, "deal", services.update_deal, ids=DEAL_IDS, money=DEAL_MONEY, node="Deal"
    ).field()
    move_deal = MoveDeal(
        MoveDealInput, DealPayload, "deal", services.move_deal, ids={"stage_id": ("stage", "Stage")}, node="Deal"
    ).field("Move a deal to another stage; its stage history keeps the move and the time spent in the old stage.")
    delete_deal = SoftDelete(DealIdInput, DealPayload, "deal", model=models.Deal).field("To the recycle bin.")
    restore_deal = Restore(DealIdInput, DealPayload, "deal", model=models.Deal).field()

    create_pipeline = Call(
        CreatePipelineInput, PipelinePayload, "pipeline", services.create_pipeline, permission=require_admin
    ).field("A new pipeline with its stages (admins).")
    update_stage = Update(
        UpdateStageInput, StagePayload, "stage", services.update_stage, node="Stage", permission=require_admin
    ).field("Rename a stage or change its default probability (admins).")

    create_competitor = Create(
        CreateCompetitorInput, CompetitorPayload, "competitor", services.create_competitor
    ).field()
    update_competitor = Update(
        UpdateCompetitorInput, CompetitorPayload, "competitor", services.update_competitor, node="Competitor"
    ).field()
    delete_competitor = Delete(
        CompetitorIdInput, DeletePayload, "deleted_id", services.delete_competitor, node="Competitor"
    ).field()
    create_competing_product = Create(
        CreateCompetingProductInput,
        CompetingProductPayload,
        "competing_product",
        services.create_competing_product,
        ids={"competitor_id": ("competitor_id", "Competitor")},
        money={"price": "currency"},
    ).field()
    update_competing_product = Update(
        UpdateCompetingProductInput,
        CompetingProductPayload,
        "competing_product",
        services.update_competing_product,
        node="CompetingProduct",
        money={"price": "currency"},
    ).field()
    delete_competing_product = Delete(
        CompetitorIdInput, DeletePayload, "deleted_id", services.delete_competing_product, node="CompetingProduct"
    ).field()
