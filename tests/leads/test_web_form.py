"""The public lead form: POST /forms/leads/ on a workspace's host, no sign-in; honeypot and rate limit."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings

from saas.audit.models import AuditEntry
from saas.leads.models import Lead
from saas.leads.views import HONEYPOT
from tenants import services
from tests.conftest import Workspace
from tests.customers.conftest import gid

from .conftest import member, mutate, team

pytestmark = pytest.mark.django_db


def post(ws: Workspace, data: dict[str, Any], *, json: bool = False, address: str = "203.0.113.7") -> Any:
    client = Client(HTTP_HOST=services.tenant_host(ws.subdomain), REMOTE_ADDR=address)
    if json:
        return client.post("/forms/leads/", data, content_type="application/json")
    return client.post("/forms/leads/", data)


def leads(ws: Workspace) -> list[Lead]:
    ws.activate()
    return list(Lead.objects.order_by("created_at"))


def test_a_form_post_creates_a_web_form_lead_without_signing_in(workspace_a: Workspace) -> None:
    response = post(workspace_a, {"name": "Ada Lovelace", "company": "Engines Ltd", "email": "Ada@Engines.example"})
    assert response.status_code == 201 and response.json() == {"ok": True}
    [lead] = leads(workspace_a)
    assert (lead.name, lead.company_name, lead.email, lead.source, lead.status) == (
        "Ada Lovelace",
        "Engines Ltd",
        "ada@engines.example",
        "web_form",
        "new",
    )
    entry = AuditEntry.objects.get(record_type="Lead")
    assert entry.action == "create" and entry.actor_id is None


def test_json_posts_work_and_the_form_cannot_set_owner_status_or_score(workspace_a: Workspace) -> None:
    response = post(
        workspace_a,
        {"name": "Grace", "companyName": "Navy", "status": "converted", "score": 99, "owner": workspace_a.owner.pk},
        json=True,
    )
    assert response.status_code == 201
    [lead] = leads(workspace_a)
    assert (lead.company_name, lead.status, lead.score, lead.owner_id) == ("Navy", "new", 0, None)


def test_captured_leads_are_assigned_and_scored_by_the_rules(workspace_a: Workspace) -> None:
    ann = member(workspace_a, "ann@alpha.example.com")
    mutate(workspace_a, "createAssignmentRule", {"name": "All", "teamId": gid("Team", team(workspace_a, "T", ann).pk)})
    mutate(workspace_a, "createScoringRule", {"field": "SOURCE", "value": "web_form", "points": 5})
    assert post(workspace_a, {"name": "Ada"}).status_code == 201
    [lead] = leads(workspace_a)
    assert (lead.owner_id, lead.score) == (ann.owner.pk, 5)


def test_a_filled_honeypot_looks_accepted_and_stores_nothing(workspace_a: Workspace) -> None:
    response = post(workspace_a, {"name": "Spam Bot", "email": "bot@spam.example", HONEYPOT: "http://spam.example"})
    assert response.status_code == 201 and response.json() == {"ok": True}
    assert leads(workspace_a) == []
    assert not AuditEntry.objects.filter(record_type="Lead").exists()


def test_bad_input_is_refused_with_typed_errors(workspace_a: Workspace) -> None:
    response = post(workspace_a, {"name": "", "email": "nope"})
    assert response.status_code == 400
    assert sorted((e["field"], e["code"]) for e in response.json()["errors"]) == [
        ("email", "invalid_format"),
        ("name", "required"),
    ]
    assert post(workspace_a, "not json", json=True).status_code == 400  # type: ignore[arg-type]
    assert leads(workspace_a) == []
    client = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
    assert client.get("/forms/leads/").status_code == 405


@override_settings(RATE_LIMIT_PUBLIC_FORM_MAXIMUM=3, RATE_LIMIT_PUBLIC_FORM_RESTORE_RATE=0.001)
def test_each_address_is_rate_limited_per_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    for i in range(3):
        assert post(workspace_a, {"name": f"Lead {i}"}).status_code == 201
    refused = post(workspace_a, {"name": "One too many"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert refused.json()["errors"][0]["code"] == "rate_limited"
    # Bots filling the honeypot are counted too: they cannot probe without limit.
    assert post(workspace_a, {"name": "Bot", HONEYPOT: "x"}).status_code == 429
    assert post(workspace_a, {"name": "Someone else"}, address="198.51.100.9").status_code == 201
    assert post(workspace_b, {"name": "Same address, other workspace"}).status_code == 201
    assert len(leads(workspace_a)) == 4
    assert len(leads(workspace_b)) == 1


def test_a_workspace_form_creates_only_in_that_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    assert post(workspace_a, {"name": "For alpha"}).status_code == 201
    assert [lead.name for lead in leads(workspace_a)] == ["For alpha"]
    assert leads(workspace_b) == []
    assert workspace_b.api.data("{ leads { totalCount } }")["leads"]["totalCount"] == 0


def test_the_public_site_has_no_lead_form(db: None) -> None:
    from django.conf import settings

    response = Client(HTTP_HOST=settings.BASE_DOMAIN).post("/forms/leads/", {"name": "Nobody"})
    assert response.status_code != 201 and response["Content-Type"].startswith("text/html")  # the public site's page
