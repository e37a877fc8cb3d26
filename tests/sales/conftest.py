from __future__ import annotations

from typing import Any

from strawberry import relay

from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.conftest import Workspace

DEAL_FIELDS = (
    "id title probability nextStep lostReason closedAt amount { amount currency } owner { id }"
    " company { id name } stage { id name kind } pipeline { id name }"
)


def gid(type_name: str, pk: Any) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def mutate(ws: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    """Run ``name(input:)`` (as a workspace owner or a person) and return its payload."""
    input_type = name[0].upper() + name[1:] + "Input"
    if name in ("deleteDeal", "restoreDeal"):
        input_type = "DealIdInput"
    if name in ("deleteCompetitor", "deleteCompetingProduct"):
        input_type = "CompetitorIdInput"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return ws.api.data(query, {"input": input})[name]


def stages(ws: Workspace) -> dict[str, str]:
    """The default pipeline's stages: name → global id."""
    data = ws.api.data("{ pipelineBoard(first: 0) { columns { stage { id name } } } }")
    return {c["stage"]["name"]: c["stage"]["id"] for c in data["pipelineBoard"]["columns"]}


def create_deal(ws: Any, **fields: Any) -> dict[str, Any]:
    payload = mutate(ws, "createDeal", {"title": "Deal", **fields}, f"deal {{ {DEAL_FIELDS} }}")
    assert payload["errors"] == [], payload["errors"]
    return payload["deal"]


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]
