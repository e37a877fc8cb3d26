"""Business rules of return requests and claims.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate everything
first (nothing changes on bad input), check the policy, one transaction, then ``written`` (audit entry and
realtime event). Numbers come from the kit's ``saas.kernel.numbers.next_number``; statuses move through the
kit's ``saas.kernel.lifecycle`` (anything else is ``invalid_transition`` and changes nothing)::

    return request:  requested → approved → received → inspected → refunded | replaced | closed
                     requested / inspected → rejected;   approved → closed (nothing came back)
    claim:           submitted → under review → approved | partially approved | rejected;
                     approved / partially approved → settled

A return's lines are order lines of its order, each at most what was ordered less what the customer's other
live returns (not rejected, not deleted) took back; the order is row-locked while they are counted, so two
returns of one order never take the same units. ``refund_amount`` is what the lines are worth at the order's
prices (line discounts, the quote's discount and its tax), kept at every write. Refunded needs the resolution
refund, replaced the resolution replacement. Refunding a return of an invoiced order issues a credit note of
that amount against the invoice (``saas.invoicing.services.credit_invoice``), in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from saas import modules
from saas.access import policy
from saas.catalog import pricing
from saas.catalog.models import Order, OrderLine, OrderStatus
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.invoicing import services as invoicing
from saas.invoicing.models import Invoice, InvoiceStatus
from saas.kernel.changes import diff, plain, snapshot
from saas.kernel.lifecycle import Lifecycle
from saas.kernel.money import workspace_currency
from saas.kernel.numbers import next_number
from saas.kernel.services import apply_fields, apply_update, collect, get_for, member_user, update_record, written
from saas.kernel.validation import check_choice, check_custom_fields, check_decimal, check_length, required_blanks
from saas.repairs.models import Warranty
from tenants.models import Membership

from .models import (
    REASONS,
    Claim,
    ClaimKind,
    ClaimStatus,
    ClaimStatusChange,
    Resolution,
    ReturnLine,
    ReturnRequest,
    ReturnStatus,
    ReturnStatusChange,
)

R = ReturnStatus
RETURN_LIFECYCLE = Lifecycle(
    ReturnStatus,
    {
        R.REQUESTED: {R.APPROVED, R.REJECTED},
        R.APPROVED: {R.RECEIVED, R.CLOSED},
        R.RECEIVED: {R.INSPECTED},
        R.INSPECTED: {R.REFUNDED, R.REPLACED, R.CLOSED, R.REJECTED},
    },
    "return request",
    history=ReturnStatusChange,
    record_field="return_request",
)
C = ClaimStatus
CLAIM_LIFECYCLE = Lifecycle(
    ClaimStatus,
    {
        C.SUBMITTED: {C.UNDER_REVIEW, C.REJECTED},
        C.UNDER_REVIEW: {C.APPROVED, C.PARTIALLY_APPROVED, C.REJECTED},
        C.APPROVED: {C.SETTLED},
        C.PARTIALLY_APPROVED: {C.SETTLED},
    },
    "claim",
    history=ClaimStatusChange,
    record_field="claim",
)
# Until the goods are in, what comes back may still change.
LINES_OPEN = frozenset({R.REQUESTED, R.APPROVED})
RETURN_CLOSED = frozenset({R.REFUNDED, R.REPLACED, R.CLOSED, R.REJECTED})
CLAIM_DECIDED = frozenset({C.APPROVED, C.PARTIALLY_APPROVED, C.REJECTED, C.SETTLED})
MAX_LINES = 200
LARGEST_AMOUNT = Decimal("1e12")

RETURN_FIELDS = ("company", "contact", "order", "owner", "reason", "resolution", "notes", "currency")
RETURN_STATUS_FIELDS = ("status", "closed_at", "credit_note")
RETURN_FIGURES = ("refund_amount",)
CLAIM_FIELDS = ("kind", "company", "contact", "order", "warranty", "owner", "description", "currency")
CLAIM_FIGURES = ("amount_claimed", "amount_approved")
CLAIM_STATUS_FIELDS = ("status", "settled_at")


def _order_company(order: Order | None) -> Any:
    """The customer of an order: its deal's company (None when the deal has none)."""
    return order.deal.company_id if order is not None else None


