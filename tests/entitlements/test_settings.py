"""Settings → Entitlements: whether new tickets take an entitlement by themselves, and when owners are told."""

from __future__ import annotations

from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.entitlements import services
from saas.entitlements.models import EntitlementSettings
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import codes, create_entitlement, entitlement, mutate, ok, open_ticket, ticket_entitlement

pytestmark = pytest.mark.django_db

SETTINGS = "{ entitlementSettings { autoLinkTickets warnAtPercent } }"
PAYLOAD = "entitlementSettings { autoLinkTickets warnAtPercent }"


def update(ws: Any, **given: Any) -> dict[str, Any]:
    return mutate(ws, "updateEntitlementSettings", given, PAYLOAD)


def test_the_defaults_hold_until_an_admin_saves_and_reading_writes_nothing(workspace_a: Workspace) -> None:
    assert workspace_a.api.data(SETTINGS)["entitlementSettings"] == {"autoLinkTickets": True, "warnAtPercent": 80}
    workspace_a.activate()
    assert not EntitlementSettings.objects.exists()
    saved = ok(update(workspace_a, warnAtPercent=50))["entitlementSettings"]
    assert saved == {"autoLinkTickets": True, "warnAtPercent": 50}  # only the field given changed
    assert ok(update(workspace_a, warnAtPercent=None))["entitlementSettings"]["warnAtPercent"] is None
    workspace_a.activate()
    entries = AuditEntry.objects.filter(record_type="EntitlementSettings").order_by("id")
    assert [entry.changes["warn_at_percent"]["new"] for entry in entries] == [50, None]


def test_bad_values_are_refused_with_typed_errors_and_change_nothing(workspace_a: Workspace) -> None:
    ok(update(workspace_a, warnAtPercent=60))
    for bad in (0, 101, -5):
        assert codes(update(workspace_a, warnAtPercent=bad, autoLinkTickets=False)) == [
            ("warnAtPercent", "out_of_range")
        ]
    assert codes(update(workspace_a, autoLinkTickets=None)) == [("autoLinkTickets", "invalid")]
    assert workspace_a.api.data(SETTINGS)["entitlementSettings"] == {"autoLinkTickets": True, "warnAtPercent": 60}


def test_every_member_reads_them_and_only_owners_and_admins_change_them(
    workspace_a: Workspace, add_person: Any
) -> None:
    admin = add_person(workspace_a, "admin")
    assert ok(update(admin, autoLinkTickets=False))["entitlementSettings"]["autoLinkTickets"] is False
    for role in ("manager", "service", "sales", "marketing", "read_only"):
        member = add_person(workspace_a, role)
        assert member.api.data(SETTINGS)["entitlementSettings"]["autoLinkTickets"] is False
        refused = update(member, autoLinkTickets=True, warnAtPercent=10)
        assert refused["entitlementSettings"] is None
        assert [code for _, code in codes(refused)] == ["permission_denied"]
    assert workspace_a.api.data(SETTINGS)["entitlementSettings"] == {"autoLinkTickets": False, "warnAtPercent": 80}


def test_one_workspaces_settings_are_its_own(workspace_a: Workspace, workspace_b: Workspace) -> None:
    ok(update(workspace_a, autoLinkTickets=False, warnAtPercent=30))
    assert workspace_b.api.data(SETTINGS)["entitlementSettings"] == {"autoLinkTickets": True, "warnAtPercent": 80}
    bravo = str(create_company(workspace_b, name="Initech")["id"])
    create_entitlement(workspace_b, bravo)
    bravo_ticket = open_ticket(workspace_b, bravo)
    assert (ticket_entitlement(workspace_b, bravo_ticket) or {})["entitled"] is True  # B still links by itself


def test_with_automatic_linking_off_new_tickets_wait_for_an_agent(workspace_a: Workspace, company: str) -> None:
    made = create_entitlement(workspace_a, company)
    ok(update(workspace_a, autoLinkTickets=False))
    ticket = open_ticket(workspace_a, company)
    found = ticket_entitlement(workspace_a, ticket) or {}
    assert found["entitled"] is False and [e["id"] for e in found["available"]] == [made["id"]]
    assert entitlement(workspace_a, made["id"])["used"] == "0.00"  # nothing used until it is linked
    linked = ok(mutate(workspace_a, "linkTicketEntitlement", {"ticketId": ticket, "entitlementId": made["id"]},
                       "ticketEntitlement { entitled }"))  # fmt: skip
    assert linked["ticketEntitlement"]["entitled"] is True
    assert entitlement(workspace_a, made["id"])["used"] == "1.00"


@pytest.mark.parametrize(("percent", "told_after"), [(40, 2), (100, 5), (None, None)])
def test_owners_are_told_at_the_share_the_workspace_set(
    workspace_a: Workspace, company: str, monkeypatch: pytest.MonkeyPatch, percent: int | None, told_after: int | None
) -> None:
    told: list[int] = []
    tickets = 0
    monkeypatch.setattr(services.events, "notify", lambda user, kind, message, payload=None: told.append(tickets))
    ok(update(workspace_a, warnAtPercent=percent))
    create_entitlement(workspace_a, company, allowance="5")
    for tickets in range(1, 6):  # noqa: B007  (read by the notify stub)
        open_ticket(workspace_a, company)
    assert told == ([] if told_after is None else [told_after])  # once, at that share (2 of 5 = 40 %)
