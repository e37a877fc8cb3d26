"""Business rules of the catalogue: products, price books and their tiers, quotes and orders.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then
``written`` (audit entry and realtime event). Money figures come from ``saas.catalog.pricing``.

Lifecycles (anything else is ``invalid_transition``):

- quote: draft → sent → accepted / rejected / expired; only the latest version moves. Editing a
  draft changes it; editing a sent quote makes a new draft version (the sent one stays as it was).
- order (made by accepting a quote, once): open → partially fulfilled → fulfilled, or open /
  partially fulfilled → cancelled. Fulfilment is recorded per line; the status follows from it.
  An order made by mistake goes to the recycle bin (``delete_orders``) only while nothing holds it:
  no delivery recorded and no invoice, return request or claim made of it (``in_use``); else it is
  cancelled, so what was delivered or billed keeps its order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import timezone

from saas.access import policy
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel import services as kernel
from saas.kernel.changes import diff, plain, snapshot
from saas.kernel.declared import DeclaredRecord
from saas.kernel.money import CURRENCY
from saas.kernel.services import BAD_KEY, apply_fields, collect, created, get_for, get_many_for, member_user, written
from saas.kernel.validation import check_custom_fields, check_decimal, check_length, longest, unique_name
from saas.sales.models import Deal
from tenants.models import Membership

from . import pricing
from .models import (
    Order,
    OrderLine,
    OrderStatus,
    PriceBook,
    PriceBookEntry,
    Product,
    Quote,
    QuoteLine,
    QuoteStatus,
)

MAX_LINES = 200
MAX_TAXES = 5
MAX_TIERS = 20
LARGEST_QUANTITY = Decimal("1e9")
LARGEST_PRICE = Decimal("1e12")

QUOTE_FIELDS = (
    "title",
    "status",
    "price_book",
    "discount_percent",
    "taxes",
    "valid_until",
    "notes",
    "subtotal",
    "discount_amount",
    "tax_amount",
    "total",
)
ORDER_FIELDS = ("status", "closed_at")

# status → the statuses it may move to
QUOTE_TRANSITIONS: dict[str, frozenset[str]] = {
    QuoteStatus.DRAFT: frozenset({QuoteStatus.SENT}),
    QuoteStatus.SENT: frozenset({QuoteStatus.ACCEPTED, QuoteStatus.REJECTED, QuoteStatus.EXPIRED}),
}


# Quantities, prices and percentages: a number of so many decimals within bounds (the kernel's check).
_decimal = check_decimal


def _percent(value: Any, field: str, errors: ErrorCollector) -> Decimal:
    return _decimal(value, field, errors, places=2, low=Decimal(0), high=Decimal(100))


def _currency(data: dict[str, Any], errors: ErrorCollector) -> None:
    if data.get("currency") is not None:
        data["currency"] = str(data["currency"]).upper()
        if not CURRENCY.match(data["currency"]):
            errors.add("currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)


# --- products and price books --------------------------------------------------------------------


def _unique_sku(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if "sku" not in data and instance is not None:
        return
    data["sku"] = (data.get("sku") or "").strip()
    check_length(data["sku"], 64, "sku", errors, required=True)
    clash = Product.objects.filter(sku__iexact=data["sku"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if data["sku"] and clash.exists():
        errors.add("sku", "A product with this SKU exists.", ErrorCode.TAKEN)


def _product_name(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 200, "name", errors, required=True)


def _unit(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if data.get("unit") is not None:
        data["unit"] = data["unit"].strip() or "each"
        check_length(data["unit"], 20, "unit", errors)


def _price_book_currency(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    _currency(data, errors)


PRODUCTS = DeclaredRecord(
    Product,
    fields=("name", "sku", "description", "active", "unit"),
    rules=(_product_name, _unique_sku, longest("description", 5000), _unit),
)
PRICE_BOOKS = DeclaredRecord(
    PriceBook,
    fields=("name", "currency", "active"),
    rules=(unique_name(PriceBook, 100, "A price book with this name exists."), _price_book_currency),
)
create_product, update_product = PRODUCTS.create, PRODUCTS.update
create_price_book, update_price_book = PRICE_BOOKS.create, PRICE_BOOKS.update


def set_prices(
    membership: Membership, *, price_book: Any, product: Any, tiers: Sequence[dict[str, Any]]
) -> list[PriceBookEntry]:
    """Replace a product's price tiers in a price book (``[{min_quantity, unit_price}]``; empty: no price)."""
    policy.check(membership, "create", PriceBookEntry)
    errors = ErrorCollector()
    book = collect(errors, membership, PriceBook, price_book, "priceBookId")
    item = collect(errors, membership, Product, product, "productId")
    if len(tiers) > MAX_TIERS:
        errors.add("tiers", f"At most {MAX_TIERS} tiers.", ErrorCode.TOO_MANY)
    cleaned: list[tuple[Decimal, Decimal]] = []
    for i, tier in enumerate(tiers):
        minimum = _decimal(
            tier.get("min_quantity") or 0, f"tiers.{i}.minQuantity", errors, places=3, low=Decimal(0),
            high=LARGEST_QUANTITY,
        )  # fmt: skip
        price = _decimal(
            tier.get("unit_price"), f"tiers.{i}.unitPrice", errors, places=4, low=Decimal(0), high=LARGEST_PRICE
        )
        if any(minimum == seen for seen, _ in cleaned):
            errors.add(f"tiers.{i}.minQuantity", "Two tiers start at this quantity.", ErrorCode.TAKEN)
        cleaned.append((minimum, price))
    errors.raise_if_any()
    with transaction.atomic():
        old = list(PriceBookEntry.objects.select_for_update().filter(price_book=book, product=item))
        for entry in old:
            policy.check(membership, "delete", entry)
            written(membership, "delete", entry, diff(snapshot(entry, ENTRY_FIELDS), {}), "deleted")
        PriceBookEntry.objects.filter(pk__in=[e.pk for e in old]).delete()
        entries = []
        for minimum, price in sorted(cleaned):
            entry = PriceBookEntry.objects.create(price_book=book, product=item, min_quantity=minimum, unit_price=price)
            created(membership, entry, ENTRY_FIELDS)
            entries.append(entry)
    return entries


