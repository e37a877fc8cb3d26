"""Tenant A can neither attach to, list, download nor remove tenant B's attachments, by any path or id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from saas.attachments.models import Attachment
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import PNG, error_codes, fetch, listed, mutate, upload, uploaded

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(workspace_b: Workspace) -> dict[str, Any]:
    company = create_company(workspace_b, name="Bravo Secret Co")
    attachment = uploaded(workspace_b, company["id"], PNG, "secret.png")
    [shown] = listed(workspace_b, company["id"])
    return {"company": company["id"], "attachment": attachment["id"], "url": shown["downloadUrl"]}


def test_another_tenants_record_takes_no_upload(workspace_a: Workspace, workspace_b: Workspace, theirs: Any) -> None:
    assert error_codes(upload(workspace_a, theirs["company"], PNG)) == [("recordId", "not_found")]
    workspace_b.activate()
    assert Attachment.objects.count() == 1


def test_another_tenants_attachments_are_not_listed_nor_found(workspace_a: Workspace, theirs: Any) -> None:
    assert listed(workspace_a, theirs["company"]) == []
    assert workspace_a.api.data("{ attachments { totalCount } }") == {"attachments": {"totalCount": 0}}
    assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["attachment"]}) == {
        "node": None
    }


def test_another_tenants_link_downloads_nothing(workspace_a: Workspace, workspace_b: Workspace, theirs: Any) -> None:
    assert fetch(workspace_a, theirs["url"]).status_code == 404  # on A's host, with A's token
    assert fetch(workspace_b, theirs["url"]).status_code == 200  # the owner's own link works


def test_another_tenants_attachment_cannot_be_removed_or_restored(
    workspace_a: Workspace, workspace_b: Workspace, theirs: Any
) -> None:
    for name in ("deleteAttachment", "restoreAttachment"):
        assert [e["code"] for e in mutate(workspace_a, name, theirs["attachment"])["errors"]] == ["not_found"], name
    workspace_b.activate()
    assert Attachment.objects.get().deleted_at is None


def test_tenants_never_share_a_storage_path(
    workspace_a: Workspace, workspace_b: Workspace, theirs: Any, attachment_dir: Path
) -> None:
    company = create_company(workspace_a, name="Alpha Co")
    uploaded(workspace_a, company["id"], PNG, "secret.png")
    folders = {p.relative_to(attachment_dir).parts[0] for p in attachment_dir.rglob("*") if p.is_file()}
    assert folders == {workspace_a.tenant.schema_name, workspace_b.tenant.schema_name}
