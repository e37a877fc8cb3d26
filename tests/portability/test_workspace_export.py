"""Full workspace exports: every registered type round-trips, tenants stay apart, roles and links hold."""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from saas.access.registry import RECORD_TYPES
from saas.customers.models import Company, Contact
from saas.kernel.changes import CUSTOM_FIELDS, snapshot
from saas.kernel.services import soft_delete
from saas.portability import services
from saas.portability.models import WorkspaceExport
from tenants.db import connection
from tenants.models import Membership, Role
from tests.attachments.conftest import PDF, uploaded
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]

START = "mutation { startWorkspaceExport { workspaceExport { id status } errors { field code message } } }"
LIST = """{ workspaceExports { id status coverage totalRecords processedRecords counts attachmentFiles fileSize
  downloadUrl downloadExpiresAt expiresAt errorCode } }"""


@pytest.fixture(autouse=True)
def export_dirs(settings: Any, tmp_path: Any) -> None:
    settings.WORKSPACE_EXPORT_DIR = tmp_path / "exports"
    settings.ATTACHMENT_DIR = tmp_path / "attachments"
    settings.ATTACHMENT_SCANNER = "saas.attachments.scanning.refuse_eicar"


def export(ws: Workspace, capture: Capture) -> dict[str, Any]:
    """Start an export as the member (the task runs in process once the mutation commits); its row now."""
    with capture(execute=True):
        answer = ws.api.data(START)["startWorkspaceExport"]
    assert answer["errors"] == [], answer["errors"]
    [found] = [e for e in ws.api.data(LIST)["workspaceExports"] if e["id"] == answer["workspaceExport"]["id"]]
    assert found["status"] == "COMPLETED", found
    return found


def download(ws: Workspace, url: str, token: str | None = None, host: str | None = None) -> Any:
    parts = urlsplit(url)
    return Client(HTTP_HOST=host or ws.api.host).get(parts.path, HTTP_AUTHORIZATION=f"Bearer {token or ws.token}")


def opened(ws: Workspace, found: dict[str, Any]) -> zipfile.ZipFile:
    response = download(ws, found["downloadUrl"])
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def lines(archive: zipfile.ZipFile, type_name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in archive.read(f"{type_name}.jsonl").decode().splitlines()]


def expected_line(record: Any) -> dict[str, Any]:
    record_type = next(rt for rt in RECORD_TYPES.values() if rt.model is type(record))
    names = [n for n in record_type.field_names if n not in ("id", CUSTOM_FIELDS)]
    fields = snapshot(record, names)
    for many in type(record)._meta.many_to_many:
        fields[many.name] = sorted(str(o.pk) for o in getattr(record, many.name).all())
    return {"id": str(record.pk), "deleted": getattr(record, "deleted_at", None) is not None, "fields": fields}