ENTRY_FIELDS = ("price_book", "product", "min_quantity", "unit_price")


def price_book_for(currency: str) -> PriceBook | None:
    """The active price book of a currency (the first by name when there are several)."""
    return PriceBook.objects.filter(currency=currency, active=True).order_by("name", "id").first()


def list_price(product: Product, quantity: Decimal, currency: str) -> Decimal | None:
    """A product's unit price for ``quantity`` in the active price book of ``currency`` (its tiers).

    ``None`` when the currency has no active book or the book has no price for that quantity. For other
    modules pricing one product at a time (repair orders' parts); quotes price their lines in one query.
    """
    book = price_book_for(currency)
    if book is None:
        return None
    tiers = PriceBookEntry.objects.filter(price_book=book, product=product).values_list("min_quantity", "unit_price")
    return pricing.pick_tier(list(tiers), quantity)


# --- quotes ----------------------------------------------------------------------------------------


def _validate_taxes(given: Sequence[dict[str, Any]], errors: ErrorCollector) -> list[dict[str, str]]:
    if len(given) > MAX_TAXES:
        errors.add("taxes", f"At most {MAX_TAXES} tax rates.", ErrorCode.TOO_MANY)
    cleaned = []
    for i, tax in enumerate(given):
        name = (tax.get("name") or "").strip()
        check_length(name, 50, f"taxes.{i}.name", errors, required=True)
        rate = _percent(tax.get("rate"), f"taxes.{i}.rate", errors)
        cleaned.append({"name": name, "rate": str(rate.quantize(Decimal("0.01")))})
    return cleaned


