"""Bulk imports: upload a file, map its columns, check it (dry run), import it in the background, undo it.

Rows with errors are not written; every valid row is (not all-or-nothing): a run reports each bad row
(``row_errors``) and writes the rest. Each row goes through the record type's own validation (the
service's, as declared in ``saas.imports.declaration.ImportType``), so an import accepts exactly what
creating or updating the record through the API accepts. Rows are written in batches of ``BATCH``,
each batch in one transaction: new records with PostgreSQL ``COPY`` (``saas.kernel.bulk_insert``),
updated ones with one ``UPDATE`` per batch. If a batch is refused as a whole (the plan's record limit),
it is rolled back and the import stops ``failed``; the batches before it stay and can be undone.

One audit entry and one notification per run, not one per row.
"""

from __future__ import annotations

import base64
import functools
import itertools
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.db import models, transaction
from django.utils import timezone

from realtime import events
from saas import modules
from saas.access import policy
from saas.access.registry import record_type_of
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel import sync
from saas.kernel.batch_writer import BatchWriter
from saas.kernel.bulk_delete import any_of, delete_ids
from saas.kernel.bulk_insert import PlannerStatistics, copy_lines, copy_text, new_records
from saas.kernel.changes import plain
from saas.kernel.models import BulkChange
from saas.kernel.services import BAD_KEY, apply_fields
from tenants.db import connection
from tenants.models import Membership

from . import files
from .declaration import BOOLEAN, CHOICE, DATE, DECIMAL, LIST, REFERENCE, ImportField, ImportType
from .models import DataImport, ImportBatch, ImportMapping

BATCH = 2_000
MAX_CELL = files.MAX_CELL
MAX_ROW_ERRORS = 1_000
RUNNING = (DataImport.Status.QUEUED, DataImport.Status.VALIDATING, DataImport.Status.IMPORTING)
TRUE = {"1", "true", "yes", "y", "t", "x", "是", "真", "对"}
FALSE = {"0", "false", "no", "n", "f", "否", "假", ""}
SEPARATORS = re.compile(r"[;,\n]")


def import_type(record_type: str, field_name: str = "recordType") -> ImportType:
    declared = modules.import_types().get(record_type)
    if declared is None:
        raise ServiceError(FieldError(field_name, f"{record_type} cannot be imported.", ErrorCode.NOT_FOUND))
    return declared


