from __future__ import annotations

from tests.conftest import Workspace

from .conftest import codes, create_company, create_contact, gid, mutate

TIMELINE = """query($id: ID!) { node(id: $id) { ... on Company { lastInteractionAt
  interactions { edges { node {
    kind direction subject outcome occurredAt performedBy { email } contact { firstName }
  } } } } } }"""


def test_log_interaction_reaches_both_timelines(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    contact = create_contact(workspace_a, firstName="Ann", companyId=company["id"])
    payload = mutate(
        workspace_a,
        "logInteraction",
        {
            "kind": "MEETING",
            "direction": "INBOUND",
            "subject": "Kick-off",
            "outcome": "Demo booked",
            "occurredAt": "2026-01-05T10:00:00+00:00",
            "contactId": contact["id"],
        },
        "interaction { id company { name } }",
    )
    assert payload["errors"] == [] and payload["interaction"]["company"] == {"name": "Acme"}
    node = workspace_a.api.data(TIMELINE, {"id": company["id"]})["node"]
    assert node["lastInteractionAt"].startswith("2026-01-05")
    assert node["interactions"]["edges"][0]["node"] == {
        "kind": "MEETING",
        "direction": "INBOUND",
        "subject": "Kick-off",
        "outcome": "Demo booked",
        "occurredAt": "2026-01-05T10:00:00+00:00",
        "performedBy": {"email": workspace_a.owner.email},
        "contact": {"firstName": "Ann"},
    }
    listed = workspace_a.api.data("{ interactions(filter: {kind: {eq: MEETING}}) { totalCount } }")
    assert listed["interactions"]["totalCount"] == 1


def test_interaction_update_delete_and_rejections(workspace_a: Workspace, workspace_b: Workspace) -> None:
    company = create_company(workspace_a, name="Acme")
    interaction = mutate(
        workspace_a, "logInteraction", {"kind": "NOTE", "companyId": company["id"]}, "interaction { id }"
    )["interaction"]
    updated = mutate(
        workspace_a, "updateInteraction", {"id": interaction["id"], "outcome": "Won"}, "interaction { outcome }"
    )
    assert updated == {"interaction": {"outcome": "Won"}, "errors": []}
    assert codes(mutate(workspace_a, "logInteraction", {"kind": "CALL"})) == [("companyId", "required")]
    theirs = create_company(workspace_b, name="Theirs")
    assert codes(mutate(workspace_a, "logInteraction", {"kind": "CALL", "companyId": theirs["id"]})) == [
        ("companyId", "not_found")
    ]
    assert codes(
        mutate(
            workspace_a,
            "logInteraction",
            {"kind": "CALL", "companyId": company["id"], "occurredAt": "2999-01-01T00:00:00Z"},
        )
    ) == [("occurredAt", "invalid_date")]
    assert codes(
        mutate(
            workspace_a,
            "logInteraction",
            {"kind": "CALL", "companyId": company["id"], "performedById": gid("User", workspace_b.owner.pk)},
        )
    ) == [("performedById", "not_found")]
    deleted = mutate(workspace_a, "deleteInteraction", {"id": interaction["id"]}, "deletedId")
    assert deleted == {"deletedId": interaction["id"], "errors": []}
