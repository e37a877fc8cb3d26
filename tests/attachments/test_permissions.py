"""Roles hold: a member who cannot read the record cannot attach, list, download or remove its files."""

from __future__ import annotations

import pytest

from saas.attachments.models import Attachment
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company, gid
from tests.customers.test_tags_groups_views import member

from .conftest import PNG, error_codes, fetch, listed, mutate, upload, uploaded

pytestmark = pytest.mark.django_db


def test_a_record_out_of_sight_hides_its_attachments_on_every_path(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    secret = create_company(workspace_a, name="Owner's account", ownerId=gid("User", workspace_a.owner.pk))
    mine = create_company(sales, name="Sofia's account")
    on_secret = uploaded(workspace_a, secret["id"], PNG, "secret.png")

    assert error_codes(upload(sales, secret["id"], PNG)) == [("recordId", "not_found")]
    assert listed(sales, secret["id"]) == []
    assert sales.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": on_secret["id"]}) == {"node": None}
    assert [e["code"] for e in mutate(sales, "deleteAttachment", on_secret["id"])["errors"]] == ["not_found"]
    # Even a link made for the salesperson stops working once the record is out of their sight.
    assert uploaded(sales, mine["id"], PNG, "mine.png")["fileName"] == "mine.png"
    url = listed(sales, mine["id"])[0]["downloadUrl"]
    assert fetch(sales, url).status_code == 200
    moved = workspace_a.api.data(
        "mutation($i: UpdateCompanyInput!) { updateCompany(input: $i) { errors { code } } }",
        {"i": {"id": mine["id"], "ownerId": gid("User", workspace_a.owner.pk)}},
    )
    assert moved["updateCompany"]["errors"] == []
    assert fetch(sales, url).status_code == 404
    assert listed(sales, mine["id"]) == []
    workspace_a.activate()
    assert Attachment.objects.filter(deleted_at__isnull=True).count() == 2


def test_a_read_only_member_sees_and_downloads_but_cannot_attach_or_remove(workspace_a: Workspace) -> None:
    reader = member(workspace_a, "rita@alpha.example.com", Role.READ_ONLY)
    company = create_company(workspace_a, name="Globex")
    attachment = uploaded(workspace_a, company["id"])
    [shown] = listed(reader, company["id"])
    assert fetch(reader, shown["downloadUrl"]).status_code == 200
    assert error_codes(upload(reader, company["id"], PNG)) == [(None, "permission_denied")]
    assert [e["code"] for e in mutate(reader, "deleteAttachment", attachment["id"])["errors"]] == ["permission_denied"]
