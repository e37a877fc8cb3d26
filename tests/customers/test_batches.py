"""Batch mutations: createContacts / updateContacts / createCompanies, per-item errors, EACH or ALL_OR_NOTHING."""

from __future__ import annotations

from typing import Any

import pytest

from saas.customers.models import Company, Contact
from tests.access.test_api_keys import create_key
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact, gid

pytestmark = pytest.mark.django_db

CREATE_CONTACTS = """
mutation($input: CreateContactsInput!) {
  createContacts(input: $input) { contacts { id firstName company { name } } errors { index field message code } }
}"""
UPDATE_CONTACTS = """
mutation($input: UpdateContactsInput!) {
  updateContacts(input: $input) { contacts { id firstName } errors { index field code } }
}"""
CREATE_COMPANIES = """
mutation($input: CreateCompaniesInput!) {
  createCompanies(input: $input) { companies { name creditLimit { amount currency } } errors { index field code } }
}"""


def batch(ws: Workspace, query: str, name: str, items: list[dict[str, Any]], mode: str | None = None) -> Any:
    input: dict[str, Any] = {"items": items}
    if mode:
        input["mode"] = mode
    return ws.api.data(query, {"input": input})[name]


def test_each_writes_the_valid_items_and_reports_the_others_by_index(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    items = [
        {"firstName": "Ada", "companyId": company["id"]},
        {"firstName": ""},  # required
        {"firstName": "Bo", "emails": ["not an e-mail"]},
        {"firstName": "Cy", "companyId": gid("Company", "00000000-0000-0000-0000-000000000000")},
        {"firstName": "Di"},
    ]
    payload = batch(workspace_a, CREATE_CONTACTS, "createContacts", items)
    assert [c and c["firstName"] for c in payload["contacts"]] == ["Ada", None, None, None, "Di"]
    assert payload["contacts"][0]["company"] == {"name": "Acme"}
    assert [(e["index"], e["field"], e["code"]) for e in payload["errors"]] == [
        (1, "firstName", "required"),
        (2, "emails.0", "invalid_format"),
        (3, "companyId", "not_found"),
    ]
    workspace_a.activate()
    assert sorted(Contact.objects.values_list("first_name", flat=True)) == ["Ada", "Di"]


def test_all_or_nothing_writes_nothing_and_reports_every_error(workspace_a: Workspace) -> None:
    items = [{"firstName": "Ada"}, {"firstName": ""}, {"firstName": "Bo"}, {"firstName": "", "lastName": "x"}]
    payload = batch(workspace_a, CREATE_CONTACTS, "createContacts", items, "ALL_OR_NOTHING")
    assert payload["contacts"] == [None] * 4
    assert [(e["index"], e["code"]) for e in payload["errors"]] == [(1, "required"), (3, "required")]
    workspace_a.activate()
    assert not Contact.objects.exists()

    payload = batch(workspace_a, CREATE_CONTACTS, "createContacts", items[::2], "ALL_OR_NOTHING")
    assert payload["errors"] == [] and [c["firstName"] for c in payload["contacts"]] == ["Ada", "Bo"]


def test_at_most_a_hundred_items(workspace_a: Workspace) -> None:
    payload = batch(workspace_a, CREATE_CONTACTS, "createContacts", [{"firstName": f"P{i}"} for i in range(101)])
    assert payload["contacts"] == []
    assert payload["errors"] == [
        {"index": -1, "field": "items", "message": "At most 100 items in one call.", "code": "too_many"}
    ]
    workspace_a.activate()
    assert not Contact.objects.exists()
    payload = batch(workspace_a, CREATE_CONTACTS, "createContacts", [{"firstName": f"P{i}"} for i in range(100)])
    assert payload["errors"] == [] and len(payload["contacts"]) == 100


def test_update_contacts_checks_each_id_and_stays_in_the_workspace(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    mine = create_contact(workspace_a, firstName="Ada")
    theirs = create_contact(workspace_b, firstName="Secret")
    items = [{"id": mine["id"], "firstName": "Ada L."}, {"id": theirs["id"], "firstName": "Taken"}]
    payload = batch(workspace_a, UPDATE_CONTACTS, "updateContacts", items)
    assert payload["contacts"][0]["firstName"] == "Ada L." and payload["contacts"][1] is None
    assert [(e["index"], e["code"]) for e in payload["errors"]] == [(1, "not_found")]
    workspace_b.activate()
    assert Contact.objects.get().first_name == "Secret"


def test_create_companies_with_duplicates_and_money(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Acme")
    items: list[dict[str, Any]] = [
        {"name": "Acme"},  # a suspected duplicate
        {"name": "Globex", "creditLimit": {"amount": "1000.00", "currency": "EUR"}},
        {"name": "Acme", "allowDuplicate": True},
    ]
    payload = batch(workspace_a, CREATE_COMPANIES, "createCompanies", items)
    assert payload["companies"][0] is None
    assert payload["companies"][1] == {"name": "Globex", "creditLimit": {"amount": "1000.00", "currency": "EUR"}}
    assert payload["companies"][2]["name"] == "Acme"
    assert [(e["index"], e["code"]) for e in payload["errors"]] == [(0, "duplicate_suspected")]
    workspace_a.activate()
    assert Company.objects.count() == 3


def test_a_read_only_key_can_write_none(workspace_a: Workspace) -> None:
    from django.test import Client

    key = create_key(workspace_a, "read_only")["key"]
    response = Client(HTTP_HOST=workspace_a.api.host).post(
        "/graphql/",
        {"query": CREATE_CONTACTS, "variables": {"input": {"items": [{"firstName": "A"}, {"firstName": "B"}]}}},
        content_type="application/json",
        HTTP_X_API_KEY=key,
    )
    payload = response.json()["data"]["createContacts"]
    assert payload["contacts"] == [None, None]
    assert {(e["index"], e["code"]) for e in payload["errors"]} == {(0, "permission_denied"), (1, "permission_denied")}
    workspace_a.activate()
    assert not Contact.objects.exists()


def test_unauthenticated_is_refused(workspace_a: Workspace) -> None:
    codes = workspace_a.api.with_token(None).error_codes(CREATE_CONTACTS, {"input": {"items": [{"firstName": "A"}]}})
    assert codes == ["UNAUTHENTICATED"]
