"""Forecasting's exportable lists (declared in ``saas.forecasting.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, Column, ExportList, columns_of

from .models import SalesTarget


def _whose(target: SalesTarget) -> str:
    if target.team_id is not None:
        return target.team.name if target.team else ""
    user = target.user
    return (user.full_name or user.email) if user else ""


TARGETS = ExportList(
    name="targets",
    model=SalesTarget,
    file_name="sales-targets",
    columns=columns_of(
        Column("whose", {"en": "Salesperson or team", "zh-CN": "销售人员或团队"}, _whose),
        Column("periodKind", {"en": "Period", "zh-CN": "周期"}, lambda t: t.period_kind),
        Column("periodStart", {"en": "Starts", "zh-CN": "开始日期"}, lambda t: t.period_start),
        Column("amount", {"en": "Target", "zh-CN": "目标"}, lambda t: t.amount, rule_field="amount"),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda t: t.currency),
        CREATED,
    ),
    list_fields={"active": "salesTargets"},
    select_related=("user", "team"),
)
