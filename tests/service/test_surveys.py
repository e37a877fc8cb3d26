"""Satisfaction surveys: CSAT on resolving (once), NPS from admins, and the public link's abuse cases."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail, signing

from saas.customers.models import Contact
from saas.service import clock, surveys
from saas.service.models import Survey
from tests.conftest import Workspace
from tests.graphql_client import GraphQLClient

from .conftest import codes, create_ticket, gid, mutate

LINK = re.compile(r"https?://\S+/survey/(\S+)")
FORM = "query($t: String!) { surveyLink(token: $t) { state kind workspaceName subject lowest highest } }"
ANSWER = "survey { state kind }"


def contact(ws: Workspace, email: str = "ann@customer.example.com") -> str:
    ws.activate()
    row = Contact.objects.create(first_name="Ann", last_name="Lee", owner=ws.owner, emails=[email] if email else [])
    return gid("Contact", row.pk)


def move(api: GraphQLClient, ticket_id: str, *statuses: str) -> None:
    for status in statuses:
        payload = mutate(api, "changeTicketStatus", {"ticketId": ticket_id, "status": status}, "ticket { id }")
        assert payload["errors"] == [], payload


def resolved_ticket(ws: Workspace, capture: Callable[..., Any], **fields: Any) -> dict[str, Any]:
    ticket = create_ticket(ws.api, assigneeId=gid("User", ws.owner.pk), **fields)
    with capture(execute=True):
        move(ws.api, ticket["id"], "IN_PROGRESS", "RESOLVED")
    return ticket


def token_of(message: Any) -> str:
    found = LINK.search(message.body)
    assert found, message.body
    return found.group(1)


def anonymous(ws: Workspace) -> GraphQLClient:
    return ws.api.with_token(None)


def answer(api: GraphQLClient, token: str, score: int, comment: str | None = None) -> dict[str, Any]:
    return mutate(api, "answerSurvey", {"token": token, "score": score, "comment": comment}, ANSWER)


def test_resolving_sends_one_csat_survey_whatever_happens_next(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    ticket = resolved_ticket(
        workspace_a, django_capture_on_commit_callbacks, subject="Printer on fire", contactId=contact(workspace_a)
    )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@customer.example.com"]
    assert "Printer on fire" in message.body
    assert f"{workspace_a.tenant.url}/survey/" in message.body
    workspace_a.activate()
    survey = Survey.objects.get()
    assert (survey.kind, survey.agent_id, survey.responded_at) == ("csat", workspace_a.owner.pk, None)

    # Reopened and resolved again: the customer already has their link; nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        move(workspace_a.api, ticket["id"], "IN_PROGRESS", "RESOLVED")
    assert len(mail.outbox) == 1
    workspace_a.activate()
    assert Survey.objects.count() == 1


def test_no_survey_without_a_contact_address(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    resolved_ticket(workspace_a, django_capture_on_commit_callbacks)
    resolved_ticket(workspace_a, django_capture_on_commit_callbacks, contactId=contact(workspace_a, email=""))
    assert mail.outbox == []
    workspace_a.activate()
    assert Survey.objects.count() == 0


def test_the_link_is_answered_once_without_signing_in(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    resolved_ticket(workspace_a, django_capture_on_commit_callbacks, subject="Slow VPN", contactId=contact(workspace_a))
    token = token_of(mail.outbox[0])
    public = anonymous(workspace_a)
    form = public.data(FORM, {"t": token})["surveyLink"]
    assert form == {
        "state": "OPEN",
        "kind": "CSAT",
        "workspaceName": workspace_a.tenant.name,
        "subject": "Slow VPN",
        "lowest": 1,
        "highest": 5,
    }
    assert codes(answer(public, token, 6)) == [("score", "out_of_range")]
    assert answer(public, token, 4, "  Quick fix  ") == {"survey": {"state": "ANSWERED", "kind": "CSAT"}, "errors": []}
    workspace_a.activate()
    survey = Survey.objects.get()
    assert (survey.score, survey.comment) == (4, "Quick fix")
    assert survey.responded_at is not None

    again = answer(public, token, 1, "changed my mind")
    assert codes(again) == [("token", "used")]
    assert public.data(FORM, {"t": token})["surveyLink"]["state"] == "ANSWERED"
    workspace_a.activate()
    assert Survey.objects.get().score == 4


def test_altered_expired_and_foreign_links_are_refused(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    mail.outbox.clear()
    resolved_ticket(workspace_a, django_capture_on_commit_callbacks, contactId=contact(workspace_a))
    token = token_of(mail.outbox[0])
    public = anonymous(workspace_a)

    # Tampered: one character changed, or a token signed for something else.
    tampered = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    forged = signing.dumps({"s": "x", "t": workspace_a.tenant.schema_name}, salt="another-salt", compress=True)
    for bad in (tampered, forged, "", "not-a-token"):
        assert public.data(FORM, {"t": bad})["surveyLink"] == {
            "state": "INVALID", "kind": None, "workspaceName": workspace_a.tenant.name, "subject": None,
            "lowest": None, "highest": None,
        }  # fmt: skip
        assert codes(answer(public, bad, 5)) == [("token", "invalid")]

    # Another workspace's host: refused before anything is looked up, and nothing about the survey shows.
    other = anonymous(workspace_b)
    assert other.data(FORM, {"t": token})["surveyLink"]["state"] == "WRONG_WORKSPACE"
    assert other.data(FORM, {"t": token})["surveyLink"]["subject"] is None
    assert codes(answer(other, token, 5)) == [("token", "invalid")]

    # Expired: the desk's clock past the link's life.
    workspace_a.activate()
    clock.move(timedelta(days=surveys.LINK_DAYS, minutes=1))
    assert public.data(FORM, {"t": token})["surveyLink"]["state"] == "EXPIRED"
    assert codes(answer(public, token, 5)) == [("token", "expired")]
    workspace_a.activate()
    assert Survey.objects.get().responded_at is None


def test_owners_send_nps_surveys_to_contacts_all_or_none(
    workspace_a: Workspace,
    workspace_b: Workspace,
    add_person: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    mail.outbox.clear()
    ann, bob = contact(workspace_a), contact(workspace_a, "bob@customer.example.com")
    nobody = contact(workspace_a, email="")
    refused = mutate(workspace_a.api, "sendNpsSurvey", {"contactIds": [ann, nobody]}, "surveys { id }")
    assert codes(refused) == [("contactIds.1", "required")]
    sales = add_person(workspace_a, "sales")
    assert codes(mutate(sales.api, "sendNpsSurvey", {"contactIds": [ann]}, "surveys { id }")) == [
        (None, "permission_denied")
    ]
    foreign = mutate(workspace_b.api, "sendNpsSurvey", {"contactIds": [ann]}, "surveys { id }")
    assert codes(foreign) == [("contactIds", "not_found")]
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        sent = mutate(workspace_a.api, "sendNpsSurvey", {"contactIds": [ann, bob]}, "surveys { id kind score }")
    assert sent["errors"] == []
    assert [s["kind"] for s in sent["surveys"]] == ["NPS", "NPS"]
    assert sorted(m.to[0] for m in mail.outbox) == ["ann@customer.example.com", "bob@customer.example.com"]
    token = token_of(mail.outbox[0])
    public = anonymous(workspace_a)
    assert public.data(FORM, {"t": token})["surveyLink"]["highest"] == 10
    assert answer(public, token, 0)["errors"] == []
    answered = workspace_a.api.data(
        "query($c: ID) { surveys(filter: {contact: {eq: $c}, respondedAt: {isNull: false}}) { totalCount"
        " edges { node { kind score sentBy { id } } } } }",
        {"c": ann if token == token_of(mail.outbox[0]) and "ann@" in mail.outbox[0].to[0] else bob},
    )["surveys"]
    assert answered["totalCount"] == 1
    assert answered["edges"][0]["node"] == {
        "kind": "NPS",
        "score": 0,
        "sentBy": {"id": gid("User", workspace_a.owner.pk)},
    }


@pytest.mark.parametrize("role", ["sales", "read_only"])
def test_surveys_are_scoped_and_isolated(
    role: str,
    workspace_a: Workspace,
    workspace_b: Workspace,
    add_person: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    resolved_ticket(workspace_a, django_capture_on_commit_callbacks, contactId=contact(workspace_a))
    workspace_a.activate()
    survey_id = gid("Survey", Survey.objects.get().pk)
    query = "{ surveys { totalCount edges { node { id kind agent { id } } } } }"
    assert workspace_a.api.data(query)["surveys"]["totalCount"] == 1
    assert workspace_b.api.data(query)["surveys"]["totalCount"] == 0
    assert workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": survey_id})["node"] is None
    member = add_person(workspace_a, role)
    seen = member.api.data(query)["surveys"]["totalCount"]
    assert seen == (1 if role == "read_only" else 0)  # the owner's survey: not a sales agent's own
