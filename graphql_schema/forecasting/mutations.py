"""Mutations of forecasting: declarations on the mutation base; the rules live in saas.forecasting.services."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.money import MoneyInput
from graphql_schema.core.mutations import Create, Delete, Update, VersionedInput
from graphql_schema.errors import DeletePayload, UserError
from saas.access.services import require_admin
from saas.forecasting import services

from .enums import ForecastPeriod
from .types import CommissionRuleNode, SalesTargetNode


@strawberry.input
class CreateSalesTargetInput:
    user_id: relay.GlobalID | None = strawberry.field(default=None, description="The salesperson (or a team).")
    team_id: relay.GlobalID | None = strawberry.field(default=None, description="The team (or a salesperson).")
    period_kind: ForecastPeriod = strawberry.field(description="Month, quarter or year of the fiscal calendar.")
    period_start: date = strawberry.field(description="Any day of the period (kept as its first day).")
    amount: MoneyInput = strawberry.field(description="The amount to win.")


@strawberry.input(description="Only the fields given change.")
class UpdateSalesTargetInput(VersionedInput):
    id: relay.GlobalID
    period_kind: ForecastPeriod | None = strawberry.field(default=UNSET, description="Month, quarter or year.")
    period_start: date | None = strawberry.field(default=UNSET, description="Any day of the period.")
    amount: MoneyInput | None = strawberry.field(default=UNSET, description="The amount to win.")


@strawberry.input
class SalesTargetIdInput:
    id: relay.GlobalID


@strawberry.type
class SalesTargetPayload:
    sales_target: SalesTargetNode | None = strawberry.field(
        default=None, description="The target, when the mutation succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateCommissionRuleInput:
    name: str = strawberry.field(description="The name.")
    rate: Decimal = strawberry.field(description="Percent of the won amount, 0 to 100.")
    valid_from: date = strawberry.field(description="The first day it holds.")
    valid_until: date | None = strawberry.field(default=None, description="The last day; null: open-ended.")
    user_id: relay.GlobalID | None = strawberry.field(default=None, description="Only this salesperson's deals.")
    team_id: relay.GlobalID | None = strawberry.field(default=None, description="Only this team's deals.")
    pipeline_id: relay.GlobalID | None = strawberry.field(default=None, description="Only this pipeline's deals.")
    product_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Only this product's lines on the deal's accepted quote."
    )
    min_amount: MoneyInput | None = strawberry.field(default=None, description="Only deals worth at least this.")


@strawberry.input(description="Only the fields given change; null clears an optional condition.")
class UpdateCommissionRuleInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The name.")
    rate: Decimal | None = strawberry.field(default=UNSET, description="Percent of the won amount.")
    valid_from: date | None = strawberry.field(default=UNSET, description="The first day it holds.")
    valid_until: date | None = strawberry.field(default=UNSET, description="The last day; null: open-ended.")
    user_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Only this salesperson's deals.")
    team_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Only this team's deals.")
    pipeline_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Only this pipeline's deals.")
    product_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Only this product's lines.")
    min_amount: MoneyInput | None = strawberry.field(default=UNSET, description="Only deals worth at least this.")


@strawberry.input
class CommissionRuleIdInput:
    id: relay.GlobalID


@strawberry.type
class CommissionRulePayload:
    commission_rule: CommissionRuleNode | None = strawberry.field(
        default=None, description="The rule, when the mutation succeeded."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


TARGET_IDS = {"user_id": ("user", "User"), "team_id": ("team", "Team")}
RULE_IDS = {**TARGET_IDS, "pipeline_id": ("pipeline", "Pipeline"), "product_id": ("product", "Product")}


@strawberry.type
class ForecastingMutation:
    create_sales_target = Create(
        CreateSalesTargetInput,
        SalesTargetPayload,
        "sales_target",
        services.create_target,
        ids=TARGET_IDS,
        money={"amount": "currency"},
    ).field("Set a salesperson's or a team's target for a fiscal month, quarter or year (managers and admins).")
    update_sales_target = Update(
        UpdateSalesTargetInput,
        SalesTargetPayload,
        "sales_target",
        services.update_target,
        money={"amount": "currency"},
        node="SalesTarget",
    ).field("Change a target's amount or period.")
    delete_sales_target = Delete(
        SalesTargetIdInput, DeletePayload, "deleted_id", services.delete_target, node="SalesTarget"
    ).field("Remove a target.")

    create_commission_rule = Create(
        CreateCommissionRuleInput,
        CommissionRulePayload,
        "commission_rule",
        services.create_commission_rule,
        ids=RULE_IDS,
        money={"min_amount": "currency"},
        permission=require_admin,
    ).field("A new commission rule (admins).")
    update_commission_rule = Update(
        UpdateCommissionRuleInput,
        CommissionRulePayload,
        "commission_rule",
        services.update_commission_rule,
        ids=RULE_IDS,
        money={"min_amount": "currency"},
        node="CommissionRule",
        permission=require_admin,
    ).field("Change a commission rule (admins).")
    delete_commission_rule = Delete(
        CommissionRuleIdInput,
        DeletePayload,
        "deleted_id",
        services.delete_commission_rule,
        node="CommissionRule",
        permission=require_admin,
    ).field("Remove a commission rule (admins).")
