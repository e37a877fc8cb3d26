"""The import's batches written on a second connection (``saas.kernel.batch_writer``), with commits for real.

A writer thread only runs outside a transaction, so these tests run on their own connection (see conftest).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from saas import modules
from saas.customers.models import Contact, Tag
from saas.errors import ErrorCode, FieldError, ServiceError
from saas.imports import services as imports
from saas.imports.models import DataImport, ImportBatch
from saas.kernel.batch_writer import BatchWriter
from tenants.db import connection
from tests.conftest import Workspace

from .conftest import on_own_connection
from .test_bulk_changes import run_import
from .test_changes import membership

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def import_dir(settings: Any, tmp_path: Any) -> Any:
    settings.IMPORT_DIR = tmp_path
    return tmp_path


@on_own_connection
def test_a_failed_job_is_rolled_back_and_stops_the_jobs_after_it(committed: Callable[[str], Workspace]) -> None:
    ws = committed("writer")
    ws.activate()
    ran: list[str] = []

    def job(name: str, fail: bool = False) -> Callable[[], None]:
        def write() -> None:
            ran.append(threading.current_thread().name)
            Tag.objects.create(name=name)
            if fail:
                raise ServiceError(FieldError(None, "Refused.", ErrorCode.PLAN_LIMIT))

        return write

    writer = BatchWriter()
    assert writer.threaded  # outside a transaction: a connection of its own
    writer.submit(job("first"))
    writer.wait()
    assert list(Tag.objects.values_list("name", flat=True)) == ["first"]  # committed, seen from here
    writer.submit(job("second", fail=True))
    with pytest.raises(ServiceError):
        writer.submit(job("third"))  # raises the second's error; the third never runs
    with pytest.raises(ServiceError):
        writer.close()
    assert list(Tag.objects.values_list("name", flat=True)) == ["first"]
    assert len(ran) == 2 and all(name.startswith("batch-writer") for name in ran)


@on_own_connection
def test_a_refused_batch_of_a_pipelined_import_is_rolled_back_and_the_ones_before_stay(
    committed: Callable[[str], Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = committed("refused")
    seat = membership(ws)
    writers: list[str] = []

    def over_limit(tenant: Any, model: type) -> None:
        writers.append(threading.current_thread().name)
        if Contact.objects.count() > 4:
            raise ServiceError(FieldError(None, "Your plan allows 4 records.", ErrorCode.PLAN_LIMIT))

    monkeypatch.setattr(imports, "BATCH", 3)
    monkeypatch.setattr(modules, "check_record_created", over_limit)
    connection.set_tenant(ws.tenant)
    with pytest.raises(AssertionError):  # run_import expects a completed import
        run_import(seat, rows=9)
    data_import = DataImport.objects.get()
    assert (data_import.status, data_import.error_code) == (DataImport.Status.FAILED, "plan_limit")
    # The first batch (3 rows) stays; the second was refused and rolled back whole; the third was not written.
    assert (data_import.processed_rows, data_import.created_count) == (3, 3)
    assert Contact.objects.count() == 3 and ImportBatch.objects.count() == 1
    assert writers and all(name.startswith("batch-writer") for name in writers)

    imports.undo(seat, data_import.pk)
    assert Contact.objects.count() == 0
    connection.set_schema_to_public()


@on_own_connection
def test_a_pipelined_import_counts_errors_and_duplicates_as_one_run_does(
    committed: Callable[[str], Workspace], monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = committed("counts")
    seat = membership(ws)
    monkeypatch.setattr(imports, "BATCH", 2)
    connection.set_tenant(ws.tenant)
    lines = ["First name,Last name,Email", "A,Row,a@example.com", ",Row,b@example.com", "C,Row,c@example.com"]
    lines += ["D,Row,A@example.com", "E,Row,e@example.com"]  # a repeat of the first row's key, in another batch
    upload = imports.upload(seat, "Contact", "people.csv", SimpleUploadedFile("people.csv", "\n".join(lines).encode()))
    with transaction.atomic():  # the task runs (in process) once this commits
        imports.start(seat, upload.pk, upload.mapping, DataImport.Dedupe.SKIP, dry_run=False)
    data_import = DataImport.objects.get()
    assert data_import.status == DataImport.Status.COMPLETED
    assert (data_import.processed_rows, data_import.created_count, data_import.error_count) == (5, 3, 2)
    assert sorted(e["row"] for e in data_import.row_errors) == [3, 5]
    assert sorted(Contact.objects.values_list("first_name", flat=True)) == ["A", "C", "E"]
    connection.set_schema_to_public()
