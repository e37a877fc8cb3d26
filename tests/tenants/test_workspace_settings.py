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


# --- business hours ---------------------------------------------------------------------------------

HOURS = "{ currentTenant { businessHours { weekday open opensAt closesAt } } }"
SET_HOURS = """
mutation($input: UpdateWorkspaceInput!) {
  updateWorkspace(input: $input) {
    tenant { currency businessHours { weekday open opensAt closesAt } } errors { field message code }
  }
}"""
WEEKDAYS = ("09:00", "17:00")


def week(client: GraphQLClient) -> dict[int, tuple[str, str] | None]:
    days = client.data(HOURS)["currentTenant"]["businessHours"]
    assert [d["weekday"] for d in days] == list(range(7))
    assert all(d["open"] == (d["opensAt"] is not None) for d in days)
    return {d["weekday"]: (d["opensAt"], d["closesAt"]) if d["open"] else None for d in days}


@pytest.mark.django_db
def test_a_new_workspace_works_monday_to_friday_nine_to_five_and_every_member_reads_it(
    workspace_a: Workspace,
) -> None:
    default = {0: WEEKDAYS, 1: WEEKDAYS, 2: WEEKDAYS, 3: WEEKDAYS, 4: WEEKDAYS, 5: None, 6: None}
    assert week(workspace_a.api) == default
    assert week(member(workspace_a, Role.READ_ONLY)) == default


@pytest.mark.django_db
def test_an_admin_sets_the_week_audited_and_colleagues_hear_of_it(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[object, str]] = []
    monkeypatch.setattr(
        "saas.access.workspace.events.notify", lambda user_id, kind, *args: sent.append((user_id, kind))
    )
    sales = member(workspace_a, Role.SALES)
    sales_id = User.objects.get(email="sales@alpha.example.com").pk
    admin = member(workspace_a, Role.ADMIN)
    days = [
        {"weekday": 5, "opensAt": "10:00", "closesAt": "14:30"},
        {"weekday": 0, "opensAt": " 08:30 ", "closesAt": "18:00"},
    ]
    result = admin.data(SET_HOURS, {"input": {"businessHours": days}})["updateWorkspace"]
    assert result["errors"] == []
    expected = {0: ("08:30", "18:00"), 1: None, 2: None, 3: None, 4: None, 5: ("10:00", "14:30"), 6: None}
    assert week(sales) == expected
    assert result["tenant"]["businessHours"] == sales.data(HOURS)["currentTenant"]["businessHours"]
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Workspace")
    assert entry.actor_email == "admin@alpha.example.com"
    assert entry.changes["business_hours"]["new"] == {"0": ["08:30", "18:00"], "5": ["10:00", "14:30"]}
    assert entry.changes["business_hours"]["old"]["4"] == ["09:00", "17:00"]
    # The owner and the sales member, not the admin who made the change.
    assert sorted(sent, key=str) == sorted(
        [(workspace_a.owner.pk, "workspace_changed"), (sales_id, "workspace_changed")], key=str
    )
    # The same week again is no change: nothing audited, nobody told.
    admin.data(SET_HOURS, {"input": {"businessHours": days}})
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Workspace").count() == 1
    assert len(sent) == 2
    # [] closes every day.
    assert admin.data(SET_HOURS, {"input": {"businessHours": []}})["updateWorkspace"]["errors"] == []
    assert set(week(sales).values()) == {None}


@pytest.mark.django_db
def test_bad_hours_are_refused_field_by_field_and_nothing_changes(workspace_a: Workspace) -> None:
    days = [
        {"weekday": 0, "opensAt": "17:00", "closesAt": "09:00"},
        {"weekday": 7, "opensAt": "09:00", "closesAt": "17:00"},
        {"weekday": 0, "opensAt": "9am", "closesAt": "24:00"},
        {"weekday": 2, "opensAt": "12:00", "closesAt": "12:00"},
    ]
    result = workspace_a.api.data(SET_HOURS, {"input": {"businessHours": days, "currency": "EUR"}})["updateWorkspace"]
    assert result["tenant"] is None
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("businessHours.0.closesAt", "invalid"),
        ("businessHours.1.weekday", "out_of_range"),
        ("businessHours.2.weekday", "taken"),
        ("businessHours.2.opensAt", "invalid_format"),
        ("businessHours.2.closesAt", "invalid_format"),
        ("businessHours.3.closesAt", "invalid"),
    }
    assert next(e for e in result["errors"] if e["field"] == "businessHours.0.closesAt")["message"] == (
        "A day closes after it opens."
    )
    # Nothing of the change was kept: not the hours, not the currency given with them.
    assert week(workspace_a.api)[0] == WEEKDAYS
    tenant = Tenant.objects.get(pk=workspace_a.tenant.pk)
    assert (tenant.currency, tenant.business_hours["2"]) == ("USD", list(WEEKDAYS))
    workspace_a.activate()
    assert not AuditEntry.objects.filter(record_type="Workspace").exists()


def test_the_service_cleans_hours_given_as_times_and_refuses_seconds() -> None:
    from datetime import time

    from saas.access.workspace import BusinessDay, WorkspaceSettings, validate_workspace_settings
    from saas.errors import ErrorCollector

    errors = ErrorCollector()
    given = [BusinessDay(weekday=3, opens_at=time(7, 5), closes_at="19:45")]
    cleaned = validate_workspace_settings(WorkspaceSettings(business_hours=given), errors)
    assert errors.errors == [] and cleaned.business_hours == {"3": ["07:05", "19:45"]}
    refused = ErrorCollector()
    validate_workspace_settings(
        WorkspaceSettings(business_hours=[BusinessDay(weekday=True, opens_at=time(7, 0, 30), closes_at="19:45")]),
        refused,
    )
    assert sorted((e.field, e.code) for e in refused.errors) == [
        ("businessHours.0.opensAt", "invalid_format"),
        ("businessHours.0.weekday", "out_of_range"),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.SALES, Role.MANAGER, Role.SERVICE])
def test_only_owners_and_admins_change_the_hours(workspace_a: Workspace, role: str) -> None:
    days = [{"weekday": 6, "opensAt": "10:00", "closesAt": "12:00"}]
    result = member(workspace_a, role).data(SET_HOURS, {"input": {"businessHours": days}})["updateWorkspace"]
    assert result["tenant"] is None
    assert [e["code"] for e in result["errors"]] == ["permission_denied"]
    assert week(workspace_a.api)[6] is None


@pytest.mark.django_db
def test_a_workspace_reads_and_changes_only_its_own_hours(workspace_a: Workspace, workspace_b: Workspace) -> None:
    sunday = [{"weekday": 6, "opensAt": "10:00", "closesAt": "12:00"}]
    assert workspace_a.api.data(SET_HOURS, {"input": {"businessHours": sunday}})["updateWorkspace"]["errors"] == []
    assert week(workspace_a.api)[6] == ("10:00", "12:00")
    assert week(workspace_b.api)[6] is None and week(workspace_b.api)[0] == WEEKDAYS
    # A's owner on B's host is no member there: B's hours can be neither read nor changed.
    foreign = GraphQLClient(services.tenant_host(workspace_b.subdomain), workspace_a.token)
    assert foreign.error_codes(HOURS) == ["UNAUTHENTICATED"]
    assert foreign.error_codes(SET_HOURS, {"input": {"businessHours": []}}) == ["UNAUTHENTICATED"]
    assert Tenant.objects.get(pk=workspace_b.tenant.pk).business_hours["0"] == list(WEEKDAYS)
