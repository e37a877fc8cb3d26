"""Whole-list exports: every matching row, as filtered, searched and sorted; field rules and tenants hold."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import pytest
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from saas.access.models import CustomRole
from saas.customers.models import Company, Tag
from saas.modules import export_lists
from tenants import services
from tenants.db import connection as default_connection
from tenants.models import Membership, Role, User
from tests.conftest import Workspace
from tests.customers.conftest import create_contact, gid
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db


def export(ws: Workspace, list_name: str = "companies", fmt: str = "csv", **params: Any) -> Any:
    """GET the export as the workspace's member (bearer token), JSON-encoding filter and orderBy."""
    query = {k: json.dumps(v) if k in {"filter", "orderBy"} else v for k, v in params.items()}
    client = Client(HTTP_HOST=services.tenant_host(ws.subdomain))
    return client.get(f"/exports/{list_name}.{fmt}", query, HTTP_AUTHORIZATION=f"Bearer {ws.token}")


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def seed(ws: Workspace, count: int, **fields: Any) -> None:
    ws.activate()
    stages = ["prospect", "active", "dormant", "lost"]
    for i in range(1, count + 1):
        Company.objects.create(
            name=f"Firm {i:03d}", lifecycle_stage=stages[i % 4], owner_id=ws.owner.pk, industry="Mining", **fields
        )
    default_connection.set_schema_to_public()


def test_csv_holds_every_matching_row_filtered_sorted_with_the_columns_shown(workspace_a: Workspace) -> None:
    seed(workspace_a, 250)
    rows = csv_rows(
        export(
            workspace_a,
            filter={"lifecycleStage": {"eq": "ACTIVE"}},
            orderBy=[{"name": "DESC"}],
            columns="lifecycleStage,owner",
            lang="zh-CN",
        )
    )
    # Past the API's 100-row page: all 63 active companies, labels in the interface language.
    assert rows[0] == ["名称", "阶段", "负责人"]
    assert len(rows) == 1 + 63
    names = [r[0] for r in rows[1:]]
    assert names == sorted(names, reverse=True) and names[0] == "Firm 249"
    assert {r[1] for r in rows[1:]} == {"活跃"}
    assert {r[2] for r in rows[1:]} == {workspace_a.owner.full_name}

    everything = csv_rows(export(workspace_a, orderBy=[{"name": "ASC"}], lang="en"))
    assert everything[0] == ["Name"] and len(everything) == 251 and everything[1] == ["Firm 001"]
    searched = csv_rows(export(workspace_a, search="Firm 137"))
    assert [r[0] for r in searched[1:]] == ["Firm 137"]


def test_filters_by_tag_owner_mine_and_dates(workspace_a: Workspace) -> None:
    seed(workspace_a, 5)
    workspace_a.activate()
    vip = Tag.objects.create(name="VIP")
    tagged = Company.objects.get(name="Firm 002")
    tagged.tags.add(vip)
    Company.objects.create(name="Pool Co")
    Company.objects.filter(name="Firm 005").update(created_at=datetime(2020, 1, 1, tzinfo=UTC))
    default_connection.set_schema_to_public()

    by_tag = csv_rows(export(workspace_a, filter={"tags": {"eq": gid("Tag", vip.pk)}}, columns="tags"))
    assert by_tag[1:] == [["Firm 002", "VIP"]]
    mine = csv_rows(export(workspace_a, filter={"mine": True}))
    assert len(mine) == 1 + 5
    by_owner = csv_rows(export(workspace_a, filter={"owner": {"eq": gid("User", workspace_a.owner.pk)}}))
    assert len(by_owner) == 1 + 5
    pool = csv_rows(export(workspace_a, mode="pool"))
    assert [r[0] for r in pool[1:]] == ["Pool Co"]
    old = csv_rows(export(workspace_a, filter={"createdAt": {"lte": "2021-01-01T00:00:00Z"}}))
    assert [r[0] for r in old[1:]] == ["Firm 005"]


def test_hidden_fields_are_never_exported(workspace_a: Workspace) -> None:
    seed(workspace_a, 3, credit_limit="5000.00")
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)  # exports all, credit hidden
    rows = csv_rows(export(marketing, columns="industry,creditLimit,creditRating"))
    assert rows[0] == ["Name", "Industry"]
    assert all("5000" not in cell for row in rows for cell in row)

    admin = member(workspace_a, "ava@alpha.example.com", Role.ADMIN)
    rows = csv_rows(export(admin, columns="industry,creditLimit"))
    assert rows[0] == ["Name", "Industry", "Credit limit"] and rows[1][2] == "5000.00"


