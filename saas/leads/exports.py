"""The leads module's exportable list (declared in ``saas.leads.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, OWNER, Column, ExportList, columns_of

from .models import Campaign, CampaignStatus, CampaignType, Lead, LeadStatus

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
        Column(
            "campaign",
            {"en": "Campaign", "zh-CN": "市场活动"},
            lambda lead: lead.campaign.name if lead.campaign_id and lead.campaign else "",
        ),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "leads", "deleted": "deletedLeads"},
    select_related=("owner", "campaign"),
)

CAMPAIGN_STATUSES = {
    "PLANNED": {"en": "Planned", "zh-CN": "计划中"},
    "ACTIVE": {"en": "Active", "zh-CN": "进行中"},
    "COMPLETED": {"en": "Completed", "zh-CN": "已完成"},
    "ABORTED": {"en": "Aborted", "zh-CN": "已中止"},
}
CAMPAIGN_TYPES = {
    "EMAIL": {"en": "E-mail", "zh-CN": "邮件"},
    "EVENT": {"en": "Event", "zh-CN": "活动"},
    "WEBINAR": {"en": "Webinar", "zh-CN": "网络研讨会"},
    "ADS": {"en": "Ads", "zh-CN": "广告"},
    "OTHER": {"en": "Other", "zh-CN": "其他"},
}
assert set(CAMPAIGN_STATUSES) == {s.upper() for s in CampaignStatus.values}
assert set(CAMPAIGN_TYPES) == {t.upper() for t in CampaignType.values}

CAMPAIGNS = ExportList(
    name="campaigns",
    model=Campaign,
    file_name="campaigns",
    columns=columns_of(
        Column("name", {"en": "Name", "zh-CN": "名称"}, lambda c: c.name),
        Column("type", {"en": "Type", "zh-CN": "类型"}, lambda c: c.type, choices=CAMPAIGN_TYPES),
        Column("status", {"en": "Status", "zh-CN": "状态"}, lambda c: c.status, choices=CAMPAIGN_STATUSES),
        Column("startDate", {"en": "Start", "zh-CN": "开始日期"}, lambda c: c.start_date),
        Column("endDate", {"en": "End", "zh-CN": "结束日期"}, lambda c: c.end_date),
        Column("budget", {"en": "Budget", "zh-CN": "预算"}, lambda c: c.budget, rule_field="budget"),
        Column(
            "actualCost", {"en": "Actual cost", "zh-CN": "实际成本"}, lambda c: c.actual_cost, rule_field="actual_cost"
        ),
        Column(
            "expectedRevenue",
            {"en": "Expected revenue", "zh-CN": "预期收入"},
            lambda c: c.expected_revenue,
            rule_field="expected_revenue",
        ),
        Column("currency", {"en": "Currency", "zh-CN": "币种"}, lambda c: c.currency),
        OWNER,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "campaigns", "deleted": "deletedCampaigns"},
    select_related=("owner",),
)
