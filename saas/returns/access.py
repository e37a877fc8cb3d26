"""How returns plug into access control: return requests and claims, with sample-record factories."""

from __future__ import annotations

from decimal import Decimal

from saas.access.registry import register
from saas.catalog.access import new_order
from saas.catalog.models import Order
from saas.customers.models import Company

from .models import Claim, ReturnRequest

# A refund or a claim's amounts tell what the customer gets back, as a deal's amount tells what they pay:
# hidden or read-only wherever that is, except for the service desk, which handles returns and claims.
RETURN_FIGURES = ("refund_amount",)
CLAIM_FIGURES = ("amount_claimed", "amount_approved")
HANDLERS_RETURNS = {"service": dict.fromkeys(RETURN_FIGURES)}
HANDLERS_CLAIMS = {"service": dict.fromkeys(CLAIM_FIGURES)}


def _company(owner_id: int | None) -> Company:
    """One customer for every sample record: a sample return or claim adds no company of its own."""
    return Company.objects.order_by("created_at", "id").first() or Company.objects.create(
        name="Returns customer", owner_id=owner_id
    )


def _order(owner_id: int | None) -> Order:
    return Order.objects.order_by("number").first() or new_order(owner_id)


def new_return_request(owner_id: int | None) -> ReturnRequest:
    number = (ReturnRequest._base_manager.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return ReturnRequest.objects.create(
        number=number, company=_company(owner_id), order=_order(owner_id), owner_id=owner_id, reason="Damaged",
        refund_amount=Decimal(20),
    )  # fmt: skip


def new_claim(owner_id: int | None) -> Claim:
    number = (Claim._base_manager.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    return Claim.objects.create(
        number=number, company=_company(owner_id), owner_id=owner_id, description="Arrived broken",
        amount_claimed=Decimal(150),
    )  # fmt: skip


def register_record_types() -> None:
    register(
        ReturnRequest,
        owner_field="owner",
        factory=new_return_request,
        sensitive_like=dict.fromkeys(RETURN_FIGURES, "Deal.amount"),
        field_overrides=HANDLERS_RETURNS,
    )
    register(
        Claim,
        owner_field="owner",
        factory=new_claim,
        sensitive_like=dict.fromkeys(CLAIM_FIGURES, "Deal.amount"),
        field_overrides=HANDLERS_CLAIMS,
    )
