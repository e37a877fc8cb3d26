from __future__ import annotations

from tests.conftest import Workspace

from .conftest import create_company, create_contact


def test_create_and_list(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme Corp", creditLimit={"amount": "1000.50", "currency": "eur"})
    assert company["creditLimit"] == {"amount": "1000.50", "currency": "EUR"}
    create_contact(workspace_a, firstName="Ann", emails=["Ann@Acme.com"], companyId=company["id"])
    data = workspace_a.api.data(
        "{ companies { totalCount edges { cursor node { name"
        " contacts { totalCount edges { node { firstName emails } } } } } } }"
    )
    assert data["companies"]["totalCount"] == 1
    node = data["companies"]["edges"][0]["node"]
    assert node["contacts"]["edges"][0]["node"] == {"firstName": "Ann", "emails": ["ann@acme.com"]}