def _contact(membership: Membership, data: dict[str, Any], errors: ErrorCollector, company_id: Any) -> None:
    if data.get("contact") is not None:
        data["contact"] = contact = collect(errors, membership, Contact, data["contact"], "contactId")
        if contact is not None and company_id is not None and contact.company_id != company_id:
            errors.add("contactId", "The contact works for another company.", ErrorCode.INVALID)


def _owner(membership: Membership, data: dict[str, Any], errors: ErrorCollector) -> None:
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)


# --- return requests -------------------------------------------------------------------------------


def _reason(membership: Membership, data: dict[str, Any], errors: ErrorCollector, creating: bool) -> None:
    if creating or "reason" in data:
        data["reason"] = reason = (data.get("reason") or "").strip()
        check_length(reason, 100, "reason", errors, required=True)
        modules.check_picklist_value(membership, REASONS, reason, "reason", errors)


def _clean_lines(
    membership: Membership, given: Sequence[dict[str, Any]], order: Order, errors: ErrorCollector
) -> list[tuple[OrderLine, Decimal]]:
    """``[{order_line, quantity}]`` as (order line, quantity): lines of this order, each once, more than nothing.

    What is left to return is checked later, under the order's lock (``_check_left``)."""
    if not given:
        errors.add("lines", "Say what comes back: at least one line of the order.", ErrorCode.REQUIRED)
        return []
    if len(given) > MAX_LINES:
        errors.add("lines", f"At most {MAX_LINES} lines.", ErrorCode.TOO_MANY)
        return []
    order_lines = {str(line.pk): line for line in OrderLine.objects.filter(order=order).select_related("product")}
    cleaned: list[tuple[OrderLine, Decimal]] = []
    seen: set[str] = set()
    for i, item in enumerate(given):
        key = str(item.get("order_line"))
        line = order_lines.get(key)
        if line is None:
            errors.add(f"lines.{i}.orderLineId", "Not a line of the order.", ErrorCode.NOT_FOUND)
        elif key in seen:
            errors.add(f"lines.{i}.orderLineId", "Each order line once.", ErrorCode.INVALID)
        seen.add(key)
        quantity = check_decimal(
            item.get("quantity"), f"lines.{i}.quantity", errors, places=3, low=Decimal("0.001"), high=Decimal("1e9")
        )
        if line is not None and not errors.has(f"lines.{i}.quantity"):
            cleaned.append((line, quantity))
    return cleaned


def _check_left(lines: Sequence[tuple[OrderLine, Decimal]], request: ReturnRequest | None) -> None:
    """Each line at most what was ordered less what the customer's other live returns take back.

    Call it with the order row locked (``_lock_order``): returns of one order are counted one at a time.
    """
    taken = (
        ReturnLine.objects.filter(order_line__in=[line for line, _ in lines], return_request__deleted_at__isnull=True)
        .exclude(return_request__status=R.REJECTED)
        .exclude(return_request=request)
        .values("order_line")
        .annotate(taken=Sum("quantity"))
    )
    earlier = {row["order_line"]: row["taken"] for row in taken}
    errors = ErrorCollector()
    for i, (line, quantity) in enumerate(lines):
        left = Decimal(line.quantity) - Decimal(earlier.get(line.pk) or 0)
        if quantity > left:
            what = line.description or line.product.name
            message = f"At most {left.normalize():f} of {what} is left to return."
            errors.add(f"lines.{i}.quantity", message, ErrorCode.OUT_OF_RANGE)
    errors.raise_if_any()


def _lock_order(order: Order) -> Order:
    return Order.objects.select_for_update(of=("self",)).select_related("quote").get(pk=order.pk)