def test_every_registered_type_round_trips_with_the_recycle_bin_flagged_and_attachments_in(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    company = create_company(workspace_a, name="Initech")
    uploaded(workspace_a, company["id"], PDF, "terms.pdf")
    workspace_a.activate()
    for record_type in RECORD_TYPES.values():  # one record of every type, as the roles matrix makes them
        assert record_type.factory is not None
        record_type.factory(workspace_a.owner.pk)
    gone = Contact.objects.create(first_name="Binned", owner_id=workspace_a.owner.pk)
    seat = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    soft_delete(seat, Contact, gone.pk)
    connection.set_schema_to_public()

    found = export(workspace_a, django_capture_on_commit_callbacks)
    assert found["coverage"] == "EVERYTHING" and found["processedRecords"] == found["totalRecords"] > 0
    archive = opened(workspace_a, found)
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["schemaVersion"] == services.SCHEMA_VERSION
    assert manifest["workspace"]["schema"] == workspace_a.tenant.schema_name
    assert set(manifest["counts"]) == set(RECORD_TYPES)  # every registered type has its file
    workspace_a.activate()
    for name, record_type in RECORD_TYPES.items():
        written = lines(archive, name)
        assert manifest["counts"][name] == len(written)
        records = record_type.model._base_manager.all()
        assert sorted(written, key=lambda line: line["id"]) == sorted(
            (json.loads(json.dumps(expected_line(r))) for r in records), key=lambda line: line["id"]
        ), name
    binned = next(line for line in lines(archive, "Contact") if line["id"] == str(gone.pk))
    assert binned["deleted"] is True and binned["fields"]["first_name"] == "Binned"
    attachment = next(line for line in lines(archive, "Attachment") if line["fields"]["file_name"] == "terms.pdf")
    assert archive.read(f"attachments/{attachment['id']}/terms.pdf") == PDF
    assert manifest["attachmentFiles"] == found["attachmentFiles"] >= 1


def test_another_workspaces_records_files_and_links_stay_out(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    create_company(workspace_a, name="Alpha Ltd")
    bravo = create_company(workspace_b, name="Bravo secret")
    uploaded(workspace_b, bravo["id"], PDF, "bravo-only.pdf")
    found = export(workspace_a, django_capture_on_commit_callbacks)
    archive = opened(workspace_a, found)
    everything = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Alpha Ltd" in everything
    assert b"Bravo secret" not in everything and b"bravo-only" not in everything and PDF not in everything
    assert not [n for n in archive.namelist() if n.startswith("attachments/")]

    # A's link: refused to B's owner (on either host), to A's non-admin members, to no one signed in.
    assert download(workspace_b, found["downloadUrl"]).status_code == 404
    assert download(workspace_b, found["downloadUrl"], host=workspace_a.api.host).status_code == 404
    sales = member(workspace_a, "sam@alpha.example.com", Role.SALES)
    assert download(sales, found["downloadUrl"]).status_code == 404
    admin = member(workspace_a, "ada@alpha.example.com", Role.ADMIN)
    assert download(admin, found["downloadUrl"]).status_code == 404  # the link is the owner's own
    assert Client(HTTP_HOST=workspace_a.api.host).get(urlsplit(found["downloadUrl"]).path).status_code == 404
    assert download(workspace_a, found["downloadUrl"] + "x").status_code == 404
    # B sees none of A's exports; a non-admin of A neither, nor may start one.
    assert workspace_b.api.data(LIST)["workspaceExports"] == []
    assert sales.api.data(LIST)["workspaceExports"] == []
    refused = sales.api.data(START)["startWorkspaceExport"]
    assert [e["code"] for e in refused["errors"]] == ["permission_denied"]


def test_an_admins_export_leaves_out_the_fields_their_role_hides(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    create_company(workspace_a, name="Globex")
    workspace_a.activate()
    Company.objects.filter(name="Globex").update(credit_limit=5000)
    connection.set_schema_to_public()
    company_type = RECORD_TYPES["Company"]
    assert "credit_limit" in company_type.sensitive_fields
    hiding = dataclasses.replace(company_type, field_overrides={Role.ADMIN: {"credit_limit": "hidden"}})
    monkeypatch.setitem(RECORD_TYPES, "Company", hiding)
    admin = member(workspace_a, "ada@alpha.example.com", Role.ADMIN)
    found = export(admin, django_capture_on_commit_callbacks)
    assert found["coverage"] == "ROLE"
    [line] = lines(opened(admin, found), "Company")
    assert line["fields"]["name"] == "Globex" and "credit_limit" not in line["fields"]
    monkeypatch.setitem(RECORD_TYPES, "Company", company_type)
    owners = export(workspace_a, django_capture_on_commit_callbacks)  # the owner's has everything
    [line] = lines(opened(workspace_a, owners), "Company")
    assert line["fields"]["credit_limit"] == "5000.00"


def test_one_export_at_a_time_and_old_files_expire_off_the_storage_meter(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    found = export(workspace_a, django_capture_on_commit_callbacks)
    assert found["fileSize"] > 0
    assert services.stored_bytes(workspace_a.tenant) == found["fileSize"]
    workspace_a.activate()
    WorkspaceExport.objects.create(requested_by_id=workspace_a.owner.pk)  # one queued
    connection.set_schema_to_public()
    busy = workspace_a.api.data(START)["startWorkspaceExport"]
    assert [e["code"] for e in busy["errors"]] == ["export_running"]
    workspace_a.activate()
    WorkspaceExport.objects.filter(status=WorkspaceExport.Status.QUEUED).delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire(timezone.now() + timedelta(hours=73)) == 1
    connection.set_schema_to_public()
    assert services.stored_bytes(workspace_a.tenant) == 0
    [gone] = workspace_a.api.data(LIST)["workspaceExports"]
    assert gone["status"] == "EXPIRED" and gone["downloadUrl"] is None
    assert download(workspace_a, found["downloadUrl"]).status_code == 404
