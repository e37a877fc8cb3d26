from __future__ import annotations

from typing import Any

from tests.conftest import Workspace

DEFINITION = "customFieldDefinition { id key label type recordType required unique sensitive default choices position }"


def define(ws: Workspace, type: str = "Contact", **fields: Any) -> dict[str, Any]:
    """Define a custom field as the workspace's owner (the payload: definition and errors)."""
    return ws.api.data(
        f"mutation($input: DefineCustomFieldInput!) {{ defineCustomField(input: $input) {{ {DEFINITION}"
        " errors { field message code } } }",
        {"input": {"type": type, **fields}},
    )["defineCustomField"]


def defined(ws: Workspace, type: str = "Contact", **fields: Any) -> dict[str, Any]:
    payload = define(ws, type, **fields)
    assert payload["errors"] == [], payload["errors"]
    return payload["customFieldDefinition"]


def values_of(node: dict[str, Any]) -> dict[str, Any]:
    """``customFields`` as ``{key: value}``."""
    return {item["key"]: item["value"] for item in node["customFields"]}
