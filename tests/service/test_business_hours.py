"""The workspace's business hours (the service desk's, which SLA clocks count in): who reads, who sets, bad input."""

from __future__ import annotations

from typing import Any

import pytest

from saas.service.models import BusinessHours
from tenants.models import Role
from tests.access.conftest import AddPerson
from tests.conftest import Workspace

from .conftest import codes, mutate

HOURS = "businessHours { weekday opensAt closesAt }"
WEEK = [{"weekday": d, "opensAt": "09:00:00", "closesAt": "17:00:00"} for d in range(5)]


def week_of(workspace: Workspace) -> list[tuple[int, str, str]]:
    workspace.activate()
    return [(h.weekday, f"{h.opens_at:%H:%M}", f"{h.closes_at:%H:%M}") for h in BusinessHours.objects.all()]


def set_week(workspace: Workspace, days: list[dict[str, Any]] = WEEK) -> None:
    assert mutate(workspace.api, "setBusinessHours", {"days": days}, HOURS)["errors"] == []


MONDAY_TO_FRIDAY = [(d, "09:00", "17:00") for d in range(5)]


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.SERVICE, Role.READ_ONLY])
def test_members_read_the_hours_but_only_owners_and_admins_set_them(
    workspace_a: Workspace, add_person: AddPerson, role: str
) -> None:
    set_week(workspace_a)
    member = add_person(workspace_a, role)
    assert member.api.data(f"{{ {HOURS} }}")["businessHours"][4] == {
        "weekday": 4,
        "opensAt": "09:00",
        "closesAt": "17:00",
    }
    saturday = [*WEEK, {"weekday": 5, "opensAt": "10:00:00", "closesAt": "14:00:00"}]
    refused = mutate(member.api, "setBusinessHours", {"days": saturday}, HOURS)
    assert codes(refused) == [(None, "permission_denied")]
    assert refused["errors"][0]["message"] == "Only owners and admins change the workspace settings."
    assert refused["businessHours"] is None
    assert week_of(workspace_a) == MONDAY_TO_FRIDAY
    # Refused before validation: bad input tells a member nothing more.
    bad = mutate(member.api, "setBusinessHours", {"days": [{"weekday": 9, "opensAt": "10:00", "closesAt": "09:00"}]})
    assert codes(bad) == [(None, "permission_denied")]


def test_an_admin_sets_them_like_the_owner(workspace_a: Workspace, add_person: AddPerson) -> None:
    admin = add_person(workspace_a, Role.ADMIN)
    saturday = [{"weekday": 5, "opensAt": "10:00:00", "closesAt": "14:30:00"}]
    saved = mutate(admin.api, "setBusinessHours", {"days": saturday}, HOURS)
    assert saved == {"businessHours": [{"weekday": 5, "opensAt": "10:00", "closesAt": "14:30"}], "errors": []}
    assert week_of(workspace_a) == [(5, "10:00", "14:30")]


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        # Closes before it opens (and at the very minute it opens): the closing time of that entry.
        ([{"weekday": 0, "opensAt": "17:00:00", "closesAt": "09:00:00"}], [("days.0.closesAt", "invalid")]),
        (
            [*WEEK[:2], {"weekday": 2, "opensAt": "09:00:00", "closesAt": "09:00:00"}],
            [("days.2.closesAt", "invalid")],
        ),
        # No eighth weekday, nor a negative one.
        ([*WEEK, {"weekday": 7, "opensAt": "09:00:00", "closesAt": "17:00:00"}], [("days.5.weekday", "out_of_range")]),
        ([{"weekday": -1, "opensAt": "09:00:00", "closesAt": "17:00:00"}], [("days.0.weekday", "out_of_range")]),
        # A weekday twice: the second entry.
        ([*WEEK, {"weekday": 1, "opensAt": "18:00:00", "closesAt": "20:00:00"}], [("days.5.weekday", "taken")]),
        # Every problem at once, each on its own entry.
        (
            [
                {"weekday": 3, "opensAt": "09:00:00", "closesAt": "17:00:00"},
                {"weekday": 3, "opensAt": "12:00:00", "closesAt": "11:00:00"},
                {"weekday": 8, "opensAt": "09:00:00", "closesAt": "17:00:00"},
            ],
            [("days.1.weekday", "taken"), ("days.1.closesAt", "invalid"), ("days.2.weekday", "out_of_range")],
        ),
    ],
)
def test_bad_hours_are_refused_on_their_entry_and_change_nothing(
    workspace_a: Workspace, days: list[dict[str, Any]], expected: list[tuple[str, str]]
) -> None:
    set_week(workspace_a)
    refused = mutate(workspace_a.api, "setBusinessHours", {"days": days}, HOURS)
    assert sorted(codes(refused)) == sorted(expected)
    assert refused["businessHours"] is None
    assert week_of(workspace_a) == MONDAY_TO_FRIDAY


def test_colleagues_hear_of_a_change_and_nobody_of_a_refused_or_empty_one(
    workspace_a: Workspace, add_person: AddPerson, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent: list[tuple[object, str, str]] = []
    monkeypatch.setattr(
        "saas.access.workspace.events.notify",
        lambda user_id, kind, message, *args: sent.append((user_id, kind, message)),
    )
    colleague = add_person(workspace_a, Role.SALES)
    refused = mutate(colleague.api, "setBusinessHours", {"days": []})
    assert codes(refused) == [(None, "permission_denied")]
    mutate(workspace_a.api, "setBusinessHours", {"days": [{"weekday": 7, "opensAt": "09:00", "closesAt": "17:00"}]})
    assert sent == []
    set_week(workspace_a)
    who = workspace_a.owner.full_name or workspace_a.owner.email
    # The colleague (whose open pages read the workspace again), not the owner who made the change.
    assert sent == [(colleague.user.pk, "workspace_changed", f"{who} changed the workspace's business hours.")]
    set_week(workspace_a)  # the same week again: nothing to tell
    assert len(sent) == 1
