"""The contracts module's exportable lists (declared in ``saas.contracts.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Contract

CONTRACTS = ExportList(
    name="contracts",
    model=Contract,
    file_name="contracts",
    columns=columns_of(
        Column("title", {"en": "Title", "zh-CN": "标题"}, lambda c: c.title),
        Column("number", {"en": "Number", "zh-CN": "编号"}, lambda c: f"C-{c.number}"),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda c: c.company.name),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda c: c.get_status_display()),
        Column("startDate", {"en": "Start", "zh-CN": "开始日期"}, lambda c: c.start_date),
        Column("endDate", {"en": "End", "zh-CN": "结束日期"}, lambda c: c.end_date),
        Column("value", {"en": "Value", "zh-CN": "金额"}, lambda c: c.value, rule_field="value"),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda c: c.currency),
        Column("billingFrequency", {"en": "Billing", "zh-CN": "计费周期"}, lambda c: c.get_billing_frequency_display()),
        Column("autoRenew", {"en": "Auto-renew", "zh-CN": "自动续约"}, lambda c: c.auto_renew),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "contracts", "deleted": "deletedContracts"},
    select_related=("owner", "company"),
)