def _normal(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def suggest_mapping(declared: ImportType, headers: Sequence[str]) -> dict[str, str]:
    """{header: field name} for the headers that name a field (its name, a label or an alias), each field once."""
    names: dict[str, str] = {}
    for candidate in declared.fields:
        for word in (candidate.name, candidate.api_name, *candidate.labels.values(), *candidate.aliases):
            names.setdefault(_normal(word), candidate.name)
    mapping: dict[str, str] = {}
    for header in headers:
        found = names.get(_normal(header))
        if found is not None and found not in mapping.values():
            mapping[header] = found
    return mapping


# --- upload ------------------------------------------------------------------------------------


def upload(
    membership: Membership, record_type: str, file_name: str, content: File[Any], encoding: str = "utf-8"
) -> DataImport:
    """Keep the file, read its header and count its rows (a whole pass: a bad byte is found now, not later)."""
    declared = import_type(record_type)
    policy.check(membership, "create", declared.model)
    fmt = files.file_format(file_name)
    codec = files.check_encoding(encoding) if fmt == "csv" else "utf-8"
    size = content.size or 0
    if size > settings.IMPORT_MAX_BYTES:
        limit = settings.IMPORT_MAX_BYTES // (1024 * 1024)
        raise files.refused(ErrorCode.FILE_TOO_LARGE, f"At most {limit} MB in one file; split it.")
    if size == 0:
        raise files.refused(ErrorCode.EMPTY_FILE, "The file is empty.")
    modules.check_adding(getattr(connection, "tenant", None), modules.STORED_BYTES, size)
    store = files.storage()
    stored = store.save(f"{connection.schema_name}/{uuid.uuid4().hex}.{fmt}", content)
    try:
        headers, sample, count = _scan(stored, fmt, codec)
    except BaseException:
        store.delete(stored)
        raise
    data_import = DataImport(
        record_type=record_type,
        file_name=file_name[:255],
        stored_name=stored,
        file_format=fmt,
        file_size=size,
        encoding=codec,
        headers=headers,
        sample=sample,
        row_count=count,
        mapping=suggest_mapping(declared, headers),
    )
    data_import.requested_by_id = membership.user_id
    data_import.save()
    return data_import


def _scan(stored: str, fmt: str, encoding: str) -> tuple[list[str], list[list[str]], int]:
    with files.rows_of(stored, fmt, encoding) as rows:
        header = next(rows, None)
        if header is None:
            raise files.refused(ErrorCode.EMPTY_FILE, "The file holds no rows.")
        headers = files.headers_of(header)
        sample: list[list[str]] = []
        count = 0
        for row in rows:
            count += 1
            if count <= files.SAMPLE_ROWS:
                sample.append([cell[:200] for cell in row[: len(headers)]])
            if count > settings.IMPORT_MAX_ROWS:
                raise files.refused(
                    ErrorCode.FILE_TOO_LARGE, f"At most {settings.IMPORT_MAX_ROWS} rows in one file; split it."
                )
    if count == 0:
        raise files.refused(ErrorCode.EMPTY_FILE, "The file has a header row but no rows under it.")
    return headers, sample, count


def get_for(membership: Membership | None, import_id: Any) -> DataImport | None:
    """The import if this member uploaded it; None otherwise (another member's, another workspace's, none)."""
    if membership is None:
        return None
    try:
        return DataImport.objects.filter(pk=import_id, requested_by_id=membership.user_id).first()
    except BAD_KEY:
        return None


def _own(membership: Membership, import_id: Any) -> DataImport:
    found = get_for(membership, import_id)
    if found is None:
        raise ServiceError(FieldError("importId", "No such import.", ErrorCode.NOT_FOUND))
    return found


def last_import(membership: Membership, record_type: str) -> DataImport | None:
    """The member's most recent import of the type that wrote something (the one an undo applies to)."""
    return (
        DataImport.objects.filter(
            requested_by_id=membership.user_id,
            record_type=record_type,
            dry_run=False,
            status__in=(DataImport.Status.COMPLETED, DataImport.Status.FAILED, DataImport.Status.UNDONE),
        )
        .order_by("-started_at", "-id")
        .first()
    )


# --- starting a run ----------------------------------------------------------------------------


def start(membership: Membership, import_id: Any, mapping: dict[str, str], dedupe: str, *, dry_run: bool) -> DataImport:
    """Check the mapping against the type's fields and the member's rights, then queue a run (``run``).

    A worker takes it once the caller's transaction commits (progress: ``processed_rows``, notifications).
    """
    data_import = _own(membership, import_id)
    declared = import_type(data_import.record_type)
    errors = ErrorCollector()
    if data_import.status in RUNNING:
        errors.add("importId", "This import is already running.", ErrorCode.IMPORT_RUNNING)
    elif data_import.status in (DataImport.Status.COMPLETED, DataImport.Status.UNDONE) or (
        data_import.status == DataImport.Status.FAILED and not data_import.dry_run
    ):
        errors.add("importId", "This file was imported already: upload it again.", ErrorCode.USED)
    elif data_import.file_removed_at is not None:
        errors.add("importId", "The file was removed after a day unused: upload it again.", ErrorCode.EXPIRED)
    if dedupe not in DataImport.Dedupe.values:
        errors.add("dedupe", f"Must be one of: {', '.join(DataImport.Dedupe.values)}.", ErrorCode.INVALID_CHOICE)
    mapping = _check_mapping(declared, data_import.headers, mapping, dedupe, errors)
    errors.raise_if_any()
    fields = list(mapping.values())
    policy.check(membership, "create", declared.model, fields=fields)
    if dedupe == DataImport.Dedupe.UPDATE:
        policy.check(membership, "update", declared.model, fields=fields)
    with transaction.atomic():
        running = DataImport.objects.select_for_update().filter(record_type=declared.record_type, status__in=RUNNING)
        if not dry_run and running.exclude(pk=data_import.pk).filter(dry_run=False).exists():
            raise ServiceError(
                FieldError(None, "Another import of this type is running: wait until it is done.", "import_running")
            )
        data_import.mapping = mapping
        data_import.dedupe = dedupe
        data_import.dry_run = dry_run
        data_import.status = DataImport.Status.QUEUED
        data_import.processed_rows = data_import.created_count = data_import.updated_count = 0
        data_import.skipped_count = data_import.error_count = 0
        data_import.row_errors = []
        data_import.error_code = data_import.error_message = ""
        data_import.started_at = timezone.now()
        data_import.completed_at = None
        data_import.save()
    from .tasks import enqueue  # the task module imports this one

    enqueue(data_import)
    return data_import


def _check_mapping(
    declared: ImportType, headers: Sequence[str], mapping: dict[str, str], dedupe: str, errors: ErrorCollector
) -> dict[str, str]:
    clean: dict[str, str] = {}
    for header, name in mapping.items():
        if not name:
            continue  # a column left out
        if header not in headers:
            errors.add("mapping", f"The file has no column {header!r}.", ErrorCode.NOT_FOUND)
        elif declared.field(name) is None:
            errors.add("mapping", f"{declared.record_type} has no field {name!r} to import.", ErrorCode.NOT_FOUND)
        elif name in clean.values():
            errors.add("mapping", f"Two columns are mapped to {name!r}.", ErrorCode.INVALID)
        else:
            clean[header] = name
    for wanted in declared.fields:
        if wanted.required and wanted.name not in clean.values() and dedupe != DataImport.Dedupe.UPDATE:
            errors.add("mapping", f"Map a column to {wanted.labels['en']}.", ErrorCode.REQUIRED)
    if dedupe != DataImport.Dedupe.CREATE and declared.key not in clean.values():
        label = declared.field(declared.key)
        errors.add(
            "mapping",
            f"Map a column to {label.labels['en'] if label else declared.key} to find duplicates.",
            "required",
        )
    if not clean:
        errors.add("mapping", "Map at least one column.", ErrorCode.REQUIRED)
    return clean


# --- a run (in the background) -----------------------------------------------------------------


@dataclass
class _Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    data: dict[str, Any]
    errors: list[FieldError] = field(default_factory=list)


@dataclass
class _Run:
    data_import: DataImport
    declared: ImportType
    membership: Membership
    columns: list[tuple[int, str, ImportField]]  # (index, header, field)
    seen_keys: set[str] = field(default_factory=set)
    # (index, field name, how a non-empty cell is read (None: as text), field): decided once per run.
    readers: list[tuple[int, str, Any, ImportField]] = field(init=False)

    feed_name: str = field(init=False)  # the type in the change feed, and the owner attribute it records
    feed_owner: str | None = field(init=False)
    validate: Callable[[dict[str, Any], ErrorCollector, Any], None] = field(init=False)  # the type's rules
    refused: dict[str, Any] | None = None  # the counts to keep when the writer refused a batch
    statistics: PlannerStatistics | None = None  # the table's, for the key lookups (``_existing``)

    def __post_init__(self) -> None:
        self.readers = [(index, target.name, READERS.get(target.kind), target) for index, _, target in self.columns]
        record_type = record_type_of(self.declared.model)
        self.feed_name = record_type.name if record_type is not None else self.declared.record_type
        self.feed_owner = record_type.owner_attname if record_type is not None else None
        self.validate = functools.partial(self.declared.validate, self.membership)

    @property
    def dry(self) -> bool:
        return self.data_import.dry_run

    def error(self, row: _Row, error: FieldError) -> None:
        self.data_import.error_count += 1
        if len(self.data_import.row_errors) < MAX_ROW_ERRORS:
            self.data_import.row_errors.append(
                {
                    "row": row.number,
                    "column": self.column_of(error.field),
                    "field": error.field,
                    "message": error.message,
                    "code": str(error.code),
                }
            )

    def column_of(self, api_field: str | None) -> str | None:
        if not api_field:
            return None
        head = api_field.split(".")[0]
        for _, header, target in self.columns:
            if head in (target.api_name, target.name):
                return header
        return None


def run(data_import: DataImport) -> None:
    """Run a queued import (a dry run or the real one) for whoever started it; once, whatever retries."""
    taken = DataImport.objects.filter(pk=data_import.pk, status=DataImport.Status.QUEUED).update(
        status=DataImport.Status.VALIDATING if data_import.dry_run else DataImport.Status.IMPORTING,
        updated_at=timezone.now(),
    )
    if not taken:
        return
    data_import.refresh_from_db()
    membership = (
        Membership.objects.filter(user_id=data_import.requested_by_id, tenant=connection.tenant, is_active=True)
        .select_related("user", "tenant")
        .first()
    )
    if membership is None:
        _finish(data_import, None, ErrorCode.PERMISSION_DENIED, "Whoever started this import is no longer a member.")
        return
    if data_import.file_removed_at is not None:
        _finish(data_import, membership, ErrorCode.EXPIRED, "The file was removed: upload it again.")
        return
    declared = import_type(data_import.record_type)
    index = {header: i for i, header in enumerate(data_import.headers)}
    columns = [
        (index[header], header, target)
        for header, name in data_import.mapping.items()
        if header in index and (target := declared.field(name)) is not None
    ]
    state = _Run(data_import, declared, membership, columns)
    try:
        # Rights may have changed since the mapping was checked: the same checks, now.
        policy.check(membership, "create", declared.model, fields=[c[2].name for c in columns])
        # Each batch is written (``_write``) on the writer's connection while this thread reads the next one.
        with (
            files.rows_of(data_import.stored_name, data_import.file_format, data_import.encoding) as rows,
            BatchWriter() as writer,
        ):
            next(rows, None)  # the header
            numbered = enumerate(rows, start=2)
            while chunk := list(itertools.islice(numbered, BATCH)):
                _run_batch(state, chunk, writer)
    except ServiceError as error:
        if state.refused is not None:  # the counts as they were when the refused batch was checked
            for name, value in state.refused.items():
                setattr(data_import, name, value)
        first = error.errors[0]
        _finish(data_import, membership, str(first.code), first.message)
        return
    _finish(data_import, membership)


def _run_batch(state: _Run, chunk: list[tuple[int, list[str]]], writer: BatchWriter) -> None:
    data_import, declared = state.data_import, state.declared
    rows = [_convert(state, number, cells) for number, cells in chunk]
    _resolve_references(state, rows)
    if data_import.dedupe == DataImport.Dedupe.UPDATE:
        writer.wait()  # a match is read as the batch before left it (skip and create read no written value)
    existing = _existing(state, rows)
    creates: list[Any] = []
    updates: list[tuple[Any, dict[str, Any]]] = []
    validate = state.validate
    for row in rows:
        if row.errors:
            continue
        keys = declared.keys_of(row.data) if data_import.dedupe != DataImport.Dedupe.CREATE else []
        match = next((existing[k] for k in keys if k in existing), None)
        if keys and any(k in state.seen_keys for k in keys) and data_import.dedupe != DataImport.Dedupe.CREATE:
            row.errors.append(FieldError(_api(declared, declared.key), "Repeats an earlier row's key.", "duplicate"))
            continue
        state.seen_keys.update(keys)
        if match is not None and data_import.dedupe == DataImport.Dedupe.SKIP:
            data_import.skipped_count += 1
            continue
        if match is False:  # exists, but not for this member to change
            row.errors.append(
                FieldError(
                    _api(declared, declared.key),
                    "A record with this key exists that you may not change.",
                    "permission_denied",
                )
            )
            continue
        errors = ErrorCollector()
        validate(row.data, errors, match)
        if errors.errors:
            row.errors.extend(errors.errors)
        elif match is not None:
            updates.append((match, row.data))
        else:
            creates.append(row.data)
    for row in rows:
        for error in row.errors:
            state.error(row, error)
    if state.dry:
        writer.submit(functools.partial(_save_progress, state, *_progress(state, len(chunk), len(creates), 0)))
        return
    # The COPY text is made here; the writer only sends it (and the batch's other rows) to PostgreSQL.
    created, lines = _prepare_creates(state, creates)
    refused = _counts(data_import)  # what the counts are if PostgreSQL refuses this batch
    progress = _progress(state, len(chunk), len(created), len(updates))
    writer.submit(functools.partial(_write, state, created, lines, updates, progress, refused))


def _write(
    state: _Run,
    created: list[tuple[Any, Any]],
    lines: Any,
    updates: list[tuple[Any, dict[str, Any]]],
    progress: tuple[dict[str, Any], dict[str, Any]],
    refused: dict[str, Any],
) -> None:
    """One batch's writes, in one transaction (the writer's): rolled back whole if anything refuses it."""
    declared = state.declared
    try:
        if lines is not None:
            copy_text(declared.model, lines)
        updated = _update(state, updates)
        sync.record_bulk(state.feed_name, BulkChange.Action.CREATE, created)
        _feed(declared, BulkChange.Action.UPDATE, [entry["id"] for entry in updated])
        modules.check_record_created(getattr(connection, "tenant", None), declared.model)
        created_ids = [pk for pk, _ in created]
        ImportBatch.objects.create(data_import_id=state.data_import.pk, created_ids=created_ids, updated=updated)
        _save_progress(state, *progress)
    except BaseException:
        state.refused = refused
        raise


def _feed(declared: ImportType, action: str, ids: Sequence[Any]) -> None:
    """The batch's records in the change feed (``saas.kernel.sync``): no audit entry tells of each one."""
    if not ids:
        return
    record_type = record_type_of(declared.model)
    name = record_type.name if record_type is not None else declared.record_type
    owner = record_type.owner_attname if record_type is not None else None
    manager = getattr(declared.model, "all_objects", declared.model._default_manager)
    if owner is None:
        pairs: list[tuple[Any, Any]] = [(pk, None) for pk in ids]
    else:
        pairs = list(manager.filter(pk__in=list(ids)).values_list("pk", owner))
    sync.record_bulk(name, action, pairs)


PROGRESS = ("processed_rows", "created_count", "updated_count", "skipped_count", "error_count", "row_errors")


def _counts(data_import: DataImport) -> dict[str, Any]:
    counts = {name: getattr(data_import, name) for name in PROGRESS}
    counts["row_errors"] = list(counts["row_errors"])
    return counts


def _progress(state: _Run, rows: int, created: int, updated: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Count the batch in; (the counts to save, the progress notification's summary) as they are now."""
    data_import = state.data_import
    data_import.processed_rows += rows
    data_import.created_count += created
    data_import.updated_count += updated
    return _counts(data_import), _summary(data_import)


def _save_progress(state: _Run, counts: dict[str, Any], summary: dict[str, Any]) -> None:
    data_import = state.data_import
    DataImport.objects.filter(pk=data_import.pk).update(**counts, updated_at=timezone.now())
    events.notify(data_import.requested_by_id, "import_progress", "", summary)


def _api(declared: ImportType, name: str) -> str:
    found = declared.field(name)
    return found.api_name if found else name


def _convert(state: _Run, number: int, cells: list[str]) -> _Row:
    """A row's cells as the service's ``data`` (typed values); a cell that cannot be read is the row's error."""
    row = _Row(number, {})
    data = row.data
    width = len(cells)
    for index, name, reader, target in state.readers:
        text = cells[index].strip() if index < width else ""
        if not text:
            if target.kind == LIST:
                data[name] = []
            continue
        if len(text) > MAX_CELL:
            row.errors.append(FieldError(target.api_name, f"At most {MAX_CELL} characters.", ErrorCode.TOO_LONG))
            continue
        if reader is None:
            data[name] = text
            continue
        try:
            data[name] = reader(target, text)
        except ValueError as problem:
            row.errors.append(FieldError(target.api_name, str(problem), ErrorCode.INVALID_FORMAT))
    return row


def _date(target: ImportField, text: str) -> date:
    for reader in (date.fromisoformat, lambda t: datetime.strptime(t, "%Y/%m/%d").date()):
        try:
            return reader(text[:10])
        except ValueError:
            continue
    raise ValueError(f"{text!r} is not a date like 2026-03-01.")


def _boolean(target: ImportField, text: str) -> bool:
    lowered = text.casefold()
    if lowered in TRUE or lowered in FALSE:
        return lowered in TRUE
    raise ValueError(f"{text!r} is not yes or no.")


def _choice(target: ImportField, text: str) -> str:
    wanted = _normal(text)
    for value, label in target.choices.choices if target.choices is not None else ():
        if wanted in (_normal(str(value)), _normal(str(label))):
            return str(value)
    return text  # the service's validation names the choices


def _decimal(target: ImportField, text: str) -> Decimal:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(f"{text!r} is not a number.") from None


def _list(target: ImportField, text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


READERS: dict[str, Callable[[ImportField, str], Any]] = {
    LIST: _list,
    DATE: _date,
    BOOLEAN: _boolean,
    CHOICE: _choice,
    DECIMAL: _decimal,
}


def _value(target: ImportField, text: str) -> Any:
    """A cell's text as the field's value (None: empty); ``ValueError`` with the row error's message."""
    if text == "":
        return [] if target.kind == LIST else None
    reader = READERS.get(target.kind)
    return reader(target, text) if reader is not None else text


def _resolve_references(state: _Run, rows: list[_Row]) -> None:
    """Names in reference columns (a contact's company) become ids, one lookup per column and batch."""
    for _, _, target in state.columns:
        if target.kind != REFERENCE or target.resolve is None:
            continue
        names = sorted({row.data[target.name] for row in rows if isinstance(row.data.get(target.name), str)})
        found = target.resolve(state.membership, names) if names else {}
        for row in rows:
            name = row.data.get(target.name)
            if isinstance(name, str):
                if name in found:
                    row.data[target.name] = found[name]
                else:
                    del row.data[target.name]
                    row.errors.append(
                        FieldError(target.api_name, f"No {target.labels['en']} named {name!r}.", "not_found")
                    )


def _existing(state: _Run, rows: list[_Row]) -> dict[str, Any]:
    """{key: record} among the batch's keys: the record if the member may update it, False if it exists otherwise."""
    declared = state.declared
    if state.data_import.dedupe == DataImport.Dedupe.CREATE:
        return {}
    keys = sorted({k for row in rows if not row.errors for k in declared.keys_of(row.data)})
    if not keys:
        return {}
    if state.statistics is None:
        state.statistics = PlannerStatistics(declared.model)
    state.statistics.refresh()  # the lookups' plan follows the table as this import grows it
    manager = declared.model._default_manager
    found: dict[str, Any] = dict.fromkeys(declared.find(manager.all(), keys), False)
    if state.data_import.dedupe == DataImport.Dedupe.UPDATE:
        changeable = policy.scope_queryset(state.membership, manager.all(), "update")
        found.update(declared.find(changeable, keys))
    else:
        found = {key: True for key in found}  # skip: any match will do
    return found


def _prepare_creates(state: _Run, rows: list[dict[str, Any]]) -> tuple[list[tuple[Any, Any]], Any]:
    """The new records of the rows (clean ``data``): [(id, owner id)], and their ``COPY`` text (None: none)."""
    declared, membership = state.declared, state.membership
    if not rows:
        return [], None
    owner = f"{declared.owner_field}_id" if declared.owner_field else None
    records = new_records(declared.model, rows)
    prepare = declared.prepare
    for record in records:
        if owner is not None and getattr(record, owner, None) is None:
            setattr(record, owner, membership.user_id)
        prepare(record, True)
    feed_owner = state.feed_owner
    created = [(record.pk, getattr(record, feed_owner) if feed_owner else None) for record in records]
    if state.statistics is not None:
        state.statistics.wrote(len(created))
    return created, copy_lines(declared.model, records)


def _update(state: _Run, rows: list[tuple[Any, dict[str, Any]]]) -> list[dict[str, Any]]:
    declared = state.declared
    if not rows:
        return []
    names = sorted({name for _, data in rows for name in data})
    undo = []
    records = []
    for record, data in rows:
        undo.append({"id": str(record.pk), "before": {n: plain(getattr(record, _attname(declared, n))) for n in names}})
        apply_fields(record, data)
        declared.prepare(record, False)
        records.append(record)
    derived = [f.attname for f in declared.model._meta.concrete_fields if not f.editable and not f.primary_key]
    columns = sorted({_attname(declared, n) for n in names} | set(derived) | {"updated_at"})
    now = timezone.now()
    for record in records:
        record.updated_at = now
    declared.model._default_manager.bulk_update(records, columns)
    return undo


def _attname(declared: ImportType, name: str) -> str:
    field = declared.model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.attname)


def _summary(data_import: DataImport) -> dict[str, Any]:
    return {
        "importId": str(data_import.pk),
        "recordType": data_import.record_type,
        "status": data_import.status.upper(),
        "dryRun": data_import.dry_run,
        "rowCount": data_import.row_count,
        "processedRows": data_import.processed_rows,
        "created": data_import.created_count,
        "updated": data_import.updated_count,
        "skipped": data_import.skipped_count,
        "errors": data_import.error_count,
    }


def _global_id(data_import: DataImport) -> str:
    """The import's id as the API gives it (Relay: base64 of ``DataImport:<id>``)."""
    return base64.b64encode(f"DataImport:{data_import.pk}".encode()).decode()


def _finish(data_import: DataImport, membership: Membership | None, code: str = "", message: str = "") -> None:
    Status = DataImport.Status
    if code:
        data_import.status = Status.FAILED
    else:
        data_import.status = Status.VALIDATED if data_import.dry_run else Status.COMPLETED
    data_import.error_code = code[:40]
    data_import.error_message = message
    data_import.completed_at = timezone.now()
    with transaction.atomic():
        if not data_import.dry_run:
            files.remove(data_import)  # read for good: an import of a file runs once
        data_import.save()
        if not data_import.dry_run:
            counts = {
                "import": str(data_import.pk),
                "file": data_import.file_name,
                "created": data_import.created_count,
                "updated": data_import.updated_count,
                "skipped": data_import.skipped_count,
                "errors": data_import.error_count,
            }
            audit.record(
                actor=membership.user if membership else None,
                action="import",
                record_type=data_import.record_type,
                changes=counts,
            )
        if not data_import.dry_run and (data_import.created_count or data_import.updated_count):
            # One event for the whole import (not one per row): open lists of the type read themselves again.
            record_type = record_type_of(import_type(data_import.record_type).model)
            name = record_type.name if record_type is not None else data_import.record_type
            events.emit_bulk("imported", name, {"importId": _global_id(data_import)})
        done = "checked" if data_import.dry_run else "imported"
        events.notify(
            data_import.requested_by_id,
            "import_finished",
            f"{data_import.file_name}: {done}." if not code else f"{data_import.file_name}: {message}",
            _summary(data_import),
        )


# --- files nobody imports ----------------------------------------------------------------------


def expire_files(now: datetime | None = None) -> int:
    """Remove the files of this workspace's imports left unused for ``IMPORT_FILE_TTL_HOURS``; return how many.

    An upload (or a dry run) that was not imported in time ends ``failed`` / ``expired``: its file is gone,
    so it cannot be started any more. Runs that are under way are left alone.
    """
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IMPORT_FILE_TTL_HOURS)
    stale = DataImport.objects.filter(file_removed_at__isnull=True, updated_at__lt=cutoff).exclude(status__in=RUNNING)
    count = 0
    for data_import in stale:
        with transaction.atomic():
            files.remove(data_import)
            fields = ["file_removed_at", "updated_at"]
            if data_import.status in (DataImport.Status.UPLOADED, DataImport.Status.VALIDATED) or (
                data_import.status == DataImport.Status.FAILED and data_import.dry_run
            ):
                data_import.status = DataImport.Status.FAILED
                data_import.error_code = ErrorCode.EXPIRED
                data_import.error_message = "Not imported in time: the file was removed. Upload it again."
                fields += ["status", "error_code", "error_message"]
            data_import.save(update_fields=fields)
        count += 1
    return count


# --- undo --------------------------------------------------------------------------------------


def undo(membership: Membership, import_id: Any) -> DataImport:
    """Undo the member's last import of its type: delete the records it created, put back what it changed.

    Only the last import that wrote something, once; records it created are deleted for good (they exist
    only because of it), and updated ones get the old values of the fields the import set.
    """
    data_import = _own(membership, import_id)
    declared = import_type(data_import.record_type)
    last = last_import(membership, data_import.record_type)
    later = DataImport.objects.filter(
        record_type=data_import.record_type,
        dry_run=False,
        started_at__gt=data_import.started_at or timezone.now(),
    ).exclude(pk=data_import.pk)
    if (
        last is None
        or last.pk != data_import.pk
        or data_import.status not in (DataImport.Status.COMPLETED, DataImport.Status.FAILED)
        or later.exists()
    ):
        raise ServiceError(
            FieldError("importId", "Only the last import of this type can be undone, once.", ErrorCode.NOT_UNDOABLE)
        )
    model = declared.model
    manager = getattr(model, "all_objects", model._default_manager)
    record_type = record_type_of(model)
    feed_name = record_type.name if record_type is not None else declared.record_type
    deleted = restored = 0
    with transaction.atomic():
        data_import = DataImport.objects.select_for_update().get(pk=data_import.pk)
        if data_import.status == DataImport.Status.UNDONE:
            raise ServiceError(FieldError("importId", "This import was undone already.", ErrorCode.NOT_UNDOABLE))
        batches = list(data_import.batches.all())
        # The created records still there, with their owners, in one query; deleted in a few statements
        # (``bulk_delete``: what Django's delete would do to what points at them, without loading them).
        created = [pk for batch in batches for pk in batch.created_ids]
        owner = record_type.owner_attname if record_type is not None else None
        going = manager.filter(pk__in=any_of(model, created)) if created else manager.none()
        owners = (
            {str(pk): who for pk, who in going.values_list("pk", owner)}
            if owner
            else dict.fromkeys(str(pk) for pk in going.values_list("pk", flat=True))
        )
        for batch in batches:
            pairs = [(str(pk), owners[str(pk)]) for pk in batch.created_ids if str(pk) in owners]
            sync.record_bulk(feed_name, BulkChange.Action.DELETE, pairs)
            restored += _restore(declared, manager, batch.updated)
            _feed(declared, BulkChange.Action.UPDATE, [entry["id"] for entry in batch.updated])
        deleted = delete_ids(model, list(owners)).get(model._meta.label, 0)
        data_import.status = DataImport.Status.UNDONE
        data_import.undone_at = timezone.now()
        data_import.save(update_fields=["status", "undone_at", "updated_at"])
        audit.record(
            actor=membership.user,
            action="undo_import",
            record_type=data_import.record_type,
            changes={"import": str(data_import.pk), "deleted": deleted, "restored": restored},
        )
        events.notify(
            data_import.requested_by_id, "import_undone", f"{data_import.file_name}: undone.", _summary(data_import)
        )
        events.emit_bulk("import_undone", feed_name, {"importId": _global_id(data_import)})
    return data_import


def _restore(declared: ImportType, manager: Any, updated: list[dict[str, Any]]) -> int:
    if not updated:
        return 0
    before = {entry["id"]: entry["before"] for entry in updated}
    records = list(manager.filter(pk__in=list(before)))
    names: set[str] = set()
    for record in records:
        for name, value in before[str(record.pk)].items():
            field = declared.model._meta.get_field(name)
            assert isinstance(field, models.Field)
            setattr(record, field.attname, field.to_python(value) if value is not None else None)
            names.add(field.attname)
        declared.prepare(record, False)
    if records:
        derived = [f.attname for f in declared.model._meta.concrete_fields if not f.editable and not f.primary_key]
        manager.bulk_update(records, sorted(names | set(derived)))
    return len(records)


# --- saved mappings ----------------------------------------------------------------------------


def mappings(record_type: str) -> list[ImportMapping]:
    return list(ImportMapping.objects.filter(record_type=record_type))


def save_mapping(membership: Membership, record_type: str, name: str, mapping: dict[str, str]) -> ImportMapping:
    """Save (or replace, by name) a mapping of the type for the workspace's next files."""
    declared = import_type(record_type)
    policy.check(membership, "create", declared.model)
    errors = ErrorCollector()
    name = (name or "").strip()
    if not name:
        errors.add("name", "This field is required.", ErrorCode.REQUIRED)
    elif len(name) > 100:
        errors.add("name", "At most 100 characters.", ErrorCode.TOO_LONG)
    clean = {str(k)[:200]: v for k, v in mapping.items() if v}
    if unknown := [v for v in clean.values() if declared.field(v) is None]:
        errors.add("mapping", f"{record_type} has no field {unknown[0]!r} to import.", ErrorCode.NOT_FOUND)
    if not clean:
        errors.add("mapping", "Map at least one column.", ErrorCode.REQUIRED)
    elif len(clean) > files.MAX_HEADERS:
        errors.add("mapping", f"At most {files.MAX_HEADERS} columns.", ErrorCode.TOO_MANY)
    errors.raise_if_any()
    with transaction.atomic():
        saved, _ = ImportMapping.objects.update_or_create(
            record_type=record_type, name=name, defaults={"mapping": clean, "created_by_id": membership.user_id}
        )
    return saved


def delete_mapping(membership: Membership, mapping_id: Any) -> Any:
    """Delete a saved mapping (anyone who may import its type); answer its id."""
    try:
        found = ImportMapping.objects.filter(pk=mapping_id).first()
    except BAD_KEY:
        found = None
    if found is None:
        raise ServiceError(FieldError("id", "No such mapping.", ErrorCode.NOT_FOUND))
    policy.check(membership, "create", import_type(found.record_type).model)
    pk = found.pk
    found.delete()
    return pk
