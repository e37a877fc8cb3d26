"""The catalogue's exportable lists (declared in ``saas.catalog.module``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from saas.exports.lists import CREATED, OWNER, Column, ExportList, columns_of

from .models import Order
from .pricing import round_money


def _delivered(order: Order) -> str:
    """Per line, delivered of ordered ("Widget: 2/5; Setup: 1/1"), as the orders list shows it."""
    return "; ".join(
        f"{line.description or line.product.name}: {_count(line.fulfilled_quantity)}/{_count(line.quantity)}"
        for line in order.lines.all()
    )


def _count(quantity: Decimal) -> str:
    return f"{quantity.normalize():f}"


def _total(order: Order) -> Decimal:
    return round_money(order.total, order.currency)


def _company(order: Order) -> Any:
    company = order.deal.company
    return company.name if company is not None else ""


ORDERS = ExportList(
    name="orders",
    model=Order,
    file_name="orders",
    columns=columns_of(
        Column("number", {"en": "Order", "zh-CN": "订单"}, lambda o: f"O-{o.number}"),
        Column("deal", {"en": "Deal", "zh-CN": "商机"}, lambda o: o.deal.title),
        Column("company", {"en": "Company", "zh-CN": "公司"}, _company),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda o: o.get_status_display()),
        Column("delivered", {"en": "Delivered", "zh-CN": "已交付"}, _delivered),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda o: o.currency),
        Column("total", {"en": "Total", "zh-CN": "总计"}, _total, rule_field="total"),
        Column("closedAt", {"en": "Closed", "zh-CN": "关闭时间"}, lambda o: o.closed_at),
        OWNER,
        CREATED,
    ),
    list_fields={"active": "orders"},
    select_related=("owner", "deal__company"),
    prefetch_related=("lines__product",),
)
