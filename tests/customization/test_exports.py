"""Custom fields in CSV / XLSX exports: appended to every list of their type, field rules and tenants hold."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from saas.customers.models import Contact
from tenants.db import connection
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.exports.test_exports import csv_rows, export

from .conftest import defined

pytestmark = pytest.mark.django_db


def seed(ws: Workspace) -> None:
    defined(ws, key="tier", label="Tier", fieldType="PICKLIST", choices=["gold", "silver"])
    defined(ws, key="budget", label="Budget", fieldType="MONEY")
    defined(ws, key="since", label="Since", fieldType="DATE")
    defined(ws, key="vip", label="VIP", fieldType="BOOLEAN")
    defined(ws, key="salary", label="Salary", fieldType="NUMBER", sensitive=True)
    ws.activate()
    Contact.objects.create(
        first_name="Ann",
        owner=ws.owner,
        custom_fields={
            "tier": "gold",
            "budget": {"amount": "12.50", "currency": "EUR"},
            "since": "2020-01-05",
            "vip": True,
            "salary": 100,
        },
    )
    Contact.objects.create(first_name="Bob", owner=ws.owner, custom_fields={"tier": "silver"})
    connection.set_schema_to_public()


def test_every_custom_field_is_appended_in_form_order(workspace_a: Workspace) -> None:
    seed(workspace_a)
    rows = csv_rows(export(workspace_a, "contacts", orderBy=[{"firstName": "ASC"}]))
    assert rows[0][-5:] == ["Tier", "Budget", "Since", "VIP", "Salary"]
    assert rows[1][-5:] == ["gold", "12.50 EUR", "2020-01-05", "Yes", "100"]
    assert rows[2][-5:] == ["silver", "", "", "", ""]


def test_custom_fields_can_be_chosen_or_left_out(workspace_a: Workspace) -> None:
    seed(workspace_a)
    chosen = csv_rows(export(workspace_a, "contacts", orderBy=[{"firstName": "ASC"}], customFields="vip,tier"))
    assert chosen[0][-2:] == ["VIP", "Tier"] and chosen[1][-2:] == ["Yes", "gold"]
    none = csv_rows(export(workspace_a, "contacts", customFields=""))
    assert "Tier" not in none[0]
    unknown = export(workspace_a, "contacts", customFields="tier,nope")
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "customFields"


def test_xlsx_cells_are_typed(workspace_a: Workspace) -> None:
    seed(workspace_a)
    response = export(workspace_a, "contacts", "xlsx", orderBy=[{"firstName": "ASC"}], customFields="since,salary")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)

    sheet = load_workbook(io.BytesIO(body)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Since", "Salary")
    since = rows[1][-2]
    assert isinstance(since, datetime) and since.date() == date(2020, 1, 5) and rows[1][-1] == 100


def test_sensitive_custom_fields_hidden_from_a_role_are_left_out(workspace_a: Workspace) -> None:
    seed(workspace_a)
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)  # hides sensitive fields
    rows = csv_rows(export(marketing, "contacts", orderBy=[{"firstName": "ASC"}]))
    assert "Salary" not in rows[0] and "Tier" in rows[0]
    assert all("100" not in row for row in rows[1:])
    asked = csv_rows(export(marketing, "contacts", customFields="salary,tier"))
    assert "Salary" not in asked[0]


def test_tenant_b_sees_neither_tenant_a_fields_nor_values(workspace_a: Workspace, workspace_b: Workspace) -> None:
    seed(workspace_a)
    defined(workspace_b, key="tier", label="Level", fieldType="NUMBER")
    rows = csv_rows(export(workspace_b, "contacts"))
    assert rows[0][-1] == "Level" and "Budget" not in rows[0]
    assert rows[1:] == []
    assert export(workspace_b, "contacts", customFields="budget").status_code == 400
