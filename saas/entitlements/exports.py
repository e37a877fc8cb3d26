"""The entitlements module's exportable list (declared in ``saas.entitlements.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Entitlement

ENTITLEMENTS = ExportList(
    name="entitlements",
    model=Entitlement,
    file_name="entitlements",
    columns=columns_of(
        Column("name", {"en": "Name", "zh-CN": "名称"}, lambda e: e.name),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda e: e.company.name),
        Column("kind", {"en": "Kind", "zh-CN": "类型"}, lambda e: e.get_kind_display()),
        Column("allowance", {"en": "Allowance", "zh-CN": "额度"}, lambda e: e.allowance),
        Column("used", {"en": "Used", "zh-CN": "已用"}, lambda e: e.used),
        Column("remaining", {"en": "Remaining", "zh-CN": "剩余"}, lambda e: e.remaining),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda e: e.get_status_display()),
        Column("startDate", {"en": "Start", "zh-CN": "开始日期"}, lambda e: e.start_date),
        Column("endDate", {"en": "End", "zh-CN": "结束日期"}, lambda e: e.end_date),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "entitlements", "deleted": "deletedEntitlements"},
    select_related=("owner", "company"),
)
