"""How contracts and development plans plug into access control: record types and sample-record factories."""

from __future__ import annotations

from datetime import date

from saas.access.registry import register
from saas.customers.models import Company

from .models import Contract, DevelopmentPlan, PlanStep


def _company(owner_id: int | None) -> Company:
    """One customer for every sample record: a sample contract or plan adds no company of its own."""
    return Company.objects.order_by("created_at", "id").first() or Company.objects.create(
        name="Contracted customer", owner_id=owner_id
    )


def new_contract(owner_id: int | None) -> Contract:
    number = (Contract._base_manager.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Contract.objects.create(
        number=number,
        title="Matrix support contract",
        company=_company(owner_id),
        owner_id=owner_id,
        start_date=date(2026, 1, 1),
        end_date=date(2026, 12, 31),
        value=12000,
        currency="USD",
    )


def new_development_plan(owner_id: int | None) -> DevelopmentPlan:
    plan = DevelopmentPlan.objects.create(company=_company(owner_id), owner_id=owner_id, goal="Win the EU branch")
    PlanStep.objects.create(plan=plan, position=0, title="Meet the CFO")
    return plan


def register_record_types() -> None:
    register(
        Contract,
        owner_field="owner",
        sensitive_fields=("value",),  # as the deal amount
        factory=new_contract,
        field_overrides={"sales": {"value": None}},  # sellers price their own contracts, as their deals
    )
    register(DevelopmentPlan, owner_field="owner", factory=new_development_plan)