def _credited_lines(order: Order, lines: Sequence[tuple[OrderLine, Decimal]]) -> list[dict[str, Any]]:
    """What the returned lines are worth, as invoice lines at the order's prices: each line's discount, the
    quote's discount as a line of its own and the quote's tax rates (as ``invoice_order`` bills them)."""
    rate = sum((Decimal(tax["rate"]) for tax in order.quote.taxes), Decimal(0))
    given: list[dict[str, Any]] = [
        {
            "product": line.product_id,
            "description": line.description or line.product.name,
            "quantity": quantity,
            "unit_price": line.unit_price,
            "discount_percent": line.discount_percent,
            "tax_rate": rate,
        }
        for line, quantity in lines
    ]
    percent = Decimal(order.quote.discount_percent or 0)
    if percent and given:
        value = pricing.taxed_per_line(
            [pricing.Line(g["quantity"], g["unit_price"], g["discount_percent"]) for g in given], order.currency
        ).subtotal
        discount = pricing.round_money(value * percent / 100, order.currency)
        given.append({"description": f"Discount {percent.normalize():f}%", "quantity": 1, "unit_price": -discount,
                      "tax_rate": rate})  # fmt: skip
    return given


def _refund_amount(order: Order, lines: Sequence[tuple[OrderLine, Decimal]]) -> Decimal:
    given = _credited_lines(order, lines)
    return pricing.taxed_per_line(
        [pricing.Line(Decimal(g["quantity"]), Decimal(g["unit_price"]), Decimal(g.get("discount_percent", 0)),
                      Decimal(g["tax_rate"])) for g in given],
        order.currency,
    ).total  # fmt: skip


def _request_lines(request: ReturnRequest) -> list[tuple[OrderLine, Decimal]]:
    return [
        (line.order_line, Decimal(line.quantity))
        for line in ReturnLine.objects.filter(return_request=request).select_related("order_line__product")
    ]


def _line_snapshot(request: ReturnRequest) -> list[str]:
    """The lines for the audit trail, without prices (the refund is audited under its sensitive name)."""
    return [
        f"{line.description or line.product.name} x {plain(quantity)}" for line, quantity in _request_lines(request)
    ]


def _save_lines(request: ReturnRequest, lines: Sequence[tuple[OrderLine, Decimal]]) -> None:
    ReturnLine.objects.filter(return_request=request).delete()
    ReturnLine.objects.bulk_create(
        ReturnLine(return_request=request, order_line=line, quantity=quantity) for line, quantity in lines
    )


def _validate_request(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: ReturnRequest | None = None
) -> None:
    """Clean ``data`` in place (model field names) and collect every problem (lines: ``_clean_lines``)."""
    creating = instance is None
    if creating:
        if data.get("order") is None:
            errors.add("orderId", "Name the order the goods come from.", ErrorCode.REQUIRED)
        else:
            data["order"] = collect(errors, membership, Order, data["order"], "orderId")
        order = data.get("order")
        if order is not None and order.status == OrderStatus.CANCELLED:
            errors.add("orderId", "Nothing of a cancelled order comes back.", ErrorCode.INVALID)
        customer = _order_company(order)
        if data.get("company") is not None:
            data["company"] = company = collect(errors, membership, Company, data["company"], "companyId")
            if company is not None and customer is not None and company.pk != customer:
                errors.add("companyId", "The order is another customer's.", ErrorCode.INVALID)
        elif customer is not None:
            data["company"] = collect(errors, membership, Company, customer, "companyId")
        elif order is not None:
            errors.add("companyId", "The order's deal has no customer: name it.", ErrorCode.REQUIRED)
    company_id = data["company"].pk if data.get("company") else (instance.company_id if instance else None)
    _contact(membership, data, errors, company_id)
    _owner(membership, data, errors)
    _reason(membership, data, errors, creating)
    check_choice(data.get("resolution"), Resolution, "resolution", errors)
    if data.get("notes") is not None:
        check_length(data["notes"], 5000, "notes", errors)
    check_custom_fields(membership, ReturnRequest, data, errors, instance)


