"""Imports: tenant isolation, the member's rights and field rules, plan limits, and files that cannot be read."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import override_settings

from saas.customers.models import Contact
from saas.imports.models import DataImport
from tenants.db import connection
from tests.api.test_rate_limits import add_member
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, STATUS, csv_bytes, start, status, undo, upload, uploaded

Capture = Callable[..., Any]
HEADER = ["First name", "Last name", "Email", "Phone"]
ROWS = csv_bytes([HEADER, ["Ann", "Lee", "ann@example.com", ""], ["Bo", "Wu", "bo@example.com", ""]])


def codes(response: Any) -> list[str]:
    return [e["code"] for e in response.json()["errors"]]


@pytest.mark.django_db
def test_the_task_runs_in_the_importers_workspace_and_others_see_nothing(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    workspace_b.activate()
    Contact(first_name="Bravo", emails=["ann@example.com"], owner_id=workspace_b.owner.pk).save()  # B's, same key
    connection.set_schema_to_public()
    import_id = uploaded(workspace_a.api, ROWS)
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "SKIP")
    assert status(workspace_a.api, import_id)["createdCount"] == 2  # B's contact is no duplicate of A's rows
    workspace_a.activate()
    assert Contact.objects.count() == 2
    workspace_b.activate()
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["Bravo"]
    connection.set_schema_to_public()

    # B's member cannot read, run or undo A's import, by id or through node()
    assert workspace_b.api.data(STATUS, {"id": import_id})["dataImport"] is None
    assert workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": import_id})["node"] is None
    refused = start(workspace_b.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    assert [e["code"] for e in refused["errors"]] == ["not_found"]
    assert [e["code"] for e in undo(workspace_b.api, import_id)["errors"]] == ["not_found"]
    workspace_a.activate()
    assert Contact.objects.count() == 2
    # the files are kept per workspace schema
    stored = DataImport.objects.get().stored_name
    assert stored.startswith("alpha/")


@pytest.mark.django_db
def test_another_member_of_the_workspace_cannot_see_my_import(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    import_id = uploaded(workspace_a.api, ROWS)
    colleague = add_member(workspace_a, "admin")
    assert colleague.api.data(STATUS, {"id": import_id})["dataImport"] is None
    assert [e["code"] for e in undo(colleague.api, import_id)["errors"]] == ["not_found"]


@pytest.mark.django_db
def test_a_role_that_may_not_create_cannot_upload(workspace_a: Workspace) -> None:
    reader = add_member(workspace_a, "read_only")
    response = upload(reader.api, ROWS)
    assert response.status_code == 400 and codes(response) == ["permission_denied"]
    workspace_a.activate()
    assert not DataImport.objects.exists()


@pytest.mark.django_db
def test_read_only_and_hidden_fields_cannot_be_mapped(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    sales = add_member(workspace_a, "sales")  # e-mails, phones and birthdays are read-only for sales
    import_id = uploaded(sales.api, ROWS)
    refused = start(sales.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "CREATE")
    assert sorted((e["field"], e["code"]) for e in refused["errors"]) == [
        ("emails", "read_only_field"),
        ("phones", "read_only_field"),
    ]
    names_only = {"First name": "first_name", "Last name": "last_name"}
    assert start(sales.api, django_capture_on_commit_callbacks, import_id, names_only, "CREATE")["errors"] == []
    workspace_a.activate()
    assert set(Contact.objects.values_list("owner_id", flat=True)) == {sales.user.pk}  # own scope: theirs


@pytest.mark.django_db
def test_update_only_touches_records_the_member_may_change(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    service = add_member(workspace_a, "service")  # reads all contacts, updates its own; e-mails hidden
    manager = add_member(workspace_a, "manager")  # the team's records: here, its own
    workspace_a.activate()
    Contact(first_name="Owners", emails=["ann@example.com"], owner_id=workspace_a.owner.pk).save()
    connection.set_schema_to_public()
    import_id = uploaded(service.api, ROWS)
    refused = start(service.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "UPDATE")
    assert {e["code"] for e in refused["errors"]} == {"read_only_field"}  # hidden fields cannot be imported
    import_id = uploaded(manager.api, ROWS)
    assert start(manager.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "UPDATE")["errors"] == []
    seen = status(manager.api, import_id)
    assert (seen["createdCount"], seen["updatedCount"]) == (1, 0)  # the owner's contact is not the manager's team's
    assert [(e["row"], e["code"]) for e in seen["rowErrors"]] == [(2, "permission_denied")]
    workspace_a.activate()
    assert Contact.objects.get(emails=["ann@example.com"]).first_name == "Owners"


@pytest.mark.django_db
def test_plan_record_limit_stops_the_import_with_nothing_of_the_batch_written(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from saas import modules
    from saas.errors import ErrorCode, FieldError, ServiceError

    def over_limit(tenant: Any, model: type) -> None:
        if Contact.objects.count() > 1:
            raise ServiceError(FieldError(None, "Your plan allows 1 record.", ErrorCode.PLAN_LIMIT))

    monkeypatch.setattr(modules, "check_record_created", over_limit)
    import_id = uploaded(workspace_a.api, ROWS)
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    seen = status(workspace_a.api, import_id)
    assert seen["status"] == "FAILED" and seen["errorCode"] == "plan_limit" and seen["createdCount"] == 0
    workspace_a.activate()
    assert Contact.objects.count() == 0


@pytest.mark.django_db
def test_files_that_cannot_be_read_are_typed_errors_and_keep_nothing(workspace_a: Workspace, import_dir: Any) -> None:
    gbk = csv_bytes([["名字", "邮箱"], ["王伟", "wang@example.com"]], "gb18030")
    assert codes(upload(workspace_a.api, gbk)) == ["invalid_encoding"]
    ok = upload(workspace_a.api, gbk, encoding="gb18030")  # told its encoding, the same file reads
    assert ok.status_code == 200 and ok.json()["dataImport"]["sample"] == [["王伟", "wang@example.com"]]
    assert codes(upload(workspace_a.api, b"")) == ["empty_file"]
    assert codes(upload(workspace_a.api, b"First name,Email\n\n  \n")) == ["empty_file"]
    assert codes(upload(workspace_a.api, b"PK\x03\x04 not really a workbook", "people.xlsx")) == ["unreadable_file"]
    assert codes(upload(workspace_a.api, ROWS, "people.pdf")) == ["unreadable_file"]
    assert codes(upload(workspace_a.api, ROWS, record_type="Salary")) == ["not_found"]
    assert codes(upload(workspace_a.api, ROWS, encoding="klingon")) == ["invalid_choice"]
    with override_settings(IMPORT_MAX_BYTES=len(ROWS) - 1):
        assert codes(upload(workspace_a.api, ROWS)) == ["file_too_large"]
    with override_settings(IMPORT_MAX_ROWS=1):
        assert codes(upload(workspace_a.api, ROWS)) == ["file_too_large"]
    workspace_a.activate()
    assert DataImport.objects.count() == 1
    kept = [p for p in import_dir.rglob("*") if p.is_file()]
    assert len(kept) == 1  # refused files are not kept


@pytest.mark.django_db
def test_upload_needs_a_member(workspace_a: Workspace) -> None:
    from tests.graphql_client import GraphQLClient

    response = upload(GraphQLClient(workspace_a.api.host), ROWS)
    assert response.status_code == 401 and codes(response) == ["unauthenticated"]


@pytest.mark.django_db
def test_mapping_mistakes_are_refused_before_anything_runs(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    import_id = uploaded(workspace_a.api, ROWS)
    refused = start(workspace_a.api, django_capture_on_commit_callbacks, import_id, {"Nope": "first_name"})
    assert {e["code"] for e in refused["errors"]} >= {"not_found", "required"}
    twice = {"First name": "first_name", "Last name": "first_name", "Email": "emails"}
    assert "invalid" in {
        e["code"] for e in start(workspace_a.api, django_capture_on_commit_callbacks, import_id, twice)["errors"]
    }
    workspace_a.activate()
    assert DataImport.objects.get().status == "uploaded"
