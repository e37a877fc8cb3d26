"""Leads as an importable type (``saas.imports``): their columns, dedupe key (the e-mail) and rules.

The rules are the service's own (``services.validate_lead``): an import accepts what ``createLead``
accepts. A ``Campaign`` column names a campaign the member may read by its name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models

from saas.access import policy
from saas.imports.declaration import CHOICE, REFERENCE, ImportField, ImportType

from . import services
from .models import Campaign, Lead, LeadSource, LeadStatus


def _prepare(record: Lead, creating: bool) -> None:
    record.search_text = record.build_search_text()


def _campaigns_named(membership: Any, names: Sequence[str]) -> dict[str, Any]:
    """{name as written: id} of the campaigns the member may read, names compared ignoring case (newest wins)."""
    wanted: dict[str, list[str]] = {}
    for name in names:
        wanted.setdefault(name.strip().casefold(), []).append(name)
    readable = policy.scope_queryset(membership, Campaign.objects.all(), "read")
    query = models.Q()
    for key in wanted:
        query |= models.Q(name__iexact=key)
    found: dict[str, Any] = {}
    for pk, name in readable.filter(query).order_by("-created_at", "id").values_list("pk", "name"):
        for written in wanted.get(name.strip().casefold(), ()):
            found.setdefault(written, pk)
    return found


def _lead_keys(data: dict[str, Any]) -> list[str]:
    email = str(data.get("email") or "").strip().lower()
    return [email] if email else []


def _leads_by_key(queryset: models.QuerySet[Any], keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for lead in queryset.filter(email__in=keys).order_by("created_at", "id"):
        found.setdefault(lead.email, lead)
    return found


def _f(name: str, api_name: str, en: str, zh: str, kind: str = "text", *aliases: str, **options: Any) -> ImportField:
    return ImportField(name, api_name, {"en": en, "zh-CN": zh}, kind, aliases, **options)


LEAD_IMPORT = ImportType(
    record_type="Lead",
    model=Lead,
    labels={"en": "Leads", "zh-CN": "线索"},
    fields=(
        _f("name", "name", "Name", "姓名", "text", "full name", "lead", "名字", required=True),
        _f("company_name", "companyName", "Company", "公司", "text", "company name", "account", "公司名称"),
        _f("title", "title", "Title", "职位", "text", "job title", "position", "职务"),
        _f("email", "email", "E-mail", "邮箱", "text", "email address", "mail", "电子邮件"),
        _f("phone", "phone", "Phone", "电话", "text", "mobile", "telephone", "tel", "手机"),
        _f("source", "source", "Source", "来源", CHOICE, choices=LeadSource),
        _f("status", "status", "Status", "状态", CHOICE, choices=LeadStatus),
        _f("region", "region", "Region", "地区"),
        _f("industry", "industry", "Industry", "行业"),
        _f("description", "description", "Description", "描述", "text", "message", "notes", "留言"),
        _f(
            "campaign",
            "campaignId",
            "Campaign",
            "市场活动",
            REFERENCE,
            "campaign name",
            "活动",
            resolve=_campaigns_named,
        ),
    ),
    key="email",
    keys_of=_lead_keys,
    find=_leads_by_key,
    validate=services.validate_lead,
    prepare=_prepare,
)
