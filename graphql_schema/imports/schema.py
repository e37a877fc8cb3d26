"""Bulk imports: queries and mutations (the file itself is uploaded to ``POST /imports/upload``, see ``upload``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types import Info

from graphql_schema.core.mutations import Call, Delete
from graphql_schema.errors import DeletePayload, UserError
from graphql_schema.permissions import require_membership
from saas.imports import services

from .types import DataImportNode, ImportableType, ImportDedupe, ImportMappingNode, importable_types


@strawberry.input(description="A column of the file and the field it goes to.")
class ColumnMappingInput:
    column: str = strawberry.field(description="The column's header, as in `DataImport.headers`.")
    field: str = strawberry.field(description="An `ImportFieldType.name`; empty leaves the column out.")


@strawberry.input(description="Check (dry run) or import an uploaded file.")
class StartImportInput:
    import_id: relay.GlobalID = strawberry.field(description="The `DataImport` the upload answered.")
    mapping: list[ColumnMappingInput] = strawberry.field(description="Which column goes to which field.")
    dedupe: ImportDedupe = strawberry.field(
        default=ImportDedupe.SKIP, description="Rows whose key (e-mail, name) matches an existing record."
    )
    dry_run: bool = strawberry.field(
        default=False, description="Only check the rows: `rowErrors` say what would fail; nothing is written."
    )


@strawberry.input(description="Undo an import.")
class UndoImportInput:
    import_id: relay.GlobalID = strawberry.field(description="Your last import of its record type.")


@strawberry.input(description="Save a column mapping for the next files of a record type.")
class SaveImportMappingInput:
    record_type: str = strawberry.field(description="`Contact`, `Company`...")
    name: str = strawberry.field(description="Its name; saving under a name in use replaces that mapping.")
    mapping: list[ColumnMappingInput] = strawberry.field(description="Which column goes to which field.")


@strawberry.input(description="The saved mapping to delete.")
class DeleteImportMappingInput:
    id: relay.GlobalID


@strawberry.type(description="The import, or why not.")
class ImportPayload:
    data_import: DataImportNode | None = strawberry.field(default=None, description="The import, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The saved mapping, or why not.")
class ImportMappingPayload:
    import_mapping: ImportMappingNode | None = strawberry.field(default=None, description="The saved mapping.")
    errors: list[UserError] = strawberry.field(default_factory=list)


def _mapping(items: list[Any]) -> dict[str, str]:
    return {item["column"]: item["field"] for item in items}


@dataclass(frozen=True)
class WithMapping(Call):
    """A call whose ``mapping`` (a list of column → field inputs) reaches the service as a dict."""

    def arguments(self, input: Any) -> dict[str, Any]:
        data = super().arguments(input)
        data["mapping"] = _mapping(data.get("mapping") or [])
        return data


def _start(membership: Any, import_id: Any, mapping: dict[str, str], dedupe: str, dry_run: bool) -> Any:
    return services.start(membership, import_id, mapping, dedupe, dry_run=dry_run)


RecordTypeArgument = Annotated[str, strawberry.argument(description="`Contact`, `Company`...")]
IMPORT_ID = {"import_id": ("import_id", "DataImport")}


@strawberry.type
class ImportsQuery:
    @strawberry.field(description="The record types you can import, with the fields a column can go to.")
    def importable_types(self, info: Info) -> list[ImportableType]:
        require_membership(info)
        return importable_types()

    @strawberry.field(description="One of your imports (poll it while it runs, or hear `import_progress`).")
    def data_import(self, info: Info, id: relay.GlobalID) -> DataImportNode | None:
        membership = require_membership(info)
        if id.type_name != "DataImport":
            return None
        return services.get_for(membership, id.node_id)  # type: ignore[return-value]

    @strawberry.field(description="Your last import of a record type that wrote something (the one to undo).")
    def last_import(self, info: Info, record_type: RecordTypeArgument) -> DataImportNode | None:
        return services.last_import(require_membership(info), record_type)  # type: ignore[return-value]

    @strawberry.field(description="The workspace's saved column mappings of a record type, by name.")
    def import_mappings(self, info: Info, record_type: RecordTypeArgument) -> list[ImportMappingNode]:
        require_membership(info)
        return services.mappings(record_type)  # type: ignore[return-value]


@strawberry.type
class ImportsMutation:
    start_import = WithMapping(StartImportInput, ImportPayload, "data_import", _start, ids=IMPORT_ID).field(
        "Check (`dryRun: true`) or import an uploaded file in the background, with this mapping. Rows with "
        "errors are not written; every valid row is. Follow it with `dataImport(id:)` or the `notifications` "
        "subscription (`import_progress`, `import_finished`)."
    )
    undo_import = Call(UndoImportInput, ImportPayload, "data_import", services.undo, ids=IMPORT_ID).field(
        "Undo your last import of a record type: the records it created are deleted, the ones it updated get "
        "their old values back (`not_undoable` for any other import)."
    )
    save_import_mapping = WithMapping(
        SaveImportMappingInput, ImportMappingPayload, "import_mapping", services.save_mapping
    ).field("Save a column mapping under a name, for the workspace's next files of that record type.")
    delete_import_mapping = Delete(
        DeleteImportMappingInput, DeletePayload, "deleted_id", services.delete_mapping, node="ImportMapping"
    ).field("Delete a saved column mapping.")
