"""Entitlements: validation, tickets using them (once, best match, by hand), hours, SLA override, expiry."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.entitlements import services, tasks
from saas.entitlements.models import Entitlement, EntitlementUsage, TicketEntitlement
from saas.service.models import Ticket
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact

from .conftest import (
    codes,
    create_entitlement,
    entitlement,
    mutate,
    ok,
    open_ticket,
    ticket_entitlement,
    today,
)

pytestmark = pytest.mark.django_db


def _state(ws: Workspace) -> tuple[Any, ...]:
    ws.activate()
    return (
        list(Entitlement.all_objects.order_by("name").values_list("name", "status", "used", "allowance")),
        EntitlementUsage.objects.count(),
        TicketEntitlement.objects.count(),
        AuditEntry.objects.count(),
    )


def test_an_entitlement_is_made_active_with_its_allowance(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company, channels=["EMAIL", "EMAIL", "PHONE"])
    assert made["status"] == "ACTIVE" and made["kind"] == "INCIDENTS"
    assert (made["allowance"], made["used"], made["remaining"]) == ("2.00", "0.00", "2.00")
    assert made["channels"] == ["EMAIL", "PHONE"] and made["owner"]["id"] and made["company"]["name"] == "Globex"
    unlimited = create_entitlement(workspace_a, company, kind="UNLIMITED", allowance="5")
    assert unlimited["allowance"] is None and unlimited["remaining"] is None


def test_bad_input_is_refused_with_typed_errors_and_changes_nothing(workspace_a: Workspace, company: str) -> None:
    other = create_company(workspace_a, name="Initech")["id"]
    contact = create_contact(workspace_a, firstName="Ann", lastName="Other", companyId=other)["id"]
    before = _state(workspace_a)
    bad = mutate(
        workspace_a,
        "createEntitlement",
        {"name": " ", "companyId": company, "kind": "INCIDENTS", "allowance": "1.5", "contactId": contact,
         "startDate": "2027-05-01", "endDate": "2027-04-30"},
        "entitlement { id }",
    )  # fmt: skip
    assert bad["entitlement"] is None
    assert sorted(codes(bad)) == [
        ("allowance", "invalid_amount"),
        ("contactId", "invalid"),
        ("endDate", "invalid_date"),
        ("name", "required"),
    ]
    missing = mutate(workspace_a, "createEntitlement", {"name": "Hours", "companyId": company, "kind": "HOURS",
                     "startDate": "2027-01-01", "endDate": "2027-02-01"})  # fmt: skip
    assert codes(missing) == [("allowance", "required")]
    made = create_entitlement(workspace_a, company)
    before = _state(workspace_a)
    refused = mutate(workspace_a, "updateEntitlement", {"id": made["id"], "allowance": "0", "name": None})
    assert sorted(codes(refused)) == [("allowance", "invalid_amount"), ("name", "required")]
    assert _state(workspace_a) == before


def test_tickets_use_incidents_until_none_is_left_then_are_not_entitled(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company)
    first, second = open_ticket(workspace_a, company), open_ticket(workspace_a, company)
    after = entitlement(workspace_a, made["id"])
    assert (after["used"], after["remaining"], after["status"]) == ("2.00", "0.00", "EXHAUSTED")
    assert sorted(u["ticket"]["id"] for u in after["usage"]) == sorted([first, second])
    assert {(u["kind"], u["amount"], u["note"]) for u in after["usage"]} == {("INCIDENT", "1.00", "new ticket")}
    linked = ticket_entitlement(workspace_a, first)
    assert linked is not None and linked["entitled"] is True and linked["entitlement"]["id"] == made["id"]
    third = open_ticket(workspace_a, company)
    status = ticket_entitlement(workspace_a, third)
    assert status == {"entitled": False, "linkedAt": None, "ticket": {"id": third}, "entitlement": None,
                      "available": []}  # fmt: skip
    no_customer = ticket_entitlement(workspace_a, open_ticket(workspace_a, None))
    assert no_customer is not None and no_customer["entitled"] is False


def test_a_ticket_uses_its_incident_once_whatever_happens_to_it(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company, allowance="5")
    ticket = open_ticket(workspace_a, company)
    for status in ("IN_PROGRESS", "RESOLVED", "IN_PROGRESS", "RESOLVED"):  # reopened in between
        if status == "IN_PROGRESS" and entitlement(workspace_a, made["id"])["used"] == "1.00":
            ok(mutate(workspace_a, "assignTicket", {"ticketId": ticket}, "ticket { id }"))
        mutate(workspace_a, "changeTicketStatus", {"ticketId": ticket, "status": status}, "ticket { id }")
    ok(mutate(workspace_a, "updateTicket", {"id": ticket, "subject": "Still on fire"}, "ticket { id }"))
    # linking to the entitlement it already has: nothing more used
    ok(mutate(workspace_a, "linkTicketEntitlement", {"ticketId": ticket, "entitlementId": made["id"]}))
    workspace_a.activate()
    services.ticket_arrived(None, Ticket.objects.get())  # a hook that runs twice
    assert EntitlementUsage.objects.count() == 1
    assert entitlement(workspace_a, made["id"])["used"] == "1.00"


def test_the_best_match_is_the_most_specific_covering_one_ending_soonest(workspace_a: Workspace, company: str) -> None:
    contact = create_contact(workspace_a, firstName="Ann", lastName="Lee", companyId=company)["id"]
    soon = (today() + timedelta(days=5)).isoformat()
    later = (today() + timedelta(days=50)).isoformat()
    general_late = create_entitlement(workspace_a, company, name="General late", endDate=later, allowance="9")
    general_soon = create_entitlement(workspace_a, company, name="General soon", endDate=soon, allowance="9")
    phone = create_entitlement(workspace_a, company, name="Phone", channels=["PHONE"], endDate=later, allowance="9")
    ann = create_entitlement(workspace_a, company, name="Ann", contactId=contact, endDate=later, allowance="9")
    create_entitlement(workspace_a, company, name="Not started", startDate=soon, endDate=later, allowance="9")

    def used_by(**fields: Any) -> str:
        link = ticket_entitlement(workspace_a, open_ticket(workspace_a, company, **fields))
        assert link is not None and link["entitlement"] is not None
        return str(link["entitlement"]["id"])

    assert used_by(channel="WEB") == general_soon["id"]
    assert used_by(channel="PHONE") == phone["id"]
    assert used_by(channel="PHONE", contactId=contact) == ann["id"]
    ok(mutate(workspace_a, "cancelEntitlement", {"id": general_soon["id"]}, "entitlement { status }"))
    assert used_by(channel="EMAIL") == general_late["id"]


def test_agents_link_and_unlink_by_hand_with_typed_refusals(
    workspace_a: Workspace, company: str, add_person: Any
) -> None:
    other = create_company(workspace_a, name="Initech")["id"]
    theirs = create_entitlement(workspace_a, other, name="Initech support")
    ticket = open_ticket(workspace_a, company)  # no entitlement yet: not entitled
    expired = create_entitlement(workspace_a, company, name="Old", startDate="2020-01-01", endDate="2020-12-31")
    assert expired["status"] == "EXPIRED"
    used_up = create_entitlement(workspace_a, company, name="Used up", allowance="1")
    open_ticket(workspace_a, company)  # takes the last incident of "Used up"
    email_only = create_entitlement(workspace_a, company, name="E-mail only", channels=["EMAIL"])
    good = create_entitlement(workspace_a, company, name="Good", allowance="3")
    before = _state(workspace_a)

    def link(entitlement_id: str) -> dict[str, Any]:
        given = {"ticketId": ticket, "entitlementId": entitlement_id}
        return mutate(workspace_a, "linkTicketEntitlement", given, "ticketEntitlement { entitled }")

    assert codes(link(theirs["id"])) == [("entitlementId", "invalid")]
    assert codes(link(expired["id"])) == [("entitlementId", "expired")]
    assert codes(link(used_up["id"])) == [("entitlementId", "exhausted")]
    assert codes(link(email_only["id"])) == [("entitlementId", "invalid")]
    ok(mutate(workspace_a, "cancelEntitlement", {"id": email_only["id"]}))
    assert codes(link(email_only["id"])) == [("entitlementId", "invalid_transition")]
    before = _state(workspace_a)
    assert _state(workspace_a) == before

    linked = ok(link(good["id"]))["ticketEntitlement"]
    assert linked == {"entitled": True}
    assert entitlement(workspace_a, good["id"])["used"] == "1.00"
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Ticket", changes__has_key="entitlement").count() == 1
    unlinked = ok(mutate(workspace_a, "unlinkTicketEntitlement", {"ticketId": ticket},
                         "ticketEntitlement { entitled entitlement { id } }"))  # fmt: skip
    assert unlinked["ticketEntitlement"] == {"entitled": False, "entitlement": None}
    after = entitlement(workspace_a, good["id"])
    assert after["used"] == "0.00" and [u["amount"] for u in after["usage"]] == ["-1.00", "1.00"]
    ok(mutate(workspace_a, "unlinkTicketEntitlement", {"ticketId": ticket}))  # again: nothing
    assert entitlement(workspace_a, good["id"])["used"] == "0.00"

    # a read-only member may not link (the ticket is not theirs to change)
    reader = add_person(workspace_a, "read_only")
    refused = reader.api.data(
        "mutation($i: LinkTicketEntitlementInput!) { linkTicketEntitlement(input: $i) { errors { code } } }",
        {"i": {"ticketId": ticket, "entitlementId": good["id"]}},
    )["linkTicketEntitlement"]
    assert [e["code"] for e in refused["errors"]] in (["permission_denied"], ["not_found"])
    assert entitlement(workspace_a, good["id"])["used"] == "0.00"


def test_hours_are_recorded_on_the_ticket_and_limited_to_what_is_left(workspace_a: Workspace, company: str) -> None:
    hours = create_entitlement(workspace_a, company, kind="HOURS", allowance="10")
    ticket = open_ticket(workspace_a, company)
    assert entitlement(workspace_a, hours["id"])["used"] == "0.00"  # hours count as they are worked

    def record(amount: str) -> dict[str, Any]:
        given = {"ticketId": ticket, "hours": amount, "note": "Reinstalled the driver"}
        return mutate(workspace_a, "recordEntitlementHours", given, "ticketEntitlement { entitlement { remaining } }")

    assert ok(record("7.5"))["ticketEntitlement"]["entitlement"]["remaining"] == "2.50"
    before = _state(workspace_a)
    assert codes(record("3")) == [("hours", "exhausted")]
    assert codes(record("-1")) == [("hours", "invalid_amount")]
    assert _state(workspace_a) == before
    record("2.5")
    after = entitlement(workspace_a, hours["id"])
    assert (after["status"], after["remaining"]) == ("EXHAUSTED", "0.00")
    incidents_ticket = open_ticket(workspace_a, create_company(workspace_a, name="No hours")["id"])
    refused = mutate(workspace_a, "recordEntitlementHours", {"ticketId": incidents_ticket, "hours": "1"})
    assert codes(refused) == [("ticketId", "invalid")]


def test_an_entitlements_sla_policy_sets_its_tickets_targets(workspace_a: Workspace, company: str) -> None:
    def policy(priority: str, first: int, resolution: int) -> str:
        given = {"name": priority.title(), "priority": priority, "firstResponseMinutes": first,
                 "resolutionMinutes": resolution}  # fmt: skip
        return str(ok(mutate(workspace_a, "createSlaPolicy", given, "slaPolicy { id }"))["slaPolicy"]["id"])

    policy("NORMAL", 240, 960)
    premium = policy("URGENT", 15, 60)
    made = create_entitlement(workspace_a, company, slaPolicyId=premium, allowance="5")
    query = "query($id: ID!) { node(id: $id) { ... on Ticket { createdAt firstResponseDueAt resolutionDueAt } } }"

    def targets(ticket: str) -> tuple[timedelta, timedelta]:
        node = workspace_a.api.data(query, {"id": ticket})["node"]
        from datetime import datetime

        created = datetime.fromisoformat(node["createdAt"])
        return (datetime.fromisoformat(node["firstResponseDueAt"]) - created,
                datetime.fromisoformat(node["resolutionDueAt"]) - created)  # fmt: skip

    covered = open_ticket(workspace_a, company)  # a normal ticket under the premium entitlement
    assert targets(covered) == (timedelta(minutes=15), timedelta(minutes=60))
    plain = open_ticket(workspace_a, create_company(workspace_a, name="Plain")["id"])
    assert targets(plain) == (timedelta(minutes=240), timedelta(minutes=960))
    # the premium policy changes: the covered ticket follows it
    ok(mutate(workspace_a, "updateSlaPolicy", {"id": premium, "resolutionMinutes": 90}))
    assert targets(covered) == (timedelta(minutes=15), timedelta(minutes=90))
    # unlinked: back to its priority's policy; the entitlement loses its policy: so do its tickets
    ok(mutate(workspace_a, "unlinkTicketEntitlement", {"ticketId": covered}))
    assert targets(covered) == (timedelta(minutes=240), timedelta(minutes=960))
    ok(mutate(workspace_a, "linkTicketEntitlement", {"ticketId": covered, "entitlementId": made["id"]}))
    assert targets(covered) == (timedelta(minutes=15), timedelta(minutes=90))
    ok(mutate(workspace_a, "updateEntitlement", {"id": made["id"], "slaPolicyId": None}))
    assert targets(covered) == (timedelta(minutes=240), timedelta(minutes=960))


def run_job(ws: Workspace) -> int:
    return int(tasks.expire_entitlements.apply_async(headers={"_schema_name": ws.tenant.schema_name}).get())


def test_the_daily_job_expires_ended_entitlements_once(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company)
    workspace_a.activate()
    Entitlement.objects.filter(pk=Entitlement.objects.get().pk).update(end_date=today() - timedelta(days=1))
    assert run_job(workspace_a) == 1
    workspace_a.activate()
    audit = AuditEntry.objects.filter(record_type="Entitlement").count()
    assert run_job(workspace_a) == 0
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Entitlement").count() == audit
    assert entitlement(workspace_a, made["id"])["status"] == "EXPIRED"
    ticket = ticket_entitlement(workspace_a, open_ticket(workspace_a, company))
    assert ticket is not None and ticket["entitled"] is False
    # a longer period makes it active again
    extended = ok(mutate(workspace_a, "updateEntitlement", {"id": made["id"], "endDate": "2099-01-01"},
                         "entitlement { status }"))  # fmt: skip
    assert extended["entitlement"]["status"] == "ACTIVE"


def test_the_owner_is_told_once_when_it_is_nearly_used_up(
    workspace_a: Workspace, company: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    told: list[tuple[Any, str, str]] = []
    monkeypatch.setattr(services.events, "notify", lambda user, kind, message, payload=None: told.append(
        (user, kind, message)))  # fmt: skip
    create_entitlement(workspace_a, company, allowance="5")
    for _ in range(5):
        open_ticket(workspace_a, company)
    assert told == [(workspace_a.owner.pk, "entitlement_nearly_used", "Premium support: 1 incidents left")]


def test_deleted_entitlements_are_not_used_and_come_back(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company)
    ok(mutate(workspace_a, "deleteEntitlement", {"id": made["id"]}, "entitlement { id }"))
    bin_ = workspace_a.api.data("{ deletedEntitlements { edges { node { id } } } entitlements { totalCount } }")
    assert [e["node"]["id"] for e in bin_["deletedEntitlements"]["edges"]] == [made["id"]]
    assert bin_["entitlements"]["totalCount"] == 0
    ticket = ticket_entitlement(workspace_a, open_ticket(workspace_a, company))
    assert ticket is not None and ticket["entitled"] is False
    ok(mutate(workspace_a, "restoreEntitlement", {"id": made["id"]}, "entitlement { id }"))
    ticket = ticket_entitlement(workspace_a, open_ticket(workspace_a, company))
    assert ticket is not None and ticket["entitled"] is True


def test_lists_filter_search_and_order(workspace_a: Workspace, company: str) -> None:
    other = create_company(workspace_a, name="Initech")["id"]
    create_entitlement(workspace_a, company, name="Gold hours", kind="HOURS", allowance="20")
    create_entitlement(workspace_a, other, name="Silver incidents", endDate="2099-01-01")
    data = workspace_a.api.data(
        "query($c: ID!) { byCompany: entitlements(filter: {company: {eq: $c}}) { edges { node { name } } }"
        ' found: entitlements(search: "silv") { edges { node { name } } }'
        " ordered: entitlements(orderBy: [{name: DESC}]) { edges { node { name } } }"
        " hours: entitlements(filter: {kind: {eq: HOURS}}) { totalCount } }",
        {"c": company},
    )
    assert [e["node"]["name"] for e in data["byCompany"]["edges"]] == ["Gold hours"]
    assert [e["node"]["name"] for e in data["found"]["edges"]] == ["Silver incidents"]
    assert [e["node"]["name"] for e in data["ordered"]["edges"]] == ["Silver incidents", "Gold hours"]
    assert data["hours"]["totalCount"] == 1
    workspace_a.activate()
    assert Decimal(services.Entitlement.objects.get(name="Gold hours").remaining or 0) == Decimal(20)


def test_roles_decide_who_reads_and_writes_entitlements(workspace_a: Workspace, company: str, add_person: Any) -> None:
    made = create_entitlement(workspace_a, company)
    reader, agent, seller = (add_person(workspace_a, role) for role in ("read_only", "service", "sales"))
    before = _state(workspace_a)
    given = {"name": "Mine", "companyId": company, "allowance": "1", "startDate": "2027-01-01",
             "endDate": "2027-02-01"}  # fmt: skip
    assert codes(mutate(reader, "createEntitlement", given)) == [(None, "permission_denied")]
    assert codes(mutate(reader, "updateEntitlement", {"id": made["id"], "name": "x"})) in (
        [("id", "permission_denied")],
        [(None, "permission_denied")],
    )
    assert _state(workspace_a) == before
    # service staff read every customer's entitlements (to work tickets under them); a seller only their own
    assert agent.api.data("{ entitlements { totalCount } }")["entitlements"]["totalCount"] == 1
    assert seller.api.data("{ entitlements { totalCount } }")["entitlements"]["totalCount"] == 0