def create_return_request(membership: Membership, data: dict[str, Any]) -> ReturnRequest:
    """A customer's request to return goods of an order.

    ``data`` (model field names): ``order`` (pk, required), ``company`` (pk; default: the order's customer),
    ``contact``, ``reason`` (required: a value of the ``return_reason`` picklist), ``resolution`` (default
    refund), ``notes``, ``owner`` (user id; else the member), ``lines`` (``[{order_line, quantity}]``, at least
    one), ``custom_fields``.
    """
    policy.check(membership, "create", ReturnRequest)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    given = data.pop("lines", None) or []
    _validate_request(membership, data, errors)
    lines = _clean_lines(membership, given, data["order"], errors) if data.get("order") else []
    errors.raise_if_any()
    with transaction.atomic():
        order = _lock_order(data["order"])
        _check_left(lines, None)
        request = ReturnRequest(currency=order.currency)
        apply_fields(request, data)
        if "owner" not in data:
            request.owner = membership.user
        request.refund_amount = _refund_amount(order, lines)
        policy.check(membership, "create", request, fields=data)
        request.number = next_number(ReturnRequest)
        request.save()
        _save_lines(request, lines)
        RETURN_LIFECYCLE.began(request, by=membership.user)
        after = snapshot(request, (*RETURN_FIELDS, "status", *RETURN_FIGURES))
        after |= {"number": request.number, "lines": _line_snapshot(request)}
        written(membership, "create", request, diff({}, after), "created")
    return request


