"""Business rules of warranties and repair orders.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then ``written``
(audit entry and realtime event).

Repair lifecycle (``saas.kernel.lifecycle``; anything else is ``invalid_transition`` and changes nothing)::

    received → diagnosing → awaiting parts ⇄ in repair → ready → returned
                       └──────────────→ in repair / ready      ready → in repair (not fixed after all)
    any status before returned → cancelled

Warranty: a repair order is matched to the warranty of its unit (same company, product and serial number,
not void, the receive date within its period) when it is made and whenever those change, unless the
warranty is named by hand in the same write. A part line is covered under parts coverage, a labour line
under labour coverage: charged nothing, its list value kept. Figures (``_reprice``): ``subtotal`` is every
line at its list value, ``covered_amount`` what the warranty covers, ``tax_amount`` the order's tax rate on
what is charged (``saas.catalog.pricing.taxed_per_line``), ``total`` what is charged plus tax.

``invoice_repair_order`` makes the draft invoice of the charged lines through ``saas.invoicing.services``
(one invoice line per charged line), once: again, the same invoice (unless it was voided).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from saas.access import policy
from saas.catalog import pricing
from saas.catalog.models import Order, Product
from saas.catalog.services import list_price
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.invoicing import services as invoicing
from saas.invoicing.models import Invoice, InvoiceStatus
from saas.kernel.changes import diff, plain, snapshot
from saas.kernel.lifecycle import Lifecycle
from saas.kernel.money import CURRENCY, workspace_currency
from saas.kernel.numbers import next_number
from saas.kernel.services import (
    apply_fields,
    apply_update,
    collect,
    created,
    get_for,
    member_user,
    update_record,
    written,
)
from saas.kernel.validation import check_choice, check_custom_fields, check_decimal, check_length, required_blanks
from saas.service.models import Ticket
from tenants.models import Membership

from .models import (
    Coverage,
    LineKind,
    RepairLine,
    RepairOrder,
    RepairStatus,
    RepairStatusChange,
    Warranty,
)

S = RepairStatus
LIFECYCLE = Lifecycle(
    RepairStatus,
    {
        S.RECEIVED: {S.DIAGNOSING, S.CANCELLED},
        S.DIAGNOSING: {S.AWAITING_PARTS, S.IN_REPAIR, S.READY, S.CANCELLED},
        S.AWAITING_PARTS: {S.IN_REPAIR, S.CANCELLED},
        S.IN_REPAIR: {S.AWAITING_PARTS, S.READY, S.CANCELLED},
        S.READY: {S.RETURNED, S.IN_REPAIR, S.CANCELLED},
    },
    "repair order",
    history=RepairStatusChange,
    record_field="repair_order",
)
CLOSED = frozenset({S.RETURNED, S.CANCELLED})
MAX_LINES = 200
LARGEST_QUANTITY = Decimal("1e9")
LARGEST_PRICE = Decimal("1e12")
HUNDRED = Decimal(100)

WARRANTY_FIELDS = (
    "company", "contact", "product", "serial_number", "order", "owner", "start_date", "end_date", "coverage", "notes",
)  # fmt: skip
REPAIR_FIELDS = (
    "company", "contact", "product", "serial_number", "ticket", "warranty", "owner", "received_on", "problem",
    "diagnosis", "currency", "tax_rate",
)  # fmt: skip
STATUS_FIELDS = ("status", "returned_at")
# The figures a role may be denied (saas.repairs.access): a change to the lines or the warranty changes them.
FIGURES = ("subtotal", "covered_amount", "tax_amount", "total")
# Fields that decide the warranty a repair order is matched to.
UNIT_FIELDS = ("company", "product", "serial_number", "received_on")


def today() -> date:
    return timezone.now().date()


def _customer(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Warranty | RepairOrder | None
) -> None:
    """The company (required, readable) and its contact (readable, working for it)."""
    if instance is None or "company" in data:
        if data.get("company") is None:
            errors.add("companyId", "Name the customer.", ErrorCode.REQUIRED)
        else:
            data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    company = data.get("company") if "company" in data else (instance.company if instance else None)
    if data.get("contact") is not None:
        data["contact"] = contact = collect(errors, membership, Contact, data["contact"], "contactId")
        if contact is not None and company is not None and contact.company_id != company.pk:
            errors.add("contactId", "The contact works for another company.", ErrorCode.INVALID)


def _serial(data: dict[str, Any], errors: ErrorCollector, *, required: bool) -> None:
    if "serial_number" in data:
        data["serial_number"] = (data["serial_number"] or "").strip()
        check_length(data["serial_number"], 100, "serialNumber", errors, required=required)


# --- warranties ------------------------------------------------------------------------------------


def _validate_warranty(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Warranty | None = None
) -> None:
    creating = instance is None
    _customer(membership, data, errors, instance)
    if creating or "product" in data:
        if data.get("product") is None:
            errors.add("productId", "Name the product covered.", ErrorCode.REQUIRED)
        else:
            data["product"] = collect(errors, membership, Product, data["product"], "productId")
    if creating:
        data.setdefault("serial_number", None)
    _serial(data, errors, required=True)
    if data.get("order") is not None:
        data["order"] = collect(errors, membership, Order, data["order"], "orderId")
    check_choice(data.get("coverage"), Coverage, "coverage", errors)
    if data.get("notes") is not None:
        check_length(data["notes"], 5000, "notes", errors)
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if creating:
        for name, api_name in (("start_date", "startDate"), ("end_date", "endDate")):
            if data.get(name) is None:
                errors.add(api_name, "Give the date.", ErrorCode.REQUIRED)
    start = data.get("start_date", instance.start_date if instance else None)
    end = data.get("end_date", instance.end_date if instance else None)
    if start is not None and end is not None and end < start:
        errors.add("endDate", "The end date comes before the start date.", ErrorCode.INVALID_DATE)
    check_custom_fields(membership, Warranty, data, errors, instance)


def create_warranty(membership: Membership, data: dict[str, Any]) -> Warranty:
    """A warranty for a customer's unit.

    ``data`` (model field names): ``company`` (pk, required), ``contact``, ``product`` (pk, required),
    ``serial_number`` (required), ``order`` (pk: the order it was sold on), ``start_date`` / ``end_date``
    (required), ``coverage`` (default both), ``notes``, ``owner`` (user id; else the member), ``custom_fields``.
    """
    policy.check(membership, "create", Warranty)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_warranty(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        warranty = Warranty()
        apply_fields(warranty, data)
        if "owner" not in data:
            warranty.owner = membership.user
        policy.check(membership, "create", warranty, fields=data)
        warranty.save()
        created(membership, warranty, WARRANTY_FIELDS)
    return warranty


def update_warranty(membership: Membership, warranty_id: Any, data: dict[str, Any]) -> Warranty:
    """Change a warranty (not a void one); only the fields given."""
    warranty = get_for(membership, Warranty, warranty_id, "update")
    errors = ErrorCollector()
    if warranty.voided_at is not None:
        errors.add("id", "A void warranty cannot change.", ErrorCode.INVALID_TRANSITION)
    required_blanks(
        data,
        (("company", "companyId"), ("product", "productId"), ("serial_number", "serialNumber"),
         ("start_date", "startDate"), ("end_date", "endDate"), ("coverage", "coverage")),
        errors,
    )  # fmt: skip
    _validate_warranty(membership, data, errors, warranty)
    errors.raise_if_any()
    policy.check(membership, "update", warranty, fields=data)
    return update_record(membership, warranty, data, WARRANTY_FIELDS)


def void_warranty(membership: Membership, warranty_id: Any, reason: str | None = None) -> Warranty:
    """Void a warranty (it covers nothing from now on; open repair orders under it are repriced)."""
    reason = (reason or "").strip()
    errors = ErrorCollector()
    check_length(reason, 200, "reason", errors)
    errors.raise_if_any()
    with transaction.atomic():
        warranty = get_for(membership, Warranty, warranty_id, "update")
        warranty = Warranty.objects.select_for_update().get(pk=warranty.pk)
        if warranty.voided_at is not None:
            raise ServiceError(FieldError("id", "The warranty is void already.", ErrorCode.INVALID_TRANSITION))
        before = snapshot(warranty, ("voided_at", "void_reason"))
        warranty.voided_at, warranty.void_reason = timezone.now(), reason
        warranty.save(update_fields=["voided_at", "void_reason"])
        written(membership, "update", warranty, diff(before, snapshot(warranty, ("voided_at", "void_reason"))),
                "updated")  # fmt: skip
        for order in RepairOrder.objects.select_for_update().filter(warranty=warranty).exclude(status__in=CLOSED):
            if order.invoice_id is None:
                _reprice_and_audit(membership, order)
    return warranty


def matching_warranty(
    membership: Membership | None, company_id: Any, product_id: Any, serial_number: str, on: date
) -> Warranty | None:
    """The warranty the member may read covering this unit of the company on ``on`` (the latest ending)."""
    if not (company_id and product_id and serial_number):
        return None
    found = Warranty.objects.filter(
        company_id=company_id,
        product_id=product_id,
        serial_number__iexact=serial_number,
        voided_at__isnull=True,
        start_date__lte=on,
        end_date__gte=on,
    ).order_by("-end_date", "id")
    return policy.scope_queryset(membership, found, "read").first()


# --- repair orders ---------------------------------------------------------------------------------


def _validate_repair(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: RepairOrder | None = None
) -> None:
    """Clean ``data`` in place (model field names) and collect every problem."""
    creating = instance is None
    if data.get("ticket") is not None and not isinstance(data["ticket"], Ticket):
        data["ticket"] = collect(errors, membership, Ticket, data["ticket"], "ticketId")
    _customer(membership, data, errors, instance)
    if data.get("product") is not None:
        data["product"] = collect(errors, membership, Product, data["product"], "productId")
    _serial(data, errors, required=False)
    if creating or "problem" in data:
        data["problem"] = (data.get("problem") or "").strip()
        check_length(data["problem"], 5000, "problem", errors, required=True)
    if data.get("diagnosis") is not None:
        check_length(data["diagnosis"], 5000, "diagnosis", errors)
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("currency") is not None:
        data["currency"] = str(data["currency"]).upper()
        if not CURRENCY.match(data["currency"]):
            errors.add("currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)
    if data.get("tax_rate") is not None:
        data["tax_rate"] = check_decimal(data["tax_rate"], "taxRate", errors, places=2, low=Decimal(0), high=HUNDRED)
    if data.get("received_on") is not None and data["received_on"] > today():
        errors.add("receivedOn", "A repair cannot be received in the future.", ErrorCode.INVALID_DATE)
    if data.get("warranty") is not None:
        _warranty_by_hand(membership, data, errors, instance)
    check_custom_fields(membership, RepairOrder, data, errors, instance)


def _warranty_by_hand(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: RepairOrder | None
) -> None:
    """A warranty named by hand: readable, not void, the customer's own."""
    data["warranty"] = warranty = collect(errors, membership, Warranty, data["warranty"], "warrantyId")
    company = data.get("company") if "company" in data else (instance.company if instance else None)
    if warranty is not None and warranty.voided_at is not None:
        errors.add("warrantyId", "The warranty is void.", ErrorCode.INVALID)
    elif warranty is not None and company is not None and warranty.company_id != company.pk:
        errors.add("warrantyId", "The warranty is another customer's.", ErrorCode.INVALID)