def _validate_lines(
    membership: Membership,
    given: Sequence[dict[str, Any]],
    book: PriceBook | None,
    errors: ErrorCollector,
    *,
    keep_inactive: frozenset[str] = frozenset(),
) -> list[QuoteLine]:
    """The lines as unsaved ``QuoteLine`` rows, priced from the book's tiers unless a price is given."""
    if len(given) > MAX_LINES:
        errors.add("lines", f"At most {MAX_LINES} lines.", ErrorCode.TOO_MANY)
        return []
    wanted = {str(line.get("product")) for line in given}
    readable = policy.scope_queryset(membership, Product.objects.all(), "read")
    try:
        products = {str(p.pk): p for p in readable.filter(pk__in=wanted)}
    except BAD_KEY:  # a key that is not a UUID finds nothing; reported per line below
        products = {}
    tiers: dict[str, list[tuple[Decimal, Decimal]]] = {}
    if book is not None and products:
        rows = PriceBookEntry.objects.filter(price_book=book, product_id__in=list(products))
        for product_id, minimum, price in rows.values_list("product_id", "min_quantity", "unit_price"):
            tiers.setdefault(str(product_id), []).append((minimum, price))
    lines = []
    for i, line in enumerate(given):
        product = products.get(str(line.get("product")))
        if product is None:
            errors.add(f"lines.{i}.productId", "No such product.", ErrorCode.NOT_FOUND)
            continue
        if not product.active and str(product.pk) not in keep_inactive:
            errors.add(f"lines.{i}.productId", "This product is no longer sold.", ErrorCode.INVALID)
        quantity = _decimal(
            line.get("quantity"), f"lines.{i}.quantity", errors, places=3, low=Decimal("0.001"), high=LARGEST_QUANTITY
        )
        discount = _percent(line.get("discount_percent") or 0, f"lines.{i}.discountPercent", errors)
        description = (line.get("description") or "").strip() or product.name
        check_length(description, 200, f"lines.{i}.description", errors)
        overridden = line.get("unit_price") is not None
        if overridden:
            price = _decimal(
                line["unit_price"], f"lines.{i}.unitPrice", errors, places=4, low=Decimal(0), high=LARGEST_PRICE
            )
        else:
            found = pricing.pick_tier(tiers.get(str(product.pk), []), quantity)
            if found is None:
                where = f"the price book {book.name}" if book else "any active price book of this currency"
                errors.add(f"lines.{i}.unitPrice", f"No price for this quantity in {where}.", ErrorCode.REQUIRED)
            price = found or Decimal(0)
        lines.append(
            QuoteLine(
                position=i,
                product=product,
                description=description,
                quantity=quantity,
                unit_price=price,
                price_overridden=overridden,
                discount_percent=discount,
            )
        )
    return lines


