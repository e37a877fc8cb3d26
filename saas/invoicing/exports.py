"""The invoices list as CSV / XLSX (declared in ``saas.invoicing.module``); the figures follow the field rules.

The balance due derives from two figures (total and paid): it is left out where either is hidden.
"""

from __future__ import annotations

from saas.exports.lists import CREATED, OWNER, Column, ExportList, columns_of

from .models import Invoice

INVOICES = ExportList(
    name="invoices",
    model=Invoice,
    file_name="invoices",
    columns=columns_of(
        Column("number", {"en": "Number", "zh-CN": "编号"}, lambda i: i.display_number),
        Column("company", {"en": "Customer", "zh-CN": "客户"}, lambda i: i.company.name),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda i: i.get_status_display()),
        Column("issueDate", {"en": "Issued", "zh-CN": "开票日期"}, lambda i: i.issue_date),
        Column("dueDate", {"en": "Due", "zh-CN": "到期日"}, lambda i: i.due_date),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda i: i.currency),
        Column("total", {"en": "Total", "zh-CN": "总额"}, lambda i: i.total, rule_field="total"),
        Column("amountPaid", {"en": "Paid", "zh-CN": "已付"}, lambda i: i.amount_paid, rule_field="amount_paid"),
        Column(
            "balance",
            {"en": "Balance due", "zh-CN": "未付余额"},
            lambda i: i.balance,
            rule_field="total",
            also_rule_fields=("amount_paid",),
        ),
        OWNER,
        CREATED,
    ),
    list_fields={"active": "invoices", "deleted": "deletedInvoices"},
    select_related=("owner", "company"),
)
