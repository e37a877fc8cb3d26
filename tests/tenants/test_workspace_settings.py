"""Workspace settings: name, locale, currency and time zone; admins only, validated, audited, isolated."""

from __future__ import annotations

import pytest

from saas.audit.models import AuditEntry
from tenants import services
from tenants.models import Membership, Role, Tenant, User
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

TENANT = "{ currentTenant { name subdomain locale currency timeZone } }"
UPDATE = """
mutation($input: UpdateWorkspaceInput!) {
  updateWorkspace(input: $input) { tenant { name locale currency timeZone } errors { field message code } }
}"""


def member(workspace: Workspace, role: str) -> GraphQLClient:
    email = f"{role}@{workspace.subdomain}.example.com"
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=role)
    Membership.objects.create(user=user, tenant=workspace.tenant, role=role)
    return GraphQLClient(services.tenant_host(workspace.subdomain), services.issue_token(user))


@pytest.mark.django_db
def test_a_new_workspace_writes_en_us_in_dollars_and_utc(workspace_a: Workspace) -> None:
    assert workspace_a.api.data(TENANT)["currentTenant"] == {
        "name": "Alpha Industries",
        "subdomain": "alpha",
        "locale": "en-US",
        "currency": "USD",
        "timeZone": "UTC",
    }


@pytest.mark.django_db
def test_owner_changes_the_formats_and_the_change_is_audited(workspace_a: Workspace) -> None:
    result = workspace_a.api.data(
        UPDATE, {"input": {"locale": "zh-CN", "currency": "cny", "timeZone": "Asia/Shanghai", "name": " Alpha 中国 "}}
    )["updateWorkspace"]
    assert result == {
        "tenant": {"name": "Alpha 中国", "locale": "zh-CN", "currency": "CNY", "timeZone": "Asia/Shanghai"},
        "errors": [],
    }
    assert workspace_a.api.data(TENANT)["currentTenant"]["currency"] == "CNY"
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Workspace")
    assert entry.actor_email == workspace_a.owner.email
    # The audit log's one shape for changes: {field: {old, new}} (was [old, new] here).
    assert entry.changes["locale"] == {"old": "en-US", "new": "zh-CN"}
    assert entry.changes["time_zone"] == {"old": "UTC", "new": "Asia/Shanghai"}


@pytest.mark.django_db
def test_leaving_a_field_out_keeps_it(workspace_a: Workspace) -> None:
    workspace_a.api.data(UPDATE, {"input": {"currency": "EUR"}})
    assert workspace_a.api.data(TENANT)["currentTenant"]["locale"] == "en-US"
    assert workspace_a.api.data(TENANT)["currentTenant"]["currency"] == "EUR"


@pytest.mark.django_db
def test_bad_settings_are_refused_one_error_per_field_and_nothing_changes(workspace_a: Workspace) -> None:
    result = workspace_a.api.data(
        UPDATE, {"input": {"locale": "xx-YY", "currency": "DOLLARS", "timeZone": "Mars/Olympus", "name": "  "}}
    )["updateWorkspace"]
    assert result["tenant"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("locale", "invalid"),
        ("currency", "invalid"),
        ("timeZone", "invalid"),
        ("name", "required"),
    }
    tenant = Tenant.objects.get(pk=workspace_a.tenant.pk)
    assert (tenant.name, tenant.locale, tenant.currency) == ("Alpha Industries", "en-US", "USD")
    assert tenant.time_zone == "UTC"


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SALES, Role.MANAGER])
def test_only_owners_and_admins_change_the_settings(workspace_a: Workspace, role: str) -> None:
    result = member(workspace_a, role).data(UPDATE, {"input": {"currency": "JPY"}})["updateWorkspace"]
    assert result["errors"][0]["code"] == "permission_denied"
    assert Tenant.objects.get(pk=workspace_a.tenant.pk).currency == "USD"
    admin = member(workspace_a, Role.ADMIN)
    assert admin.data(UPDATE, {"input": {"currency": "JPY"}})["updateWorkspace"]["tenant"]["currency"] == "JPY"


@pytest.mark.django_db
def test_a_workspace_changes_only_its_own_settings(workspace_a: Workspace, workspace_b: Workspace) -> None:
    workspace_a.api.data(UPDATE, {"input": {"locale": "zh-CN", "currency": "CNY"}})
    assert workspace_b.api.data(TENANT)["currentTenant"]["locale"] == "en-US"
    assert workspace_b.api.data(TENANT)["currentTenant"]["currency"] == "USD"
    # A's owner token on B's host is not a member there: refused, B unchanged.
    foreign = GraphQLClient(services.tenant_host(workspace_b.subdomain), workspace_a.token)
    assert foreign.error_codes(UPDATE, {"input": {"currency": "JPY"}}) == ["UNAUTHENTICATED"]
    assert Tenant.objects.get(pk=workspace_b.tenant.pk).currency == "USD"


@pytest.mark.django_db
def test_colleagues_hear_of_the_change_and_nobody_of_a_refused_one(
    workspace_a: Workspace, workspace_b: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[object, str]] = []
    monkeypatch.setattr(
        "saas.access.workspace.events.notify", lambda user_id, kind, *args: sent.append((user_id, kind))
    )
    colleague = User.objects.create_user(email="colleague@alpha.example.com", password=PASSWORD, full_name="C")
    Membership.objects.create(user=colleague, tenant=workspace_a.tenant, role=Role.SALES)
    workspace_a.api.data(UPDATE, {"input": {"currency": "NOPE"}})
    assert sent == []
    workspace_a.api.data(UPDATE, {"input": {"currency": "EUR"}})
    # The colleague, not the owner who made the change, and nobody of workspace B.
    assert sent == [(colleague.pk, "workspace_changed")]


@pytest.mark.django_db
def test_the_platform_admin_lists_workspaces_with_their_formats(workspace_a: Workspace) -> None:
    from django.test import Client

    staff = User.objects.create_superuser(email="ops@platform.example.com", password=PASSWORD)
    workspace_a.api.data(UPDATE, {"input": {"currency": "CNY", "locale": "zh-CN"}})
    admin = Client(HTTP_HOST="localhost")
    admin.force_login(staff)
    page = admin.get("/admin/tenants/tenant/?currency=CNY")
    assert page.status_code == 200
    assert b"Alpha Industries" in page.content and b"zh-CN" in page.content
    # Members of a workspace are not platform staff: no way in.
    member_page = Client(HTTP_HOST="localhost")
    member_page.force_login(workspace_a.owner)
    assert member_page.get("/admin/tenants/tenant/").status_code == 302
