"""Rejections of the update mutations not covered elsewhere: bad input changes nothing."""

from __future__ import annotations

from saas.customers.models import Contact, ContactGroup, Interaction, Tag
from tests.conftest import Workspace

from .conftest import codes, create_company, create_contact, mutate


def test_update_contact_rejects_bad_input_and_changes_nothing(workspace_a: Workspace) -> None:
    contact = create_contact(workspace_a, firstName="Ann", emails=["ann@x.io"])
    payload = mutate(
        workspace_a,
        "updateContact",
        {
            "id": contact["id"],
            "firstName": "",
            "emails": ["bad"],
            "preferences": [1],
            "socialHandles": [{"network": "", "handle": "x"}],
        },
        "contact { id }",
    )
    assert set(codes(payload)) == {
        ("firstName", "required"),
        ("emails.0", "invalid_format"),
        ("preferences", "invalid_format"),
        ("socialHandles.0", "required"),
    }
    workspace_a.activate()
    assert Contact.objects.get().emails == ["ann@x.io"]


def test_claim_contact_that_is_owned(workspace_a: Workspace) -> None:
    contact = create_contact(workspace_a, firstName="Ann")
    assert mutate(workspace_a, "claimContact", {"id": contact["id"]})["errors"] == []
    assert codes(mutate(workspace_a, "claimContact", {"id": contact["id"]})) == [("id", "already_owned")]


def test_update_tag_group_interaction_rejections(workspace_a: Workspace) -> None:
    mutate(workspace_a, "createTag", {"name": "red"})
    blue = mutate(workspace_a, "createTag", {"name": "blue"}, "tag { id }")["tag"]["id"]
    assert codes(mutate(workspace_a, "updateTag", {"id": blue, "name": "RED"})) == [("name", "taken")]
    group = mutate(workspace_a, "createContactGroup", {"name": "Board"}, "contactGroup { id }")["contactGroup"]["id"]
    assert codes(mutate(workspace_a, "updateContactGroup", {"id": group, "name": " "})) == [("name", "required")]
    company = create_company(workspace_a, name="Acme")
    interaction = mutate(
        workspace_a, "logInteraction", {"kind": "CALL", "companyId": company["id"]}, "interaction { id }"
    )
    future = {"id": interaction["interaction"]["id"], "occurredAt": "2999-01-01T00:00:00Z", "subject": "x" * 201}
    assert set(codes(mutate(workspace_a, "updateInteraction", future))) == {
        ("occurredAt", "invalid_date"),
        ("subject", "too_long"),
    }
    workspace_a.activate()
    assert sorted(Tag.objects.values_list("name", flat=True)) == ["blue", "red"]
    assert ContactGroup.objects.get().name == "Board"
    assert Interaction.objects.get().subject == ""
