from __future__ import annotations

from typing import Any

from strawberry import relay

from tests.conftest import Workspace

COMPANY_FIELDS = "id name lifecycleStage owner { id email } tags { id name } creditLimit { amount currency }"


def gid(type_name: str, pk: Any) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def create_company(ws: Workspace, **fields: Any) -> dict[str, Any]:
    data = ws.api.data(
        f"mutation($input: CreateCompanyInput!) {{ createCompany(input: $input) {{"
        f" company {{ {COMPANY_FIELDS} }} errors {{ field message code }} }} }}",
        {"input": {"allowDuplicate": True, **fields}},
    )["createCompany"]
    assert data["errors"] == [], data["errors"]
    return data["company"]


def create_contact(ws: Workspace, **fields: Any) -> dict[str, Any]:
    data = ws.api.data(
        "mutation($input: CreateContactInput!) { createContact(input: $input) {"
        " contact { id firstName lastName emails phones company { id } owner { id } }"
        " errors { field message code } } }",
        {"input": {"allowDuplicate": True, **fields}},
    )["createContact"]
    assert data["errors"] == [], data["errors"]
    return data["contact"]


def mutate(ws: Workspace, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    """Run ``name(input:)`` and return its payload (``errors`` always selected)."""
    input_type = name[0].upper() + name[1:] + "Input"
    bulk = ("deleteContacts", "deleteCompanies", "restoreContacts", "restoreCompanies")
    if name.startswith(("delete", "restore", "claim")) and name not in bulk:
        input_type = "RecordIdInput"
    if name in ("mergeCompanies", "mergeContacts"):
        input_type = "MergeInput"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]
