"""What each exportable list offers: its columns (with labels per interface language), filters, orderings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from saas.customers.models import Company, Contact

LANGUAGES = ("en", "zh-CN")


@dataclass(frozen=True)
class Column:
    """One exported column: what it holds and what it is called in each interface language."""

    key: str
    labels: dict[str, str]
    value: Callable[[Any], Any]
    #: The model field a role's field rule names (``emails``); a hidden one is never exported.
    rule_field: str | None = None
    #: Display names of a choice's values, per language (``ACTIVE`` → "Active" / "活跃").
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class Filter:
    """A filter key of the list's API ``filter:`` and the ORM path it applies to."""

    path: str
    #: ``id``: the API gives global ids ("Type:pk" in base64) that must be decoded;
    #: ``choice``: the API gives enum names (``ACTIVE``) of the field's stored values (``active``).
    kind: str = "value"


@dataclass(frozen=True)
class ExportList:
    name: str
    model: type[models.Model]
    file_name: str
    #: The name column, always first.
    columns: dict[str, Column]
    filters: dict[str, Filter]
    orderings: dict[str, str]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()

    def base(self, mode: str) -> models.QuerySet[Any]:
        manager: Any = self.model._default_manager
        if mode == "deleted":
            return self.model.all_objects.filter(deleted_at__isnull=False, merged_into__isnull=True)  # type: ignore[attr-defined]
        if mode == "pool":
            return manager.filter(owner__isnull=True)
        return manager.all()


STAGES = {
    "PROSPECT": {"en": "Prospect", "zh-CN": "潜在"},
    "ACTIVE": {"en": "Active", "zh-CN": "活跃"},
    "DORMANT": {"en": "Dormant", "zh-CN": "休眠"},
    "LOST": {"en": "Lost", "zh-CN": "流失"},
}


def _owner(record: Any) -> str:
    return (record.owner.full_name or record.owner.email) if record.owner_id else ""


def _tags(record: Any) -> str:
    return "; ".join(sorted(tag.name for tag in record.tags.all()))


def _created(record: Any) -> Any:
    return record.created_at


def _last_interaction(record: Any) -> Any:
    return record.last_interaction_at


def _deleted(record: Any) -> Any:
    return record.deleted_at


OWNER = Column("owner", {"en": "Owner", "zh-CN": "负责人"}, _owner)
TAGS = Column("tags", {"en": "Tags", "zh-CN": "标签"}, _tags)
CREATED = Column("createdAt", {"en": "Created", "zh-CN": "创建时间"}, _created)
LAST_INTERACTION = Column("lastInteractionAt", {"en": "Last interaction", "zh-CN": "最近互动"}, _last_interaction)
DELETED = Column("deletedAt", {"en": "Deleted", "zh-CN": "删除时间"}, _deleted)

COMMON_FILTERS = {
    "owner": Filter("owner_id", "id"),
    "tags": Filter("tags", "id"),
    "createdAt": Filter("created_at"),
    "lastInteractionAt": Filter("last_interaction_at"),
}


def _columns(*columns: Column) -> dict[str, Column]:
    return {c.key: c for c in columns}


COMPANIES = ExportList(
    name="companies",
    model=Company,
    file_name="companies",
    columns=_columns(
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
    filters={
        **COMMON_FILTERS,
        "lifecycleStage": Filter("lifecycle_stage", "choice"),
        "industry": Filter("industry"),
        "region": Filter("region"),
        "level": Filter("level", "choice"),
        "source": Filter("source", "choice"),
        "name": Filter("name"),
    },
    orderings={
        "name": "name",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "lifecycleStage": "lifecycle_stage",
        "level": "level",
        "lastInteractionAt": "last_interaction_at",
    },
    select_related=("owner",),
    prefetch_related=("tags",),
)

CONTACTS = ExportList(
    name="contacts",
    model=Contact,
    file_name="contacts",
    columns=_columns(
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
    filters={
        **COMMON_FILTERS,
        "company": Filter("company_id", "id"),
        "title": Filter("title"),
        "firstName": Filter("first_name"),
        "lastName": Filter("last_name"),
    },
    orderings={
        "firstName": "first_name",
        "lastName": "last_name",
        "createdAt": "created_at",
        "updatedAt": "updated_at",
        "lastInteractionAt": "last_interaction_at",
    },
    select_related=("owner", "company"),
    prefetch_related=("tags",),
)

LISTS: dict[str, ExportList] = {export.name: export for export in (COMPANIES, CONTACTS)}
