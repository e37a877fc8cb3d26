"""The leads module's exportable list (declared in ``saas.leads.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Lead, LeadStatus

STATUSES = {
    "NEW": {"en": "New", "zh-CN": "新线索"},
    "WORKING": {"en": "Working", "zh-CN": "跟进中"},
    "NURTURING": {"en": "Nurturing", "zh-CN": "培育中"},
    "QUALIFIED": {"en": "Qualified", "zh-CN": "已确认"},
    "UNQUALIFIED": {"en": "Unqualified", "zh-CN": "不合格"},
    "CONVERTED": {"en": "Converted", "zh-CN": "已转化"},
}
assert set(STATUSES) == {s.upper() for s in LeadStatus.values}

LEADS = ExportList(
    name="leads",
    model=Lead,
    file_name="leads",
    columns=columns_of(
        Column("name", {"en": "Name", "zh-CN": "姓名"}, lambda lead: lead.name),
        Column("companyName", {"en": "Company", "zh-CN": "公司"}, lambda lead: lead.company_name),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda lead: lead.status, choices=STATUSES),
        Column("score", {"en": "Score", "zh-CN": "评分"}, lambda lead: lead.score),
        Column("source", {"en": "Source", "zh-CN": "来源"}, lambda lead: lead.source),
        Column("email", {"en": "Email", "zh-CN": "邮箱"}, lambda lead: lead.email, rule_field="email"),
        Column("phone", {"en": "Phone", "zh-CN": "电话"}, lambda lead: lead.phone, rule_field="phone"),
        Column("region", {"en": "Region", "zh-CN": "地区"}, lambda lead: lead.region),
        Column("industry", {"en": "Industry", "zh-CN": "行业"}, lambda lead: lead.industry),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "leads", "deleted": "deletedLeads"},
    select_related=("owner",),
)