def _from_ticket(data: dict[str, Any]) -> None:
    """A repair made from a ticket takes its customer and, unless given, its description as the problem."""
    ticket = data.get("ticket")
    if ticket is None:
        return
    if data.get("company") is None and ticket.company_id is not None:
        data["company"] = ticket.company_id
    same_customer = str(data.get("company")) == str(ticket.company_id)
    if data.get("contact") is None and ticket.contact_id is not None and same_customer:
        data["contact"] = ticket.contact_id
    if not (data.get("problem") or "").strip():
        data["problem"] = "\n\n".join(filter(None, [ticket.subject, ticket.description]))


def create_repair_order(membership: Membership, data: dict[str, Any]) -> RepairOrder:
    """A repair order for a customer's unit, received today unless ``received_on`` says otherwise.

    ``data`` (model field names): ``company`` (pk; from the ticket when one is given), ``contact``, ``product``,
    ``serial_number``, ``ticket`` (pk: the ticket it came from), ``problem`` (required; default: the ticket's
    subject and description), ``diagnosis``, ``owner`` (the technician; else the member), ``received_on``,
    ``currency`` (default: the workspace's), ``tax_rate``, ``warranty`` (pk: by hand; else matched),
    ``custom_fields``.
    """
    policy.check(membership, "create", RepairOrder)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    if data.get("ticket") is not None:
        data["ticket"] = collect(errors, membership, Ticket, data["ticket"], "ticketId")
        _from_ticket(data)
    _validate_repair(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        order = RepairOrder(currency=workspace_currency(), received_on=today())
        apply_fields(order, data)
        if "owner" not in data:
            order.owner = membership.user
        if "warranty" not in data:
            order.warranty = matching_warranty(
                membership, order.company_id, order.product_id, order.serial_number, order.received_on
            )
        policy.check(membership, "create", order, fields=data)
        order.number = next_number(RepairOrder)
        order.save()
        LIFECYCLE.began(order, by=membership.user)
        after = snapshot(order, (*REPAIR_FIELDS, "status", *FIGURES)) | {"number": order.number}
        written(membership, "create", order, diff({}, after), "created")
    return order


def _check_open(order: RepairOrder, field: str = "id") -> None:
    if order.status in CLOSED:
        raise ServiceError(
            FieldError(field, f"A repair order {order.get_status_display().lower()} cannot change.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip


def _check_uninvoiced(order: RepairOrder, field: str = "id") -> None:
    if (
        order.invoice_id is not None
        and Invoice.objects.filter(pk=order.invoice_id).exclude(status=InvoiceStatus.VOID).exists()
    ):
        raise ServiceError(
            FieldError(field, "The repair order is invoiced: void its invoice to change what it charges.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip


def update_repair_order(membership: Membership, order_id: Any, data: dict[str, Any]) -> RepairOrder:
    """Change an open repair order (its status moves with ``move_repair_order``; lines with their own calls).

    Changing the customer, product, serial number or receive date matches the warranty again, unless
    ``warranty`` is given too (null: no warranty).
    """
    order = get_for(membership, RepairOrder, order_id, "update")
    _check_open(order)
    errors = ErrorCollector()
    required_blanks(
        data, (("company", "companyId"), ("problem", "problem"), ("received_on", "receivedOn"),
               ("currency", "currency")), errors
    )  # fmt: skip
    _validate_repair(membership, data, errors, order)
    errors.raise_if_any()
    repriced = "warranty" in data or "tax_rate" in data or "currency" in data or any(f in data for f in UNIT_FIELDS)
    if repriced or "warranty" in data:
        _check_uninvoiced(order)
    policy.check(membership, "update", order, fields={*data, *(FIGURES if repriced else ())})
    with transaction.atomic():
        order = RepairOrder.objects.select_for_update().get(pk=order.pk)
        _check_open(order)
        before = snapshot(order, (*REPAIR_FIELDS, *FIGURES))
        apply_update(membership, order, data)
        if "warranty" not in data and any(f in data for f in UNIT_FIELDS):
            order.warranty = matching_warranty(
                membership, order.company_id, order.product_id, order.serial_number, order.received_on
            )
        if "currency" in data:
            _reprice_parts(order)
        _reprice(order)
        order.save()
        if changes := diff(before, snapshot(order, (*REPAIR_FIELDS, *FIGURES))):
            written(membership, "update", order, changes, "updated")
    return order


def move_repair_order(membership: Membership, order_id: Any, status: str, note: str | None = None) -> RepairOrder:
    """Move a repair order along its lifecycle; a move it does not allow is ``invalid_transition``."""
    errors = ErrorCollector()
    check_choice(status, RepairStatus, "status", errors)
    note = (note or "").strip()
    check_length(note, 200, "note", errors)
    errors.raise_if_any()
    with transaction.atomic():
        order = get_for(membership, RepairOrder, order_id, "update")
        order = RepairOrder.objects.select_for_update().get(pk=order.pk)
        before = snapshot(order, STATUS_FIELDS)
        LIFECYCLE.move(order, status, by=membership.user, note=note)
        if status == S.RETURNED:
            order.returned_at = timezone.now()
        order.save(update_fields=[*STATUS_FIELDS])
        written(membership, "update", order, diff(before, snapshot(order, STATUS_FIELDS)), "updated")
    return order


def status_history(order: RepairOrder) -> Any:
    return LIFECYCLE.changes(order)


# --- lines and figures -----------------------------------------------------------------------------


def _line_snapshot(order: RepairOrder) -> list[str]:
    """The lines for the audit trail, without prices: the figures are audited under their (sensitive) names."""
    return [
        f"{line.get_kind_display()}: {line.description} x {plain(line.quantity)}"
        + (" (covered)" if line.covered else "")
        for line in RepairLine.objects.filter(repair_order=order).order_by("position", "id")
    ]


def _coverage_of(order: RepairOrder) -> Warranty | None:
    """The warranty whose coverage applies (none when void)."""
    warranty = order.warranty if order.warranty_id else None
    return warranty if warranty is not None and warranty.voided_at is None else None


def figures(order: RepairOrder, lines: Sequence[RepairLine]) -> None:
    """Set each line's list value and coverage, and the order's figures (see the module's docstring)."""
    warranty = _coverage_of(order)
    zero = Decimal(0)
    charged = []
    subtotal = covered = zero
    for line in lines:
        line.amount = pricing.line_amount(pricing.Line(line.quantity, line.unit_price), order.currency)
        line.covered = warranty is not None and warranty.covers(line.kind)
        subtotal += line.amount
        if line.covered:
            covered += line.amount
        else:
            charged.append(pricing.Line(line.quantity, line.unit_price, zero, Decimal(order.tax_rate)))
    taxed = pricing.taxed_per_line(charged, order.currency)
    order.subtotal, order.covered_amount = subtotal, covered
    order.tax_amount, order.total = taxed.tax, taxed.total


def _reprice(order: RepairOrder) -> None:
    """Recompute the lines' values and coverage and the order's figures (the caller saves the order)."""
    lines = list(RepairLine.objects.filter(repair_order=order).order_by("position", "id"))
    figures(order, lines)
    RepairLine.objects.bulk_update(lines, ["amount", "covered"])


def _reprice_parts(order: RepairOrder) -> None:
    """After a change of currency: parts priced from the price book take the new currency's book's price."""
    for line in RepairLine.objects.filter(repair_order=order, kind=LineKind.PART, price_overridden=False):
        price = list_price(line.product, line.quantity, order.currency) if line.product is not None else None
        if price is None:
            raise ServiceError(
                FieldError("currency", f"No price for {line.description} in an active {order.currency} price book.",
                           ErrorCode.REQUIRED)
            )  # fmt: skip
        line.unit_price = price
        line.save(update_fields=["unit_price"])


def _reprice_and_audit(membership: Membership | None, order: RepairOrder) -> None:
    before = snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}
    _reprice(order)
    order.save()
    if changes := diff(before, snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}):
        written(membership, "update", order, changes, "updated")


def _clean_line(
    membership: Membership, data: dict[str, Any], order: RepairOrder, errors: ErrorCollector, line: RepairLine | None
) -> dict[str, Any]:
    """A line's fields, validated: a part names a product (priced from the book unless given), a fee its price."""
    kind = data.get("kind") or (line.kind if line else None)
    if kind is None:
        errors.add("kind", "Say what the line is: a part, labour or a fee.", ErrorCode.REQUIRED)
    check_choice(kind, LineKind, "kind", errors)
    cleaned: dict[str, Any] = {"kind": kind}
    product = line.product if line else None
    if data.get("product") is not None:
        product = collect(errors, membership, Product, data["product"], "productId")
        cleaned["product"] = product
    elif "product" in data:
        product = cleaned["product"] = None
    if kind == LineKind.PART and product is None and not errors.has("productId"):
        errors.add("productId", "A part is a product of the catalogue.", ErrorCode.REQUIRED)
    if "quantity" in data or line is None:
        given = data.get("quantity")
        cleaned["quantity"] = check_decimal(
            1 if given is None else given, "quantity", errors, places=3, low=Decimal("0.001"), high=LARGEST_QUANTITY
        )
    if data.get("unit_price") is not None:
        cleaned["unit_price"] = check_decimal(
            data["unit_price"], "unitPrice", errors, places=4, low=Decimal(0), high=LARGEST_PRICE
        )
        cleaned["price_overridden"] = True
    elif kind == LineKind.PART and product is not None and (line is None or "product" in data or "quantity" in data
                                                            or "unit_price" in data):  # fmt: skip
        quantity = cleaned.get("quantity", line.quantity if line else Decimal(1))
        price = list_price(product, quantity, order.currency) if not errors.has("quantity") else None
        if price is None and not errors.has("quantity"):
            errors.add("unitPrice", f"No price for this quantity in an active {order.currency} price book; give one.",
                       ErrorCode.REQUIRED)  # fmt: skip
        cleaned["unit_price"], cleaned["price_overridden"] = price or Decimal(0), False
    elif kind != LineKind.PART and (line is None or "unit_price" in data):
        errors.add("unitPrice", "Give the price (the rate per hour for labour, the amount of a fee).",
                   ErrorCode.REQUIRED)  # fmt: skip
    description = data.get("description")
    if description is not None or line is None:
        description = (description or "").strip() or (product.name if product else LineKind(kind).label if kind in
                                                       LineKind.values else "")  # fmt: skip
        check_length(description, 200, "description", errors, required=True)
        cleaned["description"] = description
    return cleaned


def _line_write(membership: Membership, order_id: Any, field: str = "repairOrderId") -> RepairOrder:
    """The repair order a line write changes: the member may update it and its figures; open, not invoiced."""
    order = get_for(membership, RepairOrder, order_id, "update", field)
    policy.check(membership, "update", order, fields=FIGURES)
    order = RepairOrder.objects.select_for_update().get(pk=order.pk)
    _check_open(order, field)
    _check_uninvoiced(order, field)
    return order


def _lines_changed(membership: Membership, order: RepairOrder, before: dict[str, Any]) -> RepairOrder:
    _reprice(order)
    order.save()
    after = snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}
    if changes := diff(before, after):
        written(membership, "update", order, changes, "updated")
    return order


def add_repair_line(membership: Membership, repair_order: Any, **data: Any) -> RepairOrder:
    """Add a line at the end: ``kind``, ``product``, ``description``, ``quantity`` (default 1), ``unit_price``."""
    with transaction.atomic():
        order = _line_write(membership, repair_order)
        errors = ErrorCollector()
        cleaned = _clean_line(membership, data, order, errors, None)
        if RepairLine.objects.filter(repair_order=order).count() >= MAX_LINES:
            errors.add("repairOrderId", f"At most {MAX_LINES} lines.", ErrorCode.TOO_MANY)
        errors.raise_if_any()
        before = snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}
        last = RepairLine.objects.filter(repair_order=order).aggregate(top=Max("position"))["top"]
        RepairLine.objects.create(repair_order=order, position=0 if last is None else last + 1, amount=0, **cleaned)
        return _lines_changed(membership, order, before)


def _line_and_order(membership: Membership, line_id: Any) -> tuple[RepairLine, RepairOrder]:
    """The line and its order, which the member must be allowed to update (another's line: ``not_found``)."""
    try:
        order_id = RepairLine.objects.filter(pk=int(line_id)).values_list("repair_order_id", flat=True).first()
    except (TypeError, ValueError):
        order_id = None
    if order_id is None:
        raise ServiceError(FieldError("lineId", "No such line.", ErrorCode.NOT_FOUND))
    order = _line_write(membership, order_id, "lineId")
    return RepairLine.objects.select_related("product").get(pk=int(line_id)), order


def update_repair_line(membership: Membership, line_id: Any, **data: Any) -> RepairOrder:
    """Change a line (only the fields given); a part whose product or quantity changes is priced again."""
    with transaction.atomic():
        line, order = _line_and_order(membership, line_id)
        errors = ErrorCollector()
        required_blanks(data, (("kind", "kind"), ("quantity", "quantity"), ("description", "description")), errors)
        if "unit_price" in data and data["unit_price"] is None and data.get("kind", line.kind) != LineKind.PART:
            errors.add("unitPrice", "It cannot be blank.", ErrorCode.REQUIRED)
            data.pop("unit_price")
        cleaned = _clean_line(membership, data, order, errors, line)
        errors.raise_if_any()
        before = snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}
        for name, value in cleaned.items():
            setattr(line, name, value)
        line.save()
        return _lines_changed(membership, order, before)


