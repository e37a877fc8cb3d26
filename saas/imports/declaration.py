"""How a module declares a record type importable: its columns and the rules its services already have.

Plain declarations (they import only Django), so any module may hold one and list it in its
``saas.modules.Module(imports=...)``; the import machinery (``saas.imports.services``) does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import models

# (membership, data, errors, instance or None): the service's own validation, run on every row.
Validate = Callable[[Any, dict[str, Any], Any, Any], None]
# (membership, the names in a batch): {name as written: primary key} of the records the member may read.
Resolve = Callable[[Any, Sequence[str]], dict[str, Any]]

TEXT = "text"
LIST = "list"  # several values in one cell, separated by ``;`` or ``,`` (e-mails, phones)
DATE = "date"  # ISO dates (2026-03-01), or what a spreadsheet stores as a date
BOOLEAN = "boolean"  # yes / no / true / false / 1 / 0 / 是 / 否
CHOICE = "choice"  # a choice's value or label, any case
DECIMAL = "decimal"
REFERENCE = "reference"  # another record named by its name (``resolve`` finds it)


@dataclass(frozen=True)
class ImportField:
    """One field a column can be mapped to.

    ``name`` is the key of the service's ``data`` (the model field); ``api_name`` is how the API and
    the service's errors name it. Headers equal to the name, the labels or an alias (ignoring case,
    spaces and punctuation) suggest this field.
    """

    name: str
    api_name: str
    labels: dict[str, str]  # {"en": ..., "zh-CN": ...}
    kind: str = TEXT
    aliases: tuple[str, ...] = ()
    choices: type[models.TextChoices] | None = None
    required: bool = False  # a mapping must map a column to it
    resolve: Resolve | None = None  # for REFERENCE fields


@dataclass(frozen=True)
class ImportType:
    """A record type members may import, declared by the module that owns it.

    - ``validate``: the service's validation (the same rules as a create or update through the API);
    - ``key`` / ``keys_of`` / ``find``: the dedupe key (a field name), a row's keys as compared (normalised),
      and ``{key: record}`` of the records of a queryset having any of the given keys (one query);
    - ``prepare(record, creating)``: what the model's ``save`` would fill in that a bulk insert skips
      (derived columns such as search text), plus a create's own defaults;
    - ``restorable``: the fields an update may change, whose old values an undo puts back.
    """

    record_type: str
    model: type[models.Model]
    labels: dict[str, str]  # the plural: {"en": "Contacts", "zh-CN": "联系人"}
    fields: tuple[ImportField, ...]
    key: str
    keys_of: Callable[[dict[str, Any]], list[str]]
    find: Callable[[models.QuerySet[Any], list[str]], dict[str, Any]]
    validate: Validate
    prepare: Callable[[Any, bool], None]
    owner_field: str | None = "owner"  # rows are owned by the member importing them
    extra: dict[str, Any] = field(default_factory=dict)

    def field(self, name: str) -> ImportField | None:
        return next((f for f in self.fields if f.name == name), None)

    @property
    def restorable(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)
