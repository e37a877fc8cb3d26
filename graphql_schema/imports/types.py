"""Bulk imports in the API: the import (file, mapping, progress, row errors) and saved mappings."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any, ClassVar

import strawberry
import strawberry_django
from django.db import models
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.nodes import record_type
from graphql_schema.permissions import require_membership
from saas import modules
from saas.imports import models as imports
from saas.imports.declaration import ImportType


@strawberry.enum(name="ImportStatus", description="Where an import is.")
class ImportStatus(Enum):
    UPLOADED = strawberry.enum_value("uploaded", description="Read and counted; map its columns next.")
    QUEUED = strawberry.enum_value("queued", description="A run was asked for; waiting for a worker.")
    VALIDATING = strawberry.enum_value("validating", description="A dry run is checking the rows.")
    VALIDATED = strawberry.enum_value("validated", description="Checked: `rowErrors` list what would fail.")
    IMPORTING = strawberry.enum_value("importing", description="Rows are being written (`processedRows`).")
    COMPLETED = strawberry.enum_value("completed", description="Done: valid rows written, bad rows in `rowErrors`.")
    FAILED = strawberry.enum_value("failed", description="Stopped (`errorCode`); batches written before stay.")
    UNDONE = strawberry.enum_value(
        "undone", description="Undone: what it created is deleted, what it updated restored."
    )


@strawberry.enum(name="ImportDedupe", description="What to do with a row whose key matches an existing record.")
class ImportDedupe(Enum):
    SKIP = strawberry.enum_value("skip", description="Leave the row out.")
    UPDATE = strawberry.enum_value("update", description="Update the existing record with the row's mapped columns.")
    CREATE = strawberry.enum_value("create", description="Create a new record anyway.")


@strawberry.type(description="One field a column can be imported into.")
class ImportFieldType:
    name: str = strawberry.field(description="The field, as `ColumnMappingInput.field` names it (e.g. `first_name`).")
    api_name: str = strawberry.field(description="The field's name in the API (`firstName`).")
    label: str = strawberry.field(description="English label.")
    label_zh: str = strawberry.field(description="Chinese label.")
    kind: str = strawberry.field(description="text, list (`;`-separated), date, boolean, choice, decimal or reference.")
    required: bool = strawberry.field(description="A mapping must map a column to it.")
    is_key: bool = strawberry.field(description="The dedupe key (e-mail for contacts, name for companies).")


@strawberry.type(description="A record type members can import, with its fields.")
class ImportableType:
    record_type: str = strawberry.field(description="`Contact`, `Company`...")
    fields: list[ImportFieldType] = strawberry.field(description="The fields a column can go to, in form order.")


def importable(declared: ImportType) -> ImportableType:
    return ImportableType(
        record_type=declared.record_type,
        fields=[
            ImportFieldType(
                name=f.name,
                api_name=f.api_name,
                label=f.labels["en"],
                label_zh=f.labels.get("zh-CN", f.labels["en"]),
                kind=f.kind,
                required=f.required,
                is_key=f.name == declared.key,
            )
            for f in declared.fields
        ],
    )


def importable_types() -> list[ImportableType]:
    return [importable(declared) for declared in modules.import_types().values()]


@strawberry.type(description="A column mapped to a field.")
class ColumnMapping:
    column: str = strawberry.field(description="The column's header in the file.")
    field: str = strawberry.field(description="The field it goes to (`ImportFieldType.name`).")


def column_mappings(mapping: dict[str, str]) -> list[ColumnMapping]:
    return [ColumnMapping(column=column, field=name) for column, name in mapping.items()]


@strawberry.type(description="Why one row of the file was not (or would not be) imported.")
class ImportRowError:
    row: int = strawberry.field(description="The row's number as a spreadsheet shows it (the header is row 1).")
    column: str | None = strawberry.field(description="The column the problem is in, when it is one.")
    field: str | None = strawberry.field(description="The field, as the API names it (`emails.0`).")
    message: str = strawberry.field(description="What is wrong, in words.")
    code: str = strawberry.field(description="The `ErrorCode`, as in mutation errors.")


@record_type(
    imports.DataImport,
    name="DataImport",
    description="A CSV or XLSX file of records being imported. Only whoever uploaded it can read it.",
)
class DataImportNode(relay.Node):
    _id_attr: ClassVar[str | None] = "pk"

    record_type: str = strawberry_django.field(description="What the rows become: `Contact`, `Company`...")
    file_name: str = strawberry_django.field(description="The file's name as uploaded.")
    file_size: int = strawberry_django.field(description="Bytes.")
    headers: list[str] = strawberry_django.field(description="The header row.")
    sample: list[list[str]] = strawberry_django.field(description="The first rows, for the mapping step.")
    row_count: int = strawberry_django.field(description="Rows under the header (blank rows left out).")
    dry_run: bool = strawberry_django.field(description="The last run only checked the rows.")
    processed_rows: int = strawberry_django.field(description="Rows read so far by the current or last run.")
    created_count: int = strawberry_django.field(description="Records created (a dry run: would be).")
    updated_count: int = strawberry_django.field(description="Records updated (a dry run: would be).")
    skipped_count: int = strawberry_django.field(description="Rows left out as duplicates (dedupe `SKIP`).")
    error_count: int = strawberry_django.field(description="Rows with errors, not written.")
    created_at: datetime = strawberry_django.field(description="When it was uploaded.")
    started_at: datetime | None = strawberry_django.field(description="When the last run was asked for.")
    completed_at: datetime | None = strawberry_django.field(description="When the last run finished.")
    undone_at: datetime | None = strawberry_django.field(description="When it was undone.")

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        membership = require_membership(info)
        return queryset.filter(requested_by_id=membership.user_id)

    @strawberry_django.field(only=["status"], description="Where it is.")
    def status(self, root: imports.DataImport) -> ImportStatus:
        return ImportStatus(root.status)

    @strawberry_django.field(only=["dedupe"], description="The last run's dedupe policy.")
    def dedupe(self, root: imports.DataImport) -> ImportDedupe:
        return ImportDedupe(root.dedupe)

    @strawberry_django.field(
        only=["mapping"], description="The mapping of the last run, or the one suggested from the headers."
    )
    def mapping(self, root: imports.DataImport) -> list[ColumnMapping]:
        return column_mappings(root.mapping)

    @strawberry_django.field(
        only=["row_errors"], description="The bad rows (the first 1,000; `errorCount` counts them all)."
    )
    def row_errors(self, root: imports.DataImport) -> list[ImportRowError]:
        return [ImportRowError(**entry) for entry in root.row_errors]

    @strawberry_django.field(only=["error_code"], description="Why it failed, e.g. `plan_limit`; null otherwise.")
    def error_code(self, root: imports.DataImport) -> str | None:
        return root.error_code or None

    @strawberry_django.field(only=["error_message"], description="Why it failed, in words; null otherwise.")
    def error_message(self, root: imports.DataImport) -> str | None:
        return root.error_message or None


@record_type(imports.ImportMapping, name="ImportMapping", description="A saved column mapping of a record type.")
class ImportMappingNode(relay.Node):
    _id_attr: ClassVar[str | None] = "pk"

    record_type: str = strawberry_django.field(description="The record type it maps to.")
    name: str = strawberry_django.field(description="Its name, unique per record type.")

    @strawberry_django.field(only=["mapping"], description="Column header → field.")
    def mapping(self, root: imports.ImportMapping) -> list[ColumnMapping]:
        return column_mappings(root.mapping)

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        require_membership(info)
        return queryset