def test_a_role_without_export_is_refused(workspace_a: Workspace) -> None:
    seed(workspace_a, 2)
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    response = export(sales)
    assert response.status_code == 403
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_tenant_b_cannot_export_tenant_a(workspace_a: Workspace, workspace_b: Workspace) -> None:
    seed(workspace_a, 3)
    seed(workspace_b, 1)
    # B's owner on A's host is nobody there.
    intruder = Workspace(workspace_a.tenant, workspace_b.owner, workspace_b.token, workspace_a.subdomain)
    assert export(intruder).status_code == 401
    # Each workspace's export holds its own rows only.
    assert len(csv_rows(export(workspace_b))) == 1 + 1
    assert len(csv_rows(export(workspace_a))) == 1 + 3


def test_bad_input_is_a_typed_error(workspace_a: Workspace) -> None:
    # The list's own input types judge filter and orderBy (creditLimit, which the owner may filter the
    # list by, is now exportable that way too; an unknown key is refused with graphql's own message).
    for params, field in (
        ({"filter": {"password": {"eq": "1"}}}, "filter"),
        ({"filter": {"lifecycleStage": {"like": "x"}}}, "filter"),
        ({"orderBy": [{"phone": "ASC"}]}, "orderBy"),
        ({"columns": "name,password"}, "columns"),
        ({"mode": "everything"}, "mode"),
        ({"filter": {"owner": {"eq": "not-an-id"}}}, "filter"),
    ):
        response = export(workspace_a, **params)
        assert response.status_code == 400, params
        assert response.json()["errors"][0]["field"] == field, (params, response.json())
    unknown = export(workspace_a, filter={"password": {"eq": "1"}}).json()["errors"][0]
    assert "Expected value of type 'CompanyFilter' not to include unknown field 'password'" in unknown["message"]
    bad_json = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain)).get(
        "/exports/companies.csv", {"filter": "{"}, HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}"
    )
    assert bad_json.status_code == 400


def test_xlsx_dates_are_in_the_workspace_time_zone(workspace_a: Workspace) -> None:
    seed(workspace_a, 120)
    workspace_a.activate()
    Company.objects.filter(name="Firm 001").update(created_at=datetime(2026, 3, 1, 20, 30, tzinfo=UTC))
    default_connection.set_schema_to_public()
    workspace_a.tenant.time_zone = "Asia/Shanghai"
    workspace_a.tenant.save(update_fields=["time_zone"])

    response = export(workspace_a, fmt="xlsx", orderBy=[{"name": "ASC"}], columns="createdAt,lifecycleStage")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Name", "Created", "Stage")
    assert len(values) == 1 + 120
    assert values[1][0] == "Firm 001" and values[1][1] == datetime(2026, 3, 2, 4, 30)


def test_export_runs_in_a_fixed_number_of_queries(workspace_a: Workspace) -> None:
    def queries(count: int) -> int:
        with CaptureQueriesContext(default_connection) as captured:
            csv_rows(export(workspace_a, columns="owner,tags"))
        return len(captured.captured_queries)

    seed(workspace_a, 5)
    queries(5)  # the first request of a token also records its use
    few = queries(5)
    seed(workspace_a, 60)
    assert queries(65) == few


# --- the list's own rules hold for its export (it reads the rows through the list's resolver) -------


def custom_member(ws: Workspace, email: str, permissions: dict[str, Any]) -> Workspace:
    ws.activate()
    role = CustomRole.objects.create(name=email, permissions=permissions)
    user = User.objects.create_user(email=email, password="a-strong-test-password-2026")
    Membership.objects.create(user=user, tenant=ws.tenant, role=Role.CUSTOM, custom_role_id=role.pk)
    default_connection.set_schema_to_public()
    return Workspace(ws.tenant, user, services.issue_token(user), ws.subdomain)


