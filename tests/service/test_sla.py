"""SLA clocks: business hours across a weekend and a holiday, due times on tickets, breach detection."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from saas.service import clock, services, tasks
from saas.service.models import BusinessHours, Ticket
from saas.service.sla import Calendar, workspace_calendar
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace

from .conftest import TICKET, create_ticket, gid, mutate

SHANGHAI = ZoneInfo("Asia/Shanghai")
NINE_TO_SIX = {d: (time(9), time(18)) for d in range(5)}  # Monday to Friday


def at(day: date, hour: int, minute: int = 0, zone: ZoneInfo = SHANGHAI) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


FRIDAY = date(2026, 1, 2)  # 2 January 2026 is a Friday
MONDAY = date(2026, 1, 5)
TUESDAY = date(2026, 1, 6)


def test_the_clock_stops_over_the_weekend() -> None:
    calendar = Calendar(NINE_TO_SIX, frozenset(), SHANGHAI)
    # Friday 17:00 + 2 business hours: one hour on Friday, then Monday from nine.
    assert calendar.add(at(FRIDAY, 17), 120) == at(MONDAY, 10).astimezone(UTC)
    # Arriving on Saturday: the clock starts on Monday morning.
    assert calendar.add(at(date(2026, 1, 3), 11), 30) == at(MONDAY, 9, 30).astimezone(UTC)
    # Arriving before opening: counted from nine.
    assert calendar.add(at(MONDAY, 7), 60) == at(MONDAY, 10).astimezone(UTC)
    # Exactly at closing: due at closing, not the next morning.
    assert calendar.add(at(FRIDAY, 17), 60) == at(FRIDAY, 18).astimezone(UTC)


def test_a_holiday_is_skipped_like_a_weekend_day() -> None:
    calendar = Calendar(NINE_TO_SIX, frozenset({MONDAY}), SHANGHAI)
    # Friday 17:00 + 2 business hours with Monday off: Tuesday at ten.
    assert calendar.add(at(FRIDAY, 17), 120) == at(TUESDAY, 10).astimezone(UTC)
    # Two full business days from Friday morning: Friday, (weekend, holiday), Tuesday → Tuesday closing.
    assert calendar.add(at(FRIDAY, 9), 2 * 9 * 60) == at(TUESDAY, 18).astimezone(UTC)
    assert calendar.minutes_between(at(FRIDAY, 17), at(TUESDAY, 10)) == 120


def test_no_business_hours_means_around_the_clock_and_a_closed_desk_never_comes_due() -> None:
    always = Calendar({}, frozenset(), SHANGHAI)
    assert always.add(at(FRIDAY, 17), 24 * 60) == at(date(2026, 1, 3), 17).astimezone(UTC)
    closed = Calendar({0: (time(9), time(9))}, frozenset(), SHANGHAI)
    assert closed.add(at(FRIDAY, 17), 60) is None


def test_the_workspace_calendar_uses_its_hours_holidays_and_time_zone(workspace_a: Workspace) -> None:
    api = workspace_a.api
    days = [{"weekday": d, "opensAt": "09:00:00", "closesAt": "18:00:00"} for d in range(5)]
    saved = mutate(api, "setBusinessHours", {"days": days}, "businessHours { weekday opensAt closesAt }")
    assert saved["errors"] == []
    assert saved["businessHours"][0] == {"weekday": 0, "opensAt": "09:00", "closesAt": "18:00"}
    bad = mutate(
        api,
        "setBusinessHours",
        {"days": [{"weekday": 7, "opensAt": "18:00:00", "closesAt": "09:00:00"}]},
        "businessHours { weekday }",
    )
    assert sorted(e["code"] for e in bad["errors"]) == ["invalid", "out_of_range"]
    holiday = mutate(api, "createHoliday", {"date": MONDAY.isoformat(), "name": "Bridge day"}, "holiday { date name }")
    assert holiday["errors"] == []
    workspace_a.activate()
    workspace_a.tenant.time_zone = "Asia/Shanghai"
    workspace_a.tenant.save(update_fields=["time_zone"])
    assert BusinessHours.objects.count() == 5
    calendar = workspace_calendar()
    assert calendar.add(at(FRIDAY, 17), 120) == at(TUESDAY, 10).astimezone(UTC)


def sla_policies(api: Any) -> None:
    for priority, first, resolution in (("HIGH", 60, 240), ("NORMAL", 240, 960)):
        made = mutate(
            api,
            "createSlaPolicy",
            {
                "name": priority.title(),
                "priority": priority,
                "firstResponseMinutes": first,
                "resolutionMinutes": resolution,
            },
            "slaPolicy { id }",
        )
        assert made["errors"] == []


def test_due_times_are_stored_on_the_ticket_and_follow_its_priority(workspace_a: Workspace) -> None:
    api = workspace_a.api
    sla_policies(api)
    before = clock.now()
    ticket = create_ticket(api, priority="HIGH")
    due = datetime.fromisoformat(ticket["firstResponseDueAt"])
    assert timedelta(minutes=59) < due - before < timedelta(minutes=61)  # no business hours: around the clock
    resolution = datetime.fromisoformat(ticket["resolutionDueAt"])
    assert timedelta(minutes=239) < resolution - before < timedelta(minutes=241)
    changed = mutate(api, "updateTicket", {"id": ticket["id"], "priority": "NORMAL"}, f"ticket {{ {TICKET} }}")
    assert datetime.fromisoformat(changed["ticket"]["firstResponseDueAt"]) - due == timedelta(minutes=180)
    low = create_ticket(api, priority="LOW")  # no policy for LOW: no SLA
    assert low["firstResponseDueAt"] is None and low["firstResponseBreached"] is False


def test_changing_a_policy_moves_the_due_times_of_its_open_tickets_only(workspace_a: Workspace) -> None:
    api = workspace_a.api
    sla_policies(api)
    waiting = create_ticket(api, priority="HIGH")
    answered = create_ticket(api, priority="HIGH")
    done = create_ticket(api, priority="HIGH")
    other = create_ticket(api, priority="NORMAL")
    mutate(api, "addTicketMessage", {"ticketId": answered["id"], "body": "On it."}, "ticketMessage { id }")
    owner = gid("User", workspace_a.owner.pk)
    mutate(api, "assignTicket", {"ticketId": done["id"], "assigneeId": owner}, "ticket { id }")
    for status in ("IN_PROGRESS", "RESOLVED"):
        assert (
            mutate(api, "changeTicketStatus", {"ticketId": done["id"], "status": status}, "ticket { id }")["errors"]
            == []
        )
    high = api.data("{ slaPolicies(filter: {priority: {eq: HIGH}}) { edges { node { id } } } }")
    policy_id = high["slaPolicies"]["edges"][0]["node"]["id"]

    def read(ticket: dict[str, Any]) -> dict[str, Any]:
        node: dict[str, Any] = api.data(
            "query($id: ID!) { node(id: $id) { ... on Ticket { firstResponseDueAt resolutionDueAt } } }",
            {"id": ticket["id"]},
        )["node"]
        return node

    before = {
        name: read(t) for name, t in (("waiting", waiting), ("answered", answered), ("done", done), ("other", other))
    }
    changed = mutate(
        api,
        "updateSlaPolicy",
        {"id": policy_id, "firstResponseMinutes": 30, "resolutionMinutes": 120},
        "slaPolicy { firstResponseMinutes }",
    )
    assert changed["errors"] == []
    after = {
        name: read(t) for name, t in (("waiting", waiting), ("answered", answered), ("done", done), ("other", other))
    }

    def moved(name: str, field: str) -> timedelta:
        return datetime.fromisoformat(after[name][field]) - datetime.fromisoformat(before[name][field])

    assert moved("waiting", "firstResponseDueAt") == timedelta(minutes=-30)
    assert moved("waiting", "resolutionDueAt") == timedelta(minutes=-120)
    assert moved("answered", "firstResponseDueAt") == timedelta(0)  # met: judged by the target it had
    assert moved("answered", "resolutionDueAt") == timedelta(minutes=-120)
    assert after["done"] == before["done"]  # resolved: its clocks have stopped
    assert after["other"] == before["other"]  # another priority
    # The change is in the ticket's history, like any other.
    history = api.data(
        "query($id: ID!) { node(id: $id) { ... on Ticket { history(first: 5) { edges { node { changes } } } } } }",
        {"id": waiting["id"]},
    )["node"]["history"]["edges"]
    assert any("resolution_due_at" in str(e["node"]["changes"]) for e in history)

    # A holiday today pushes open tickets' due times past it; removing the policy leaves them without an SLA.
    holiday = mutate(api, "createHoliday", {"date": clock.now().date().isoformat(), "name": "Closed"}, "holiday { id }")
    assert holiday["errors"] == []
    assert datetime.fromisoformat(read(waiting)["resolutionDueAt"]) > datetime.fromisoformat(
        after["waiting"]["resolutionDueAt"]
    )
    gone = api.data(
        "mutation($input: DeleteSlaPolicyInput!) { deleteSlaPolicy(input: $input) { errors { code } } }",
        {"input": {"id": policy_id}},
    )["deleteSlaPolicy"]
    assert gone["errors"] == []
    assert read(waiting) == {"firstResponseDueAt": None, "resolutionDueAt": None}
    assert read(done) == before["done"]


def test_a_policy_change_stays_in_its_workspace(workspace_a: Workspace, workspace_b: Workspace) -> None:
    sla_policies(workspace_a.api)
    sla_policies(workspace_b.api)
    theirs = create_ticket(workspace_b.api, priority="HIGH")
    high = workspace_a.api.data("{ slaPolicies(filter: {priority: {eq: HIGH}}) { edges { node { id } } } }")
    policy_id = high["slaPolicies"]["edges"][0]["node"]["id"]
    changed = mutate(
        workspace_a.api, "updateSlaPolicy", {"id": policy_id, "firstResponseMinutes": 5}, "slaPolicy { id }"
    )
    assert changed["errors"] == []
    again = workspace_b.api.data(
        "query($id: ID!) { node(id: $id) { ... on Ticket { firstResponseDueAt } } }", {"id": theirs["id"]}
    )["node"]
    assert again["firstResponseDueAt"] == theirs["firstResponseDueAt"]


@pytest.fixture
def notices(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(
        "saas.service.services.events.notify",
        lambda user_id, kind, message, payload=None: sent.append((user_id, kind, message, payload)),
    )
    return sent


def test_breaches_are_seen_on_read_then_marked_once_and_notified_once(
    workspace_a: Workspace, add_person: AddPerson, notices: list[tuple[Any, ...]]
) -> None:
    api = workspace_a.api
    sla_policies(api)
    agent = add_person(workspace_a, Role.SERVICE)
    late = create_ticket(api, priority="HIGH", assigneeId=gid("User", agent.user.pk))
    answered = create_ticket(api, priority="HIGH", subject="Answered in time")
    mutate(api, "addTicketMessage", {"ticketId": answered["id"], "body": "Looking into it"}, "ticket { id }")
    notices.clear()
    workspace_a.activate()
    clock.move(timedelta(minutes=90))

    # On read, before any sweep: the late ticket is breached, the answered one is not.
    data = api.data(
        "{ tickets(filter: {breached: true}) { edges { node { id firstResponseBreached firstResponseBreachedAt } } } }"
    )
    nodes = [e["node"] for e in data["tickets"]["edges"]]
    assert [n["id"] for n in nodes] == [late["id"]]
    assert nodes[0]["firstResponseBreached"] is True and nodes[0]["firstResponseBreachedAt"] is None

    workspace_a.activate()
    assert tasks.detect_sla_breaches.apply().get() == 1
    assert tasks.detect_sla_breaches.apply().get() == 0  # a second run marks and tells nobody again
    assert [(n[0], n[1]) for n in notices] == [(agent.user.pk, "sla_breached")]
    marked = Ticket.objects.get(subject="Printer on fire")
    assert marked.first_response_breached_at is not None and marked.resolution_breached_at is None

    workspace_a.activate()
    clock.move(timedelta(hours=3))  # now past resolution too: one more breach, one more notice
    assert services.detect_breaches() == 2  # the late one's resolution, and the answered one's resolution
    assert services.detect_breaches() == 0
    assert len(notices) == 3
    # Unassigned: the owner hears of it.
    assert (workspace_a.owner.pk, "sla_breached") in [(n[0], n[1]) for n in notices]


def test_breach_detection_stays_inside_its_workspace(
    workspace_a: Workspace, workspace_b: Workspace, notices: list[tuple[Any, ...]]
) -> None:
    sla_policies(workspace_a.api)
    sla_policies(workspace_b.api)
    create_ticket(workspace_a.api, priority="HIGH")
    create_ticket(workspace_b.api, priority="HIGH")
    workspace_a.activate()
    clock.move(timedelta(minutes=90))  # only alpha's clock moves
    assert services.detect_breaches() == 1
    workspace_b.activate()
    assert clock.now() - datetime.now(UTC) < timedelta(minutes=1)
    assert services.detect_breaches() == 0
    assert not Ticket.objects.filter(first_response_breached_at__isnull=False).exists()
    workspace_a.activate()
    assert Ticket.objects.filter(first_response_breached_at__isnull=False).count() == 1
    assert [n[0] for n in notices] == [workspace_a.owner.pk]


def test_the_fan_out_task_runs_once_per_workspace_in_its_schema(
    workspace_a: Workspace, workspace_b: Workspace, notices: list[tuple[Any, ...]]
) -> None:
    for ws in (workspace_a, workspace_b):
        sla_policies(ws.api)
        create_ticket(ws.api, priority="HIGH")
        ws.activate()
        clock.move(timedelta(minutes=90))
    tasks.detect_sla_breaches_everywhere.apply()
    for ws in (workspace_a, workspace_b):
        ws.activate()
        assert Ticket.objects.filter(first_response_breached_at__isnull=False).count() == 1


def test_the_clock_cannot_move_outside_tests(settings: Any) -> None:
    settings.TESTING = False
    with pytest.raises(RuntimeError):
        clock.move(timedelta(hours=1))
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_only_admins_shape_the_desks_set_up_in_the_api_and_in_the_services(workspace_a: Workspace) -> None:
    """SLA policies, holidays and assignment rules are the desk's settings: agents read them, never change them,
    refused by the mutations and by the services themselves (the role table's settings-only types)."""
    from saas.errors import ServiceError
    from tenants.models import Membership
    from tests.customers.test_tags_groups_views import member

    sla_policies(workspace_a.api)
    for role in (Role.SERVICE, Role.SALES):
        agent = member(workspace_a, f"{role}@alpha.example.com", role)
        assert len(agent.api.data("{ slaPolicies { edges { node { id } } } }")["slaPolicies"]["edges"]) == 2
        refused = mutate(
            agent.api,
            "createSlaPolicy",
            {"name": "Mine", "priority": "LOW", "firstResponseMinutes": 5, "resolutionMinutes": 10},
            "slaPolicy { id }",
        )
        assert refused["slaPolicy"] is None and refused["errors"][0]["code"] == "permission_denied", refused
        holiday = mutate(agent.api, "createHoliday", {"date": "2026-12-25", "name": "Christmas"}, "holiday { id }")
        assert holiday["holiday"] is None and holiday["errors"][0]["code"] == "permission_denied", holiday
        workspace_a.activate()
        membership = Membership.objects.get(user=agent.owner, tenant=workspace_a.tenant)
        with pytest.raises(ServiceError):
            services.create_holiday(membership, {"date": date(2026, 12, 26), "name": "Boxing day"})
    made = mutate(workspace_a.api, "createHoliday", {"date": "2026-12-25", "name": "Christmas"}, "holiday { id }")
    assert made["errors"] == []
