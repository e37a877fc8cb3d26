"""Sensitive customer fields follow the member's role: hidden fields resolve to null with an error entry."""

from __future__ import annotations

import pytest

from tenants.models import Role
from tests.conftest import Workspace

from .conftest import create_company, create_contact
from .test_tags_groups_views import member

QUERY = "{ companies { edges { node { name creditLimit { amount currency } creditRating } } } }"

pytestmark = pytest.mark.django_db


def test_credit_fields_are_hidden_from_marketing_and_shown_to_admins(workspace_a: Workspace) -> None:
    create_company(workspace_a, name="Globex", creditLimit={"amount": "50000.00", "currency": "EUR"})
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)

    result = marketing.api.execute(QUERY)

    assert result["data"]["companies"]["edges"] == [
        {"node": {"name": "Globex", "creditLimit": None, "creditRating": None}}
    ]
    forbidden = [(e["path"][-1], e["extensions"]["code"]) for e in result["errors"]]
    assert sorted(forbidden) == [("creditLimit", "FORBIDDEN"), ("creditRating", "FORBIDDEN")]

    admin = member(workspace_a, "ava@alpha.example.com", Role.ADMIN)
    seen = admin.api.data(QUERY)["companies"]["edges"][0]["node"]
    assert seen["creditLimit"] == {"amount": "50000.00", "currency": "EUR"}


def test_personal_data_of_contacts_is_hidden_from_service_staff(workspace_a: Workspace) -> None:
    create_contact(workspace_a, firstName="Ann", emails=["ann@globex.example.com"], phones=["+15550100"])
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)

    result = service.api.execute("{ contacts { edges { node { firstName emails phones birthday } } } }")

    assert result["data"]["contacts"]["edges"] == [
        {"node": {"firstName": "Ann", "emails": None, "phones": None, "birthday": None}}
    ]
    assert {e["path"][-1] for e in result["errors"]} == {"emails", "phones", "birthday"}
    owner_view = workspace_a.api.data("{ contacts { edges { node { emails phones } } } }")
    assert owner_view["contacts"]["edges"][0]["node"] == {"emails": ["ann@globex.example.com"], "phones": ["+15550100"]}


def test_own_scope_roles_create_only_what_they_own_and_leave_locked_fields_alone(workspace_a: Workspace) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    colleague = member(workspace_a, "noah@alpha.example.com", Role.SALES)
    mutation = (
        "mutation($input: CreateCompanyInput!) { createCompany(input: $input) {"
        " company { name } errors { field code } } }"
    )
    for_other = sales.api.data(mutation, {"input": {"name": "Initech", "ownerId": _user_gid(colleague)}})
    assert for_other["createCompany"] == {"company": None, "errors": [{"field": None, "code": "permission_denied"}]}

    with_credit = sales.api.data(
        mutation, {"input": {"name": "Initech", "creditLimit": {"amount": "1000.00", "currency": "USD"}}}
    )
    assert with_credit["createCompany"]["company"] is None
    assert with_credit["createCompany"]["errors"][0]["code"] == "read_only_field"
    assert workspace_a.api.data("{ companies { totalCount } }")["companies"]["totalCount"] == 0

    mine = sales.api.data(mutation, {"input": {"name": "Initech"}})["createCompany"]
    assert mine == {"company": {"name": "Initech"}, "errors": []}
    owner = workspace_a.api.data("{ companies { edges { node { owner { email } } } } }")["companies"]["edges"]
    assert owner == [{"node": {"owner": {"email": "sofia@alpha.example.com"}}}]


def _user_gid(ws: Workspace) -> str:
    from strawberry.relay import to_base64

    return to_base64("User", ws.owner.pk)