def remove_repair_line(membership: Membership, line_id: Any) -> RepairOrder:
    with transaction.atomic():
        line, order = _line_and_order(membership, line_id)
        before = snapshot(order, FIGURES) | {"lines": _line_snapshot(order)}
        line.delete()
        return _lines_changed(membership, order, before)


# --- invoicing -------------------------------------------------------------------------------------


def invoice_repair_order(membership: Membership, order_id: Any) -> tuple[RepairOrder, Invoice]:
    """The draft invoice of what a repair order charges (one line per charged line), in one transaction.

    Again: the same invoice (unless it was voided: then a new one). Refused (``invalid_transition``) for a
    cancelled order, and (``invalid``) when nothing is charged. Returns ``(the order, its invoice)``.
    """
    policy.check(membership, "create", Invoice)
    with transaction.atomic():
        order = get_for(membership, RepairOrder, order_id, "update")
        order = RepairOrder.objects.select_for_update().get(pk=order.pk)
        if order.invoice_id is not None:
            existing = Invoice.objects.filter(pk=order.invoice_id).exclude(status=InvoiceStatus.VOID).first()
            if existing is not None:
                return order, existing  # idempotent: a retry (or a second click) changes nothing
        if order.status == S.CANCELLED:
            raise ServiceError(
                FieldError("id", "A cancelled repair order is not invoiced.", ErrorCode.INVALID_TRANSITION)
            )
        lines = [
            line
            for line in RepairLine.objects.filter(repair_order=order).order_by("position", "id")
            if not line.covered and line.amount > 0
        ]
        if not lines:
            raise ServiceError(FieldError("id", "Nothing on this repair order is charged.", ErrorCode.INVALID))
        given = [
            {
                "product": line.product_id,
                "description": line.description,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "tax_rate": order.tax_rate,
            }
            for line in lines
        ]
        invoice = invoicing.create_invoice(
            membership,
            {
                "company": order.company_id,
                "contact": order.contact_id,
                "currency": order.currency,
                "notes": f"Repair R-{order.number}"
                + (f", serial number {order.serial_number}" if order.serial_number else ""),
                "lines": given,
            },
        )
        before = snapshot(order, ("invoice",))
        order.invoice = invoice
        order.save(update_fields=["invoice"])
        written(membership, "update", order, diff(before, snapshot(order, ("invoice",))), "updated")
    return order, invoice
