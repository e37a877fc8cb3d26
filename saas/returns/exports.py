"""The returns module's exportable lists (declared in ``saas.returns.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Claim, ReturnRequest

RETURN_REQUESTS = ExportList(
    name="returns",  # the URL: /exports/returns.csv
    model=ReturnRequest,
    file_name="return-requests",
    columns=columns_of(
        Column("number", {"en": "Number", "zh-CN": "编号"}, lambda r: f"RMA-{r.number}"),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda r: r.company.name),
        Column("order", {"en": "Order", "zh-CN": "订单"}, lambda r: f"O-{r.order.number}"),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda r: r.get_status_display()),
        Column("reason", {"en": "Reason", "zh-CN": "退货原因"}, lambda r: r.reason),
        Column("resolution", {"en": "Resolution", "zh-CN": "处理方式"}, lambda r: r.get_resolution_display()),
        Column(
            "refundAmount", {"en": "Refund", "zh-CN": "退款金额"}, lambda r: r.refund_amount, rule_field="refund_amount"
        ),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda r: r.currency),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "returnRequests", "deleted": "deletedReturnRequests"},
    select_related=("owner", "company", "order"),
)

CLAIMS = ExportList(
    name="claims",
    model=Claim,
    file_name="claims",
    columns=columns_of(
        Column("number", {"en": "Number", "zh-CN": "编号"}, lambda c: f"CL-{c.number}"),
        Column("kind", {"en": "Kind", "zh-CN": "类型"}, lambda c: c.get_kind_display()),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda c: c.company.name),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda c: c.get_status_display()),
        Column("description", {"en": "Description", "zh-CN": "描述"}, lambda c: c.description),
        Column(
            "amountClaimed",
            {"en": "Claimed", "zh-CN": "索赔金额"},
            lambda c: c.amount_claimed,
            rule_field="amount_claimed",
        ),
        Column(
            "amountApproved",
            {"en": "Approved", "zh-CN": "批准金额"},
            lambda c: c.amount_approved,
            rule_field="amount_approved",
        ),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda c: c.currency),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "claims", "deleted": "deletedClaims"},
    select_related=("owner", "company"),
)
