"""The customers module's exportable lists (declared in ``saas.customers.module``)."""

from __future__ import annotations

from saas.exports.lists import CREATED, DELETED, LAST_INTERACTION, OWNER, TAGS, Column, ExportList, columns_of

from .models import Company, Contact

STAGES = {
    "PROSPECT": {"en": "Prospect", "zh-CN": "潜在"},
    "ACTIVE": {"en": "Active", "zh-CN": "活跃"},
    "DORMANT": {"en": "Dormant", "zh-CN": "休眠"},
    "LOST": {"en": "Lost", "zh-CN": "流失"},
}


COMPANIES = ExportList(
    name="companies",
    model=Company,
    file_name="companies",
    columns=columns_of(
        Column("name", {"en": "Name", "zh-CN": "名称"}, lambda c: c.name),
        Column("industry", {"en": "Industry", "zh-CN": "行业"}, lambda c: c.industry),
        Column("lifecycleStage", {"en": "Stage", "zh-CN": "阶段"}, lambda c: c.lifecycle_stage, choices=STAGES),
        OWNER,
        TAGS,
        Column("region", {"en": "Region", "zh-CN": "地区"}, lambda c: c.region),
        Column("phone", {"en": "Phone", "zh-CN": "电话"}, lambda c: c.phone),
        Column("website", {"en": "Website", "zh-CN": "网站"}, lambda c: c.website),
        Column(
            "creditLimit",
            {"en": "Credit limit", "zh-CN": "信用额度"},
            lambda c: c.credit_limit,
            rule_field="credit_limit",
        ),
        Column(
            "creditRating",
            {"en": "Credit rating", "zh-CN": "信用评级"},
            lambda c: c.credit_rating,
            rule_field="credit_rating",
        ),
        LAST_INTERACTION,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "companies", "pool": "poolCompanies", "deleted": "deletedCompanies"},
    select_related=("owner",),
    prefetch_related=("tags",),
)

CONTACTS = ExportList(
    name="contacts",
    model=Contact,
    file_name="contacts",
    columns=columns_of(
        Column("fullName", {"en": "Name", "zh-CN": "姓名"}, lambda c: c.full_name),
        Column("company", {"en": "Company", "zh-CN": "公司"}, lambda c: c.company.name if c.company_id else ""),
        Column("title", {"en": "Title", "zh-CN": "职位"}, lambda c: c.title),
        Column("emails", {"en": "Email", "zh-CN": "邮箱"}, lambda c: "; ".join(c.emails), rule_field="emails"),
        Column("phones", {"en": "Phone", "zh-CN": "电话"}, lambda c: "; ".join(c.phones), rule_field="phones"),
        Column("birthday", {"en": "Birthday", "zh-CN": "生日"}, lambda c: c.birthday, rule_field="birthday"),
        OWNER,
        TAGS,
        LAST_INTERACTION,
        CREATED,
        DELETED,
    ),
    list_fields={"active": "contacts", "pool": "poolContacts", "deleted": "deletedContacts"},
    select_related=("owner", "company"),
    prefetch_related=("tags",),
)