@pytest.mark.parametrize(
    "params",
    [
        {"filter": {"creditLimit": {"gte": "1000"}}},
        {"filter": {"name": {"eq": "Firm 001"}, "OR": {"creditRating": {"eq": "A"}}}},
        {"orderBy": [{"name": "ASC"}, {"creditLimit": "DESC"}]},
    ],
)
def test_filtering_or_ordering_by_a_hidden_field_is_refused_as_the_list_refuses_it(
    workspace_a: Workspace, params: dict[str, Any]
) -> None:
    seed(workspace_a, 3, credit_limit="5000.00")
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)  # exports all, credit hidden
    response = export(marketing, **params)
    # Refused before any row is read, like the list: nothing written, the list's code and wording.
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    (error,) = response.json()["errors"]
    argument = next(iter(params))
    assert error["code"] == "FIELD_HIDDEN" and error["field"] == argument, error
    field = "creditLimit" if "creditLimit" in json.dumps(params) else "creditRating"
    assert error["message"] == f"Your role may not see `{field}`, so `{argument}` cannot use it."
    listed = marketing.api.execute(
        "query($f: CompanyFilter, $o: [CompanyOrder!]) { companies(filter: $f, orderBy: $o) { totalCount } }",
        {"f": params.get("filter"), "o": params.get("orderBy")},
    )
    assert [e["extensions"]["code"] for e in listed["errors"]] == ["FIELD_HIDDEN"]
    assert listed["errors"][0]["message"] == error["message"]
    # The same export with the credit columns visible to the role is fine.
    admin = member(workspace_a, "ava@alpha.example.com", Role.ADMIN)
    assert len(csv_rows(export(admin, **params))) > 1


def test_a_search_word_found_only_in_a_hidden_field_exports_nothing(workspace_a: Workspace) -> None:
    create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"], phones=["+15550100"])
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)  # contact e-mails, phones hidden
    for words in ["globex", "ann@globex", "15550100"]:
        assert csv_rows(export(marketing, "contacts", search=words)) == [["Name"]], words
        assert csv_rows(export(workspace_a, "contacts", search=words))[1:] == [["Ann"]], words
    assert csv_rows(export(marketing, "contacts", search="an"))[1:] == [["Ann"]]


def test_an_own_scope_member_exports_own_and_pool_rows_per_mode(workspace_a: Workspace) -> None:
    # Reads its own rows and the pool (the list's scope), may export whatever it reads.
    seller = custom_member(workspace_a, "olga@alpha.example.com", {"*": {"read": "own", "export": "all"}})
    workspace_a.activate()
    Company.objects.create(name="Mine active", owner_id=seller.owner.pk)
    Company.objects.create(name="Theirs active", owner_id=workspace_a.owner.pk)
    Company.objects.create(name="Pool active")
    gone = Company.objects.create(name="Mine deleted", owner_id=seller.owner.pk, deleted_at=datetime.now(UTC))
    Company.objects.create(name="Theirs deleted", owner_id=workspace_a.owner.pk, deleted_at=gone.deleted_at)
    default_connection.set_schema_to_public()

    def names(ws: Workspace, **params: Any) -> list[str]:
        return [row[0] for row in csv_rows(export(ws, orderBy=[{"name": "ASC"}], **params))[1:]]

    assert names(seller) == ["Mine active", "Pool active"]
    assert names(seller, mode="pool") == ["Pool active"]
    assert names(seller, mode="deleted") == ["Mine deleted"]
    assert names(seller, filter={"mine": True}) == ["Mine active"]
    assert names(seller, filter={"mine": False}) == ["Pool active"]
    # The workspace owner sees (and exports) every row of each list.
    assert names(workspace_a) == ["Mine active", "Pool active", "Theirs active"]
    assert names(workspace_a, mode="deleted") == ["Mine deleted", "Theirs deleted"]

    # Export scope narrows further: an own-export role exports only its own rows, even of the pool list.
    own_export = custom_member(workspace_a, "omar@alpha.example.com", {"*": {"read": "all", "export": "own"}})
    assert names(own_export) == []
    assert names(own_export, mode="pool") == []


def test_every_exportable_list_is_a_root_list_of_the_api(workspace_a: Workspace) -> None:
    # Declared by the modules (saas.modules.Module.exports); each mode names a list of the schema.
    from graphql_schema.core.core_schema import core_schema
    from graphql_schema.schema import tenant_schema

    query_type = core_schema(tenant_schema).query_type
    assert query_type is not None
    lists = export_lists()
    assert set(lists) >= {"companies", "contacts"}
    for declared in lists.values():
        for field_name in declared.list_fields.values():
            assert {"filter", "orderBy", "search"} <= set(query_type.fields[field_name].args), field_name
    assert export(workspace_a, mode="everything").json()["errors"][0]["field"] == "mode"


def test_the_request_input_rules_hold_for_an_export(workspace_a: Workspace) -> None:
    seed(workspace_a, 2)
    for params, field in (
        ({"search": "Firm\x00"}, "search"),
        ({"filter": {"createdAt": {"lte": "2021-01-01T00:00:00"}}}, "filter"),  # no time zone
    ):
        response = export(workspace_a, **params)
        assert response.status_code == 400, params
        (error,) = response.json()["errors"]
        assert error["code"] == "BAD_USER_INPUT" and error["field"] == field, error