def _check_open(request: ReturnRequest, field: str = "id") -> None:
    if request.status in RETURN_CLOSED:
        raise ServiceError(
            FieldError(field, f"A return request {request.get_status_display().lower()} cannot change.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip


def update_return_request(membership: Membership, request_id: Any, data: dict[str, Any]) -> ReturnRequest:
    """Change an open return request (its status moves with ``move_return_request``); only the fields given.

    ``lines`` replaces every line, until the goods are received. The order and the customer stay.
    """
    request = get_for(membership, ReturnRequest, request_id, "update")
    _check_open(request)
    errors = ErrorCollector()
    required_blanks(data, (("reason", "reason"), ("resolution", "resolution"), ("lines", "lines")), errors)
    given = data.pop("lines", None)
    _validate_request(membership, data, errors, request)
    lines = None
    if given is not None:
        if request.status not in LINES_OPEN:
            errors.add("lines", "The goods are in: what came back no longer changes.", ErrorCode.INVALID_TRANSITION)
        else:
            lines = _clean_lines(membership, given, request.order, errors)
    errors.raise_if_any()
    policy.check(membership, "update", request, fields={*data, *(RETURN_FIGURES if lines is not None else ())})
    with transaction.atomic():
        order = _lock_order(request.order)
        request = ReturnRequest.objects.select_for_update().get(pk=request.pk)
        _check_open(request)
        before = snapshot(request, (*RETURN_FIELDS, *RETURN_FIGURES)) | {"lines": _line_snapshot(request)}
        apply_update(membership, request, data)
        if lines is not None:
            _check_left(lines, request)
            _save_lines(request, lines)
            request.refund_amount = _refund_amount(order, lines)
        request.save()
        after = snapshot(request, (*RETURN_FIELDS, *RETURN_FIGURES)) | {"lines": _line_snapshot(request)}
        if changes := diff(before, after):
            written(membership, "update", request, changes, "updated")
    return request


def _invoice_of(order: Order) -> Invoice | None:
    """The order's live invoice (not void, not in the recycle bin), if it was invoiced."""
    return Invoice.objects.filter(order=order).exclude(status=InvoiceStatus.VOID).first()


def _refund(membership: Membership, request: ReturnRequest, order: Order) -> None:
    """A refund: of an invoiced order, the credit note of what came back (``credit_invoice``)."""
    if request.resolution != Resolution.REFUND:
        raise ServiceError(
            FieldError("status", "Only a return resolved by a refund is refunded.", ErrorCode.INVALID_TRANSITION)
        )
    invoice = _invoice_of(order)
    if invoice is None:
        return  # never invoiced: nothing is owed to credit
    if invoice.status == InvoiceStatus.DRAFT:
        raise ServiceError(
            FieldError("status", "The order's invoice is a draft: change it, or issue it before refunding.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip
    lines = _credited_lines(order, _request_lines(request))
    request.credit_note = invoicing.credit_invoice(
        membership, invoice.pk, lines, notes=f"Credit note for return RMA-{request.number}"
    )


def move_return_request(membership: Membership, request_id: Any, status: str, note: str | None = None) -> ReturnRequest:
    """Move a return request along its lifecycle; a move it does not allow is ``invalid_transition``.

    Refunded needs the resolution refund and, for an invoiced order, issues its credit note; replaced needs
    the resolution replacement.
    """
    errors = ErrorCollector()
    check_choice(status, ReturnStatus, "status", errors)
    note = (note or "").strip()
    check_length(note, 200, "note", errors)
    errors.raise_if_any()
    with transaction.atomic():
        request = get_for(membership, ReturnRequest, request_id, "update")
        order = _lock_order(request.order)  # the order first, as every write of its returns locks them
        request = ReturnRequest.objects.select_for_update().get(pk=request.pk)
        before = snapshot(request, RETURN_STATUS_FIELDS)
        RETURN_LIFECYCLE.check(request.status, status)
        if status == R.REFUNDED:
            _refund(membership, request, order)
        if status == R.REPLACED and request.resolution != Resolution.REPLACEMENT:
            raise ServiceError(
                FieldError("status", "Only a return resolved by a replacement is replaced.",
                           ErrorCode.INVALID_TRANSITION)
            )  # fmt: skip
        RETURN_LIFECYCLE.move(request, status, by=membership.user, note=note)
        if status in RETURN_CLOSED:
            request.closed_at = timezone.now()
        request.save(update_fields=[*RETURN_STATUS_FIELDS])
        written(membership, "update", request, diff(before, snapshot(request, RETURN_STATUS_FIELDS)), "updated")
    return request


def return_history(request: ReturnRequest) -> Any:
    return RETURN_LIFECYCLE.changes(request)


# --- claims ----------------------------------------------------------------------------------------


def _amount(value: Any, field: str, errors: ErrorCollector, currency: str) -> Decimal:
    amount = check_decimal(value, field, errors, places=pricing.minor_unit(currency), low=Decimal(0),
                           high=LARGEST_AMOUNT)  # fmt: skip
    if not errors.has(field) and amount <= 0:
        errors.add(field, "More than nothing.", ErrorCode.OUT_OF_RANGE)
    return amount


def _validate_claim(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Claim | None = None
) -> None:
    creating = instance is None
    if creating or "company" in data:
        if data.get("company") is None:
            errors.add("companyId", "Name the customer.", ErrorCode.REQUIRED)
        else:
            data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    company = data.get("company") if "company" in data else (instance.company if instance else None)
    company_id = company.pk if company is not None else None
    _contact(membership, data, errors, company_id)
    _owner(membership, data, errors)
    check_choice(data.get("kind"), ClaimKind, "kind", errors)
    if data.get("order") is not None:
        data["order"] = order = collect(errors, membership, Order, data["order"], "orderId")
        customer = _order_company(order)
        if order is not None and company_id is not None and customer not in (None, company_id):
            errors.add("orderId", "The order is another customer's.", ErrorCode.INVALID)
    if data.get("warranty") is not None:
        data["warranty"] = warranty = collect(errors, membership, Warranty, data["warranty"], "warrantyId")
        if warranty is not None and company_id is not None and warranty.company_id != company_id:
            errors.add("warrantyId", "The warranty is another customer's.", ErrorCode.INVALID)
    if creating or "description" in data:
        data["description"] = (data.get("description") or "").strip()
        check_length(data["description"], 5000, "description", errors, required=True)
    currency = data.get("currency") or (instance.currency if instance else workspace_currency())
    if data.get("currency") is not None:
        data["currency"] = currency = str(data["currency"]).upper()
        if len(currency) != 3 or not currency.isalpha():
            errors.add("currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)
            currency = "USD"
    if creating and data.get("amount_claimed") is None:
        errors.add("amountClaimed", "Say how much is claimed.", ErrorCode.REQUIRED)
    elif data.get("amount_claimed") is not None:
        data["amount_claimed"] = _amount(data["amount_claimed"], "amountClaimed", errors, currency)
    check_custom_fields(membership, Claim, data, errors, instance)


def create_claim(membership: Membership, data: dict[str, Any]) -> Claim:
    """A customer's warranty or damage claim.

    ``data``: ``company`` (pk, required), ``contact``, ``kind`` (default warranty), ``order``, ``warranty``
    (pks, the customer's own), ``description`` (required), ``amount_claimed`` (required, more than nothing),
    ``currency`` (default: the order's, else the workspace's), ``owner``, ``custom_fields``.
    """
    policy.check(membership, "create", Claim)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_claim(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        order = data.get("order")
        claim = Claim(currency=order.currency if order is not None else workspace_currency())
        apply_fields(claim, data)
        if "owner" not in data:
            claim.owner = membership.user
        policy.check(membership, "create", claim, fields=data)
        claim.number = next_number(Claim)
        claim.save()
        CLAIM_LIFECYCLE.began(claim, by=membership.user)
        after = snapshot(claim, (*CLAIM_FIELDS, "status", *CLAIM_FIGURES)) | {"number": claim.number}
        written(membership, "create", claim, diff({}, after), "created")
    return claim


def update_claim(membership: Membership, claim_id: Any, data: dict[str, Any]) -> Claim:
    """Change a claim still to be decided (the amount claimed no longer changes once it is)."""
    claim = get_for(membership, Claim, claim_id, "update")
    errors = ErrorCollector()
    if claim.status in CLAIM_DECIDED:
        errors.add("id", f"A claim {claim.get_status_display().lower()} cannot change.", ErrorCode.INVALID_TRANSITION)
    required_blanks(
        data, (("company", "companyId"), ("description", "description"), ("amount_claimed", "amountClaimed"),
               ("kind", "kind"), ("currency", "currency")), errors,
    )  # fmt: skip
    _validate_claim(membership, data, errors, claim)
    errors.raise_if_any()
    policy.check(membership, "update", claim, fields=data)
    return update_record(membership, claim, data, (*CLAIM_FIELDS, *CLAIM_FIGURES))


def move_claim(
    membership: Membership, claim_id: Any, status: str, note: str | None = None, amount_approved: Any = None
) -> Claim:
    """Move a claim along its lifecycle (``invalid_transition`` else).

    Approved grants the amount claimed; partially approved needs ``amount_approved``, more than nothing and
    less than claimed; rejected grants nothing. Deciding is seeing and setting the figures: the role must
    be allowed to change ``amount_approved``.
    """
    errors = ErrorCollector()
    check_choice(status, ClaimStatus, "status", errors)
    note = (note or "").strip()
    check_length(note, 200, "note", errors)
    errors.raise_if_any()
    with transaction.atomic():
        claim = get_for(membership, Claim, claim_id, "update")
        claim = Claim.objects.select_for_update().get(pk=claim.pk)
        CLAIM_LIFECYCLE.check(claim.status, status)
        deciding = status in (C.APPROVED, C.PARTIALLY_APPROVED, C.REJECTED)
        if deciding:
            policy.check(membership, "update", claim, fields=("amount_approved",))
        if status == C.PARTIALLY_APPROVED:
            if amount_approved is None:
                errors.add("amountApproved", "Say how much is granted.", ErrorCode.REQUIRED)
            else:
                granted = _amount(amount_approved, "amountApproved", errors, claim.currency)
                if not errors.has("amountApproved") and granted >= claim.amount_claimed:
                    errors.add("amountApproved", "Less than claimed (else approve it).", ErrorCode.OUT_OF_RANGE)
        elif amount_approved is not None:
            errors.add("amountApproved", "Only a partial approval names an amount.", ErrorCode.INVALID)
        errors.raise_if_any()
        before = snapshot(claim, (*CLAIM_STATUS_FIELDS, *CLAIM_FIGURES))
        CLAIM_LIFECYCLE.move(claim, status, by=membership.user, note=note)
        if status == C.APPROVED:
            claim.amount_approved = claim.amount_claimed
        elif status == C.PARTIALLY_APPROVED:
            claim.amount_approved = granted
        elif status == C.REJECTED:
            claim.amount_approved = Decimal(0)
        elif status == C.SETTLED:
            claim.settled_at = timezone.now()
        claim.save(update_fields=[*CLAIM_STATUS_FIELDS, "amount_approved"])
        after = snapshot(claim, (*CLAIM_STATUS_FIELDS, *CLAIM_FIGURES))
        written(membership, "update", claim, diff(before, after), "updated")
    return claim


def claim_history(claim: Claim) -> Any:
    return CLAIM_LIFECYCLE.changes(claim)
