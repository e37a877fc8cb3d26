"""What an exportable list is: its columns (labels per interface language) and the API lists it reads.

Which rows an export holds is decided by the list itself (its GraphQL root field: scope, ``filter:``,
``orderBy:``, ``search:`` and their field rules), never here. A module declares its ``ExportList``s
in its ``saas.modules.Module`` (``exports=``); see docs/adding-a-module.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

LANGUAGES = ("en", "zh-CN")


@dataclass(frozen=True)
class Column:
    """One exported column: what it holds and what it is called in each interface language."""

    key: str
    labels: dict[str, str]
    value: Callable[[Any], Any]
    #: The model field a role's field rule names (``emails``); a hidden one is never exported.
    rule_field: str | None = None
    #: More fields the value tells (a balance tells the total and what was paid): hidden if any of them is.
    also_rule_fields: tuple[str, ...] = ()
    #: Display names of a choice's values, per language (``ACTIVE`` → "Active" / "活跃").
    choices: dict[str, dict[str, str]] = field(default_factory=dict)

    def label(self, language: str) -> str:
        return self.labels.get(language) or self.labels["en"]


@dataclass(frozen=True)
class ExportList:
    """One exportable list: ``GET /exports/<name>.<csv|xlsx>``."""

    name: str
    model: type[models.Model]
    file_name: str
    #: The name column (always first), then every column that may be asked for.
    columns: dict[str, Column]
    #: The API's root list field (``companies``) of each mode the export offers (``active``, ``pool``,
    #: ``deleted``): the export reads the rows that list would return, with its arguments.
    list_fields: dict[str, str]
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()


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


def columns_of(*columns: Column) -> dict[str, Column]:
    return {c.key: c for c in columns}