def _price(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    """Set the lines' amounts and the quote's totals (``saas.catalog.pricing``)."""
    figures = pricing.totals(
        [pricing.Line(line.quantity, line.unit_price, line.discount_percent) for line in lines],
        Decimal(quote.discount_percent),
        [pricing.Tax(tax["name"], Decimal(tax["rate"])) for tax in quote.taxes],
        quote.currency,
    )
    for line, amount in zip(lines, figures.lines, strict=True):
        line.amount = amount
    quote.subtotal, quote.discount_amount = figures.subtotal, figures.discount
    quote.tax_amount, quote.total = figures.tax, figures.total


def _validate_quote(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, currency: str
) -> PriceBook | None:
    """Check the quote's own fields in ``data`` (normalised in place); return the price book to price from."""
    if data.get("title") is not None:
        data["title"] = data["title"].strip()
        check_length(data["title"], 200, "title", errors)
    if data.get("notes") is not None:
        check_length(data["notes"], 5000, "notes", errors)
    if data.get("discount_percent") is not None:
        data["discount_percent"] = _percent(data["discount_percent"], "discountPercent", errors)
    if data.get("taxes") is not None:
        data["taxes"] = _validate_taxes(data["taxes"], errors)
    book: PriceBook | None = None
    if data.get("price_book") is not None:
        book = collect(errors, membership, PriceBook, data["price_book"], "priceBookId")
        if book is not None and book.currency != currency:
            errors.add("priceBookId", f"The deal is in {currency}; this price book is in {book.currency}.",
                       ErrorCode.INVALID)  # fmt: skip
        data["price_book"] = book
    return book


def _next_number(model: type[Quote] | type[Order]) -> int:
    """The next number of a quote or order in the workspace (serialised by a lock held to the commit)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || %s))", [model._meta.db_table])
    return (model.objects.aggregate(top=Max("number"))["top"] or 0) + 1


def _save_lines(quote: Quote, lines: Sequence[QuoteLine]) -> None:
    for line in lines:
        line.quote = quote
    QuoteLine.objects.bulk_create(lines)


def _line_snapshot(quote: Quote) -> list[str]:
    return [
        f"{line.product_id} x {line.quantity} @ {line.unit_price} -{line.discount_percent}% = {line.amount}"
        for line in QuoteLine.objects.filter(quote=quote).order_by("position", "id")
    ]


def create_quote(membership: Membership, data: dict[str, Any]) -> Quote:
    """A draft quote for a deal the member may read, in the deal's currency.

    ``data``: ``deal`` (pk), ``lines`` (``[{product, quantity, unit_price?, discount_percent?,
    description?}]``; without ``unit_price`` the tier of the price book for that quantity),
    ``price_book`` (pk; else the active book of the deal's currency), ``discount_percent``,
    ``taxes`` (``[{name, rate}]``), ``title``, ``valid_until``, ``notes``.
    """
    policy.check(membership, "create", Quote)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    deal = collect(errors, membership, Deal, data.pop("deal", None), "dealId")
    if deal is None:
        errors.raise_if_any()
    currency = deal.currency
    book = _validate_quote(membership, data, errors, currency)
    if "price_book" not in data:
        book = price_book_for(currency)
    lines = _validate_lines(membership, data.pop("lines", []), book, errors)
    errors.raise_if_any()
    quote = Quote(deal=deal, currency=currency, price_book=book, owner=membership.user, **data)
    policy.check(membership, "create", quote, fields=data)
    _price(quote, lines)
    with transaction.atomic():
        quote.number = _next_number(Quote)
        quote.save()
        _save_lines(quote, lines)
        after = snapshot(quote, QUOTE_FIELDS) | {"deal": str(deal.pk), "lines": _line_snapshot(quote)}
        written(membership, "create", quote, diff({}, after), "created")
    return quote


def _latest(quote: Quote) -> None:
    if not quote.is_latest:
        raise ServiceError(
            FieldError("id", f"Version {quote.version} was replaced by a later one.", ErrorCode.INVALID_TRANSITION)
        )


def update_quote(membership: Membership, quote_id: Any, data: dict[str, Any]) -> Quote:
    """Change a draft, or make a new draft version of a sent quote; ``lines`` replaces all the lines.

    Returns the quote that holds the change (the new version when the quote had been sent).
    """
    quote = get_for(membership, Quote, quote_id, "update")
    _latest(quote)
    if quote.status not in (QuoteStatus.DRAFT, QuoteStatus.SENT):
        raise ServiceError(
            FieldError("id", f"A quote {quote.get_status_display().lower()} cannot change.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip
    errors = ErrorCollector()
    if "price_book" in data and data["price_book"] is None:
        data.pop("price_book")
    book = _validate_quote(membership, data, errors, quote.currency)
    if "price_book" not in data:
        book = quote.price_book
    given_lines = data.pop("lines", None)
    for name in ("discount_percent", "taxes"):
        if name in data and data[name] is None:
            data[name] = [] if name == "taxes" else Decimal(0)
    current = list(quote.lines.order_by("position", "id"))
    kept = frozenset(str(line.product_id) for line in current)
    if given_lines is not None:
        lines = _validate_lines(membership, given_lines, book, errors, keep_inactive=kept)
    elif "price_book" in data:  # a new price book reprices the lines that were not priced by hand
        lines = _validate_lines(membership, [_as_input(line) for line in current], book, errors, keep_inactive=kept)
    else:
        lines = [_copy_line(line) for line in current]
    errors.raise_if_any()
    policy.check(membership, "update", quote, fields=data)
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        _latest(quote)
        before = snapshot(quote, QUOTE_FIELDS) | {"lines": _line_snapshot(quote)}
        if quote.status == QuoteStatus.SENT:
            previous = quote
            Quote.objects.filter(pk=previous.pk).update(is_latest=False)
            quote = Quote.objects.get(pk=previous.pk)
            quote.id = uuid.uuid4()
            quote._state.adding = True
            quote.version = previous.version + 1
            quote.is_latest, quote.status, quote.sent_at, quote.decided_at = True, QuoteStatus.DRAFT, None, None
            quote.created_at = timezone.now()
            before = {}
            action = "create"
        else:
            QuoteLine.objects.filter(quote=quote).delete()
            action = "update"
        for name, value in data.items():
            setattr(quote, name, value)
        _price(quote, lines)
        quote.save()
        _save_lines(quote, lines)
        after = snapshot(quote, QUOTE_FIELDS) | {"lines": _line_snapshot(quote)}
        if action == "create":
            after |= {"deal": str(quote.deal_id), "version": quote.version}
        if changes := diff(before, after):
            written(membership, action, quote, changes, "created" if action == "create" else "updated")
    return quote


def _as_input(line: QuoteLine) -> dict[str, Any]:
    return {
        "product": line.product_id,
        "quantity": line.quantity,
        "unit_price": line.unit_price if line.price_overridden else None,
        "discount_percent": line.discount_percent,
        "description": line.description,
    }


def _copy_line(line: QuoteLine) -> QuoteLine:
    line.pk = None
    line._state.adding = True
    return line


def versions(quote: Quote) -> list[Quote]:
    """Every version of the quote, oldest first."""
    return list(Quote.objects.filter(number=quote.number).order_by("version"))


def _move_quote(membership: Membership, quote_id: Any, target: QuoteStatus) -> Quote:
    quote = get_for(membership, Quote, quote_id, "update")
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        _latest(quote)
        if target not in QUOTE_TRANSITIONS.get(quote.status, frozenset()):
            raise ServiceError(
                FieldError(
                    "id",
                    f"A quote {quote.get_status_display().lower()} cannot become {target.label.lower()}.",
                    ErrorCode.INVALID_TRANSITION,
                )
            )
        if target == QuoteStatus.SENT and not quote.lines.exists():
            raise ServiceError(FieldError("lines", "Add a line before sending the quote.", ErrorCode.REQUIRED))
        before = snapshot(quote, ("status", "sent_at", "decided_at"))
        quote.status = target
        if target == QuoteStatus.SENT:
            quote.sent_at = timezone.now()
        else:
            quote.decided_at = timezone.now()
        quote.save(update_fields=["status", "sent_at", "decided_at", "updated_at"])
        written(membership, "update", quote, diff(before, snapshot(quote, ("status", "sent_at", "decided_at"))),
                "updated")  # fmt: skip
    return quote


def send_quote(membership: Membership, quote_id: Any) -> Quote:
    """Draft → sent (it needs at least one line)."""
    return _move_quote(membership, quote_id, QuoteStatus.SENT)


def reject_quote(membership: Membership, quote_id: Any) -> Quote:
    """Sent → rejected."""
    return _move_quote(membership, quote_id, QuoteStatus.REJECTED)


def expire_quote(membership: Membership, quote_id: Any) -> Quote:
    """Sent → expired."""
    return _move_quote(membership, quote_id, QuoteStatus.EXPIRED)


def accept_quote(membership: Membership, quote_id: Any) -> tuple[Quote, Order]:
    """Sent → accepted, and its order made, in one transaction; accepting it again returns that order."""
    quote = get_for(membership, Quote, quote_id, "update")
    policy.check(membership, "create", Order)
    with transaction.atomic():
        quote = Quote.objects.select_for_update().get(pk=quote.pk)
        existing = Order.all_objects.filter(quote=quote).first()
        if existing is not None and existing.is_deleted:
            raise ServiceError(
                FieldError("id", f"Its order {existing} is in the recycle bin: restore it from there.",
                           ErrorCode.INVALID_TRANSITION)
            )  # fmt: skip
        if quote.status == QuoteStatus.ACCEPTED and existing is not None:
            return quote, existing  # idempotent: a retried accept changes nothing
        _move_quote(membership, quote.pk, QuoteStatus.ACCEPTED)
        quote.refresh_from_db()
        order = Order(
            quote=quote,
            deal_id=quote.deal_id,
            number=_next_number(Order),
            currency=quote.currency,
            subtotal=quote.subtotal,
            discount_amount=quote.discount_amount,
            tax_amount=quote.tax_amount,
            total=quote.total,
            owner=membership.user,
        )
        policy.check(membership, "create", order)
        order.save()
        OrderLine.objects.bulk_create(
            OrderLine(
                order=order,
                position=line.position,
                product_id=line.product_id,
                description=line.description,
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                amount=line.amount,
            )
            for line in quote.lines.order_by("position", "id")
        )
        after = snapshot(order, ("status", "total")) | {"quote": str(quote.pk), "number": order.number}
        written(membership, "create", order, diff({}, after), "created")
    return quote, order


# --- orders ----------------------------------------------------------------------------------------


def _order_status(lines: Sequence[OrderLine]) -> str:
    if all(line.fulfilled_quantity >= line.quantity for line in lines):
        return OrderStatus.FULFILLED
    if any(line.fulfilled_quantity > 0 for line in lines):
        return OrderStatus.PARTIALLY_FULFILLED
    return OrderStatus.OPEN


def fulfil_order(membership: Membership, order_id: Any, lines: Sequence[dict[str, Any]]) -> Order:
    """Record deliveries: ``[{line, quantity}]`` adds ``quantity`` to each line's fulfilled quantity.

    A line cannot be fulfilled beyond what was ordered; the order's status follows (partially
    fulfilled, then fulfilled). A fulfilled or cancelled order takes no more.
    """
    order = get_for(membership, Order, order_id, "update")
    errors = ErrorCollector()
    if not lines:
        errors.add("lines", "Name at least one line.", ErrorCode.REQUIRED)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status in (OrderStatus.FULFILLED, OrderStatus.CANCELLED):
            raise ServiceError(
                FieldError("id", f"An order {order.get_status_display().lower()} takes no deliveries.",
                           ErrorCode.INVALID_TRANSITION)
            )  # fmt: skip
        by_pk = {str(line.pk): line for line in order.lines.select_for_update().order_by("position", "id")}
        for i, item in enumerate(lines):
            line = by_pk.get(str(item.get("line")))
            if line is None:
                errors.add(f"lines.{i}.lineId", "No such line in this order.", ErrorCode.NOT_FOUND)
                continue
            quantity = _decimal(
                item.get("quantity"), f"lines.{i}.quantity", errors, places=3, low=Decimal("0.001"),
                high=LARGEST_QUANTITY,
            )  # fmt: skip
            if line.fulfilled_quantity + quantity > line.quantity:
                left = line.quantity - line.fulfilled_quantity
                errors.add(f"lines.{i}.quantity", f"Only {plain(left)} left to deliver.", ErrorCode.OUT_OF_RANGE)
            line.fulfilled_quantity += quantity
        errors.raise_if_any()
        for line in by_pk.values():
            line.save(update_fields=["fulfilled_quantity"])
        before = snapshot(order, ORDER_FIELDS)
        order.status = _order_status(list(by_pk.values()))
        if order.status == OrderStatus.FULFILLED:
            order.closed_at = timezone.now()
        order.save(update_fields=["status", "closed_at", "updated_at"])
        fulfilled = {"fulfilled": {"old": None, "new": [f"{line.pk}: {plain(line.fulfilled_quantity)}"
                                                           for line in by_pk.values()]}}  # fmt: skip
        written(membership, "update", order, diff(before, snapshot(order, ORDER_FIELDS)) | fulfilled, "updated")
    return order


def update_order(membership: Membership, order_id: Any, data: dict[str, Any]) -> Order:
    """Change who looks after an order and its custom fields, in any status.

    Its lines, amounts and currency are what the accepted quote said (a new quote version changes them);
    its status moves through deliveries and cancelling.
    """
    order = get_for(membership, Order, order_id, "update")
    errors = ErrorCollector()
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    check_custom_fields(membership, Order, data, errors, order)
    errors.raise_if_any()
    policy.check(membership, "update", order, fields=data)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        before = snapshot(order, (*ORDER_FIELDS, "owner"))
        old_owner = order.owner_id
        apply_fields(order, data)
        if order.owner_id != old_owner and order.owner_id is not None:
            policy.check_owner(membership, Order, order.owner_id)
        order.save()
        if changes := diff(before, snapshot(order, (*ORDER_FIELDS, "owner"))):
            written(membership, "update", order, changes, "updated")
    return order


def cancel_order(membership: Membership, order_id: Any) -> Order:
    """Open or partially fulfilled → cancelled (what was delivered stays recorded)."""
    order = get_for(membership, Order, order_id, "update")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        if order.status in (OrderStatus.FULFILLED, OrderStatus.CANCELLED):
            raise ServiceError(
                FieldError("id", f"An order {order.get_status_display().lower()} cannot be cancelled.",
                           ErrorCode.INVALID_TRANSITION)
            )  # fmt: skip
        before = snapshot(order, ORDER_FIELDS)
        order.status, order.closed_at = OrderStatus.CANCELLED, timezone.now()
        order.save(update_fields=["status", "closed_at", "updated_at"])
        written(membership, "update", order, diff(before, snapshot(order, ORDER_FIELDS)), "updated")
    return order


# --- the recycle bin -------------------------------------------------------------------------------


def _holders() -> list[models.ForeignObjectRel]:
    """The records that keep an order (invoices, return requests, claims: ``PROTECT`` links to it).

    Read from the relations, so the catalogue names none of the modules built on it.
    """
    return [rel for rel in Order._meta.related_objects if rel.on_delete is models.PROTECT]


def _refuse_held(orders: Sequence[Order], field: str) -> None:
    """``in_use`` naming each order something was delivered on or made of (those rows not in their bins)."""
    pks = [order.pk for order in orders]
    held: dict[Any, list[str]] = {}
    delivered = OrderLine.objects.filter(order_id__in=pks, fulfilled_quantity__gt=0)
    # ``order_by()``: the models' default orderings would join DISTINCT and repeat an order once a line.
    for pk in delivered.order_by().values_list("order_id", flat=True).distinct():
        held.setdefault(pk, []).append("deliveries")
    for rel in _holders():
        made_of = rel.related_model._default_manager.filter(**{f"{rel.field.name}__in": pks})
        for pk in made_of.order_by().values_list(rel.field.attname, flat=True).distinct():
            held.setdefault(pk, []).append(str(rel.related_model._meta.verbose_name))
    if held:
        named = ", ".join(f"{order} ({', '.join(held[order.pk])})" for order in orders if order.pk in held)
        raise ServiceError(
            FieldError(field, f"Delivered or billed orders stay on record: {named}. Cancel them instead.",
                       ErrorCode.IN_USE)
        )  # fmt: skip


def delete_orders(membership: Membership, order_ids: Sequence[Any], field: str = "orderIds") -> list[Order]:
    """Orders to the recycle bin, all or nothing; any with deliveries, an invoice, a return or a claim: ``in_use``."""
    errors = ErrorCollector()
    orders = get_many_for(membership, Order, order_ids, "delete", field, errors)
    if not orders and not errors.errors:
        errors.add(field, "Name at least one order.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    with transaction.atomic():
        # Locked like a delivery or an invoice of them, so none lands between the check and the delete.
        list(Order.objects.select_for_update().filter(pk__in=[order.pk for order in orders]).values_list("pk"))
        _refuse_held(orders, field)
        return kernel.soft_delete_many(membership, Order, [order.pk for order in orders], field)


def delete_order(membership: Membership, order_id: Any) -> Order:
    """One order to the recycle bin (``delete_orders``' rule); ``restoreOrder`` brings it back."""
    order = get_for(membership, Order, order_id, "delete")
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order.pk)
        _refuse_held([order], "id")
        return kernel.soft_delete(membership, Order, order.pk)
