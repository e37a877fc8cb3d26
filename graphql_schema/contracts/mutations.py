"""Mutations of contracts and development plans: declarations on the mutation base; rules live in
saas.contracts.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.money import MoneyInput
from graphql_schema.core.mutations import Act, Call, Create, Delete, Update, VersionedInput, recycle_bin_fields
from graphql_schema.core.nodes import decode_id
from graphql_schema.errors import DeletePayload, UserError
from saas.contracts import models, services

from .enums import BillingFrequency, PlanStatus
from .types import ContractNode, DevelopmentPlanNode


@strawberry.input
class CreateContractInput:
    title: str = strawberry.field(description="What it covers, in a few words.")
    company_id: relay.GlobalID = strawberry.field(description="The customer.")
    start_date: date = strawberry.field(description="First day.")
    end_date: date = strawberry.field(description="Last day (not before the first).")
    contact_id: relay.GlobalID | None = strawberry.field(default=None, description="The customer's contact.")
    deal_id: relay.GlobalID | None = strawberry.field(default=None, description="The deal it came from.")
    order_id: relay.GlobalID | None = strawberry.field(default=None, description="The order it came from.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who looks after it; null: you.")
    value: MoneyInput | None = strawberry.field(default=None, description="What it is worth.")
    billing_frequency: BillingFrequency | None = strawberry.field(default=None, description="Default: annually.")
    auto_renew: bool | None = strawberry.field(default=None, description="Renew by itself at its end.")
    renewal_notice_days: int | None = strawberry.field(
        default=None, description="Remind the owner this many days before the end (0-365, default 30)."
    )
    terms: str | None = strawberry.field(default=None, description="Terms and notes.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field. Status has its own.")
class UpdateContractInput(VersionedInput):
    id: relay.GlobalID
    title: str | None = strawberry.field(default=UNSET, description="What it covers.")
    company_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer.")
    contact_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The customer's contact.")
    deal_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The deal it came from.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who looks after it.")
    start_date: date | None = strawberry.field(default=UNSET, description="First day.")
    end_date: date | None = strawberry.field(default=UNSET, description="Last day.")
    value: MoneyInput | None = strawberry.field(default=UNSET, description="What it is worth; null clears it.")
    billing_frequency: BillingFrequency | None = strawberry.field(default=UNSET, description="Billing frequency.")
    auto_renew: bool | None = strawberry.field(default=UNSET, description="Renew by itself at its end.")
    renewal_notice_days: int | None = strawberry.field(default=UNSET, description="Days of notice (0-365).")
    terms: str | None = strawberry.field(default=UNSET, description="Terms and notes.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class CreateContractFromOrderInput:
    order_id: relay.GlobalID = strawberry.field(description="The order; the contract is worth its total.")
    title: str | None = strawberry.field(default=None, description="Default: the deal's title and the order.")
    company_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The customer when the order's deal has no company."
    )
    start_date: date | None = strawberry.field(default=None, description="Default: today.")
    end_date: date | None = strawberry.field(default=None, description="Default: a year after the start.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who looks after it; null: you.")
    billing_frequency: BillingFrequency | None = strawberry.field(default=None, description="Default: annually.")
    auto_renew: bool | None = strawberry.field(default=None, description="Renew by itself at its end.")
    renewal_notice_days: int | None = strawberry.field(default=None, description="Days of notice (0-365).")


@strawberry.input
class ContractIdInput:
    id: relay.GlobalID


@strawberry.input
class TerminateContractInput:
    id: relay.GlobalID
    reason: str | None = strawberry.field(default=None, description="Why, kept with the change.")


@strawberry.type
class ContractPayload:
    contract: ContractNode | None = strawberry.field(default=None, description="The contract, when it succeeded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class RenewContractPayload:
    contract: ContractNode | None = strawberry.field(default=None, description="The renewed contract.")
    renewal: ContractNode | None = strawberry.field(
        default=None, description="Its follow-on for the next period (the same one when retried)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="A step of a new plan.")
class PlanStepInput:
    title: str = strawberry.field(description="What to do.")
    due_date: date | None = strawberry.field(default=None, description="By when.")


@strawberry.input
class CreateDevelopmentPlanInput:
    company_id: relay.GlobalID = strawberry.field(description="The target account.")
    goal: str = strawberry.field(description="What the plan is for.")
    description: str | None = strawberry.field(default=None, description="More about it.")
    target_date: date | None = strawberry.field(default=None, description="By when.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who drives it; null: you.")
    steps: list[PlanStepInput] | None = strawberry.field(default=None, description="Its first steps, in order.")


@strawberry.input(description="Only the fields given change.")
class UpdateDevelopmentPlanInput(VersionedInput):
    id: relay.GlobalID
    goal: str | None = strawberry.field(default=UNSET, description="What the plan is for.")
    description: str | None = strawberry.field(default=UNSET, description="More about it.")
    target_date: date | None = strawberry.field(default=UNSET, description="By when.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who drives it.")
    status: PlanStatus | None = strawberry.field(default=UNSET, description="Active, achieved or abandoned.")


@strawberry.input
class DevelopmentPlanIdInput:
    id: relay.GlobalID


@strawberry.type
class DevelopmentPlanPayload:
    development_plan: DevelopmentPlanNode | None = strawberry.field(
        default=None, description="The plan now, when it succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class AddPlanStepInput:
    plan_id: relay.GlobalID = strawberry.field(description="The plan; the step goes last.")
    title: str = strawberry.field(description="What to do.")
    due_date: date | None = strawberry.field(default=None, description="By when.")
    activity_id: relay.GlobalID | None = strawberry.field(default=None, description="The activity carrying it out.")


@strawberry.input(description="Only the fields given change.")
class UpdatePlanStepInput:
    step_id: strawberry.ID = strawberry.field(description="The step's id.")
    title: str | None = strawberry.field(default=UNSET, description="What to do.")
    due_date: date | None = strawberry.field(default=UNSET, description="By when; null clears it.")
    activity_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The activity; null unlinks.")


@strawberry.input
class CompletePlanStepInput:
    step_id: strawberry.ID = strawberry.field(description="The step's id.")
    done: bool = strawberry.field(default=True, description="false: not done after all.")


@strawberry.input
class PlanStepIdInput:
    step_id: strawberry.ID = strawberry.field(description="The step's id.")


@strawberry.input
class ReorderPlanStepsInput:
    plan_id: relay.GlobalID = strawberry.field(description="The plan.")
    step_ids: list[strawberry.ID] = strawberry.field(description="Every step of the plan, in the new order.")


@dataclass(frozen=True)
class TerminateContract(Update):
    """``terminate_contract(membership, pk, reason)``."""

    def call(self, membership: Any, input: Any) -> Any:
        return services.terminate_contract(membership, decode_id(input.id, "Contract", "id"), input.reason)


CONTRACT_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "deal_id": ("deal", "Deal"),
    "order_id": ("order", "Order"),
    "owner_id": ("owner", "User"),
}
CONTRACT_MONEY = {"value": "currency"}
STEP_IDS = {"plan_id": ("plan_id", "DevelopmentPlan"), "activity_id": ("activity", "Activity")}


@strawberry.type
class ContractsMutation:
    create_contract = Create(
        CreateContractInput, ContractPayload, "contract", services.create_contract, ids=CONTRACT_IDS,
        money=CONTRACT_MONEY,
    ).field("A draft contract for a customer.")  # fmt: skip
    update_contract = Update(
        UpdateContractInput, ContractPayload, "contract", services.update_contract, ids=CONTRACT_IDS,
        money=CONTRACT_MONEY, node="Contract",
    ).field("Change a draft or active contract (its status changes with its own mutations).")  # fmt: skip
    create_contract_from_order = Create(
        CreateContractFromOrderInput,
        ContractPayload,
        "contract",
        services.create_contract_from_order,
        ids=CONTRACT_IDS,
    ).field("A draft contract worth an order's total, for its customer (again: the same contract).")
    activate_contract = Act(ContractIdInput, ContractPayload, "contract", services.activate_contract,
                            node="Contract").field("Draft → active.")  # fmt: skip
    terminate_contract = TerminateContract(
        TerminateContractInput, ContractPayload, "contract", services.terminate_contract, node="Contract"
    ).field("Active → terminated before its end date.")
    renew_contract = Act(
        ContractIdInput, RenewContractPayload, ("contract", "renewal"), services.renew_contract, node="Contract"
    ).field("Active → renewed, with its follow-on for the next period and the same terms (again: the same one).")
    delete_contract, restore_contract, delete_contracts, restore_contracts = recycle_bin_fields(
        models.Contract, ContractIdInput, ContractPayload, "contract", bulk=True
    )

    create_development_plan = Create(
        CreateDevelopmentPlanInput,
        DevelopmentPlanPayload,
        "development_plan",
        services.create_development_plan,
        ids={"company_id": ("company", "Company"), "owner_id": ("owner", "User")},
    ).field("A development plan for a target account, with its first steps.")
    update_development_plan = Update(
        UpdateDevelopmentPlanInput,
        DevelopmentPlanPayload,
        "development_plan",
        services.update_development_plan,
        ids={"owner_id": ("owner", "User")},
        node="DevelopmentPlan",
    ).field("Change a plan's goal, date, owner or status.")
    delete_development_plan = Delete(
        DevelopmentPlanIdInput, DeletePayload, "deleted_id", services.delete_development_plan, node="DevelopmentPlan"
    ).field("Delete a plan and its steps for good.")
    add_plan_step = Call(
        AddPlanStepInput, DevelopmentPlanPayload, "development_plan", services.add_plan_step, ids=STEP_IDS
    ).field("Add a step at the end of a plan.")
    update_plan_step = Call(
        UpdatePlanStepInput, DevelopmentPlanPayload, "development_plan", services.update_plan_step, ids=STEP_IDS
    ).field("Change a step's title, due date or activity.")
    complete_plan_step = Call(
        CompletePlanStepInput, DevelopmentPlanPayload, "development_plan", services.complete_plan_step
    ).field("Tick a step done (or not done).")
    delete_plan_step = Call(
        PlanStepIdInput, DevelopmentPlanPayload, "development_plan", services.delete_plan_step
    ).field("Remove a step from its plan.")
    reorder_plan_steps = Call(
        ReorderPlanStepsInput,
        DevelopmentPlanPayload,
        "development_plan",
        services.reorder_plan_steps,
        ids={"plan_id": ("plan_id", "DevelopmentPlan")},
    ).field("Put a plan's steps in a new order.")
