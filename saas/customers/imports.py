"""Companies and contacts as importable types (``saas.imports``): their columns, dedupe keys and rules.

The rules are the services' own (``validate_company`` / ``validate_contact``): an import accepts what
the API's create and update accept.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL
from django.utils import timezone

from saas.access import policy
from saas.imports.declaration import BOOLEAN, CHOICE, DATE, LIST, REFERENCE, ImportField, ImportType

from . import services
from .models import (
    BuyingRole,
    Company,
    CompanySize,
    Contact,
    CreditRating,
    Customer,
    CustomerLevel,
    CustomerSource,
    LifecycleStage,
    normalize_company_name,
)


def _prepare(record: Customer, creating: bool) -> None:
    if creating:
        if record.owner_id:
            record.owner_assigned_at = timezone.now()  # the pool clock starts with the importer
        if isinstance(record, Company):
            record.lifecycle_stage_changed_at = timezone.now()
    record.derive()


def _companies_named(membership: Any, names: Sequence[str]) -> dict[str, Any]:
    """{name as written: id} of the companies the member may read, matched as duplicate detection does."""
    wanted = {normalize_company_name(name): name for name in names}
    readable = policy.scope_queryset(membership, Company.objects.all(), "read")
    found: dict[str, Any] = {}
    for pk, normalized in (
        readable.filter(normalized_name__in=list(wanted)).order_by("created_at").values_list("pk", "normalized_name")
    ):
        found.setdefault(wanted[normalized], pk)
    return found


def _company_keys(data: dict[str, Any]) -> list[str]:
    key = normalize_company_name(str(data.get("name") or ""))
    return [key] if key else []


def _companies_by_key(queryset: models.QuerySet[Any], keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    # Sorted here, not in SQL: ``ORDER BY created_at`` lets the planner walk the whole table in that order.
    for company in sorted(queryset.filter(normalized_name__in=keys).order_by(), key=_oldest_first):
        found.setdefault(company.normalized_name, company)
    return found


def _contact_keys(data: dict[str, Any]) -> list[str]:
    return [e.strip().lower() for e in data.get("emails") or () if isinstance(e, str) and e.strip()]


def _contacts_by_key(queryset: models.QuerySet[Any], keys: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    # Each key looked up on its own in the e-mails' GIN index (``emails @> ARRAY[key]``), all in one query:
    # not ``emails && %(keys)s``, for which PostgreSQL guesses most rows match and tests every contact
    # against every key (12 s a batch at 100,000 contacts), nor a hash join of every contact's e-mails to
    # the keys (one pass over the table per batch: linear in the table). A lookup per key stays ~constant.
    table = connection.ops.quote_name(Contact._meta.db_table)
    matching = RawSQL(
        f"SELECT c.id FROM unnest(%s::varchar[]) AS k(email)"
        f" CROSS JOIN LATERAL (SELECT id FROM {table} WHERE emails @> ARRAY[k.email]) AS c",
        [list(keys)],
    )
    for contact in sorted(queryset.filter(pk__in=matching).order_by(), key=_oldest_first):
        for email in contact.emails:
            found.setdefault(email, contact)
    return found


def _oldest_first(record: Customer) -> tuple[Any, str]:
    return (record.created_at, str(record.pk))


def _f(name: str, api_name: str, en: str, zh: str, kind: str = "text", *aliases: str, **options: Any) -> ImportField:
    return ImportField(name, api_name, {"en": en, "zh-CN": zh}, kind, aliases, **options)


COMPANY_IMPORT = ImportType(
    record_type="Company",
    model=Company,
    labels={"en": "Companies", "zh-CN": "公司"},
    fields=(
        _f(
            "name",
            "name",
            "Name",
            "名称",
            "text",
            "company",
            "company name",
            "account",
            "公司",
            "公司名称",
            required=True,
        ),
        _f("industry", "industry", "Industry", "行业"),
        _f("size", "size", "Size", "规模", CHOICE, "employees", choices=CompanySize),
        _f("website", "website", "Website", "网站", "text", "url", "web"),
        _f("phone", "phone", "Phone", "电话", "text", "telephone", "tel"),
        _f("level", "level", "Level", "级别", CHOICE, choices=CustomerLevel),
        _f("category", "category", "Category", "类别"),
        _f("lifecycle_stage", "lifecycleStage", "Lifecycle stage", "生命周期", CHOICE, "stage", choices=LifecycleStage),
        _f("source", "source", "Source", "来源", CHOICE, choices=CustomerSource),
        _f("credit_rating", "creditRating", "Credit rating", "信用等级", CHOICE, choices=CreditRating),
    ),
    key="name",
    keys_of=_company_keys,
    find=_companies_by_key,
    validate=services.validate_company,
    prepare=_prepare,
)

CONTACT_IMPORT = ImportType(
    record_type="Contact",
    model=Contact,
    labels={"en": "Contacts", "zh-CN": "联系人"},
    fields=(
        _f("first_name", "firstName", "First name", "名", "text", "given name", "firstname", "名字", required=True),
        _f("last_name", "lastName", "Last name", "姓", "text", "surname", "family name", "lastname", "姓氏"),
        _f("emails", "emails", "E-mail", "邮箱", LIST, "email", "email address", "mail", "电子邮件", "邮件"),
        _f("phones", "phones", "Phone", "电话", LIST, "phone", "mobile", "telephone", "tel", "手机", "手机号"),
        _f("title", "title", "Title", "职位", "text", "job title", "position", "职务"),
        _f(
            "company",
            "companyId",
            "Company",
            "公司",
            REFERENCE,
            "company name",
            "account",
            "公司名称",
            resolve=_companies_named,
        ),
        _f("buying_role", "buyingRole", "Buying role", "采购角色", CHOICE, "role", choices=BuyingRole),
        _f("wechat_id", "wechatId", "WeChat ID", "微信号", "text", "wechat", "微信"),
        _f("birthday", "birthday", "Birthday", "生日", DATE, "date of birth", "birth date"),
        _f("email_consent", "emailConsent", "E-mail consent", "邮件许可", BOOLEAN, "email opt in"),
        _f("sms_consent", "smsConsent", "SMS consent", "短信许可", BOOLEAN, "sms opt in"),
    ),
    key="emails",
    keys_of=_contact_keys,
    find=_contacts_by_key,
    validate=services.validate_contact,
    prepare=_prepare,
)
