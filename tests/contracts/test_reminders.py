"""Renewal reminders: the owner hears once, ``renewalNoticeDays`` before the end, if it may read the contract."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from saas import modules
from saas.activities import reminders, tasks
from saas.activities.models import ReminderDelivery
from saas.contracts.models import Contract
from saas.contracts.reminders import renewal_reminders
from tenants.db import connection
from tests.conftest import Workspace
from tests.exports.test_exports import custom_member

from .conftest import act, contract_of, create_contract, iso

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(reminders.events, "notify", lambda *args: sent.append(args))
    return sent


def _run(ws: Workspace) -> int:
    connection.set_schema_to_public()
    result: int = tasks.send_reminders.apply_async(headers={"_schema_name": ws.tenant.schema_name}).get()
    return result


def _active(ws: Workspace, company: str, days_left: int, notice: int = 30, **fields: Any) -> dict[str, Any]:
    today = timezone.now().date()
    contract = create_contract(
        ws, company, startDate=iso(today - timedelta(100)), endDate=iso(today + timedelta(days_left)),
        renewalNoticeDays=notice, **fields,
    )  # fmt: skip
    return contract_of(act(ws, "activateContract", contract["id"]))


def test_modules_declare_their_reminder_sources() -> None:
    sources = modules.reminder_sources()
    assert reminders.activity_reminders in sources and reminders.birthday_reminders in sources
    assert renewal_reminders in sources


def test_the_owner_is_reminded_once_when_the_notice_period_begins(
    workspace_a: Workspace, company: str, notified: list[tuple[Any, ...]]
) -> None:
    due = _active(workspace_a, company, days_left=20, title="Due")
    _active(workspace_a, company, days_left=40, title="Not yet")  # 30 days' notice: in 10 days
    _active(workspace_a, company, days_left=5, notice=0, title="On the day only")
    mail.outbox.clear()

    assert _run(workspace_a) == 1
    assert _run(workspace_a) == 0  # the job runs every five minutes: still one reminder

    assert [m.to for m in mail.outbox] == [[workspace_a.owner.email]]
    assert f"C-{due['number']}" in mail.outbox[0].subject and "Due" in mail.outbox[0].subject
    user_id, kind, _message, payload = notified[0]
    assert (user_id, kind, payload["kind"], payload["recordType"]) == (
        workspace_a.owner.pk, "reminder", "contract_renewal", "Contract",
    )  # fmt: skip
    workspace_a.activate()
    assert ReminderDelivery.objects.filter(kind="contract_renewal").count() == 1
    # the bell leads to the reminder's item on My day, which names the contract to link to
    (listed,) = workspace_a.api.data("{ myReminders { id kind recordId recordType } }")["myReminders"]
    assert (listed["kind"], listed["recordId"], listed["recordType"]) == ("contract_renewal", due["id"], "Contract")
    assert payload["url"] == f"/activities/my-day#reminder-{listed['id']}"


def test_no_reminder_for_terminated_draft_or_ended_contracts(
    workspace_a: Workspace, company: str, notified: list[tuple[Any, ...]]
) -> None:
    terminated = _active(workspace_a, company, days_left=10, title="Terminated")
    contract_of(act(workspace_a, "terminateContract", terminated["id"]))
    today = timezone.now().date()
    create_contract(workspace_a, company, title="Draft", startDate=iso(today), endDate=iso(today + timedelta(5)))
    assert _run(workspace_a) == 0 and notified == []


def test_no_reminder_to_an_owner_who_may_not_read_the_contract(
    workspace_a: Workspace, company: str, notified: list[tuple[Any, ...]]
) -> None:
    contract = _active(workspace_a, company, days_left=10, title="Hidden from its owner")
    blind = custom_member(workspace_a, "blind@alpha.example.com", {"*": {"read": "all"}, "Contract": {"read": "none"}})
    workspace_a.activate()
    Contract.objects.filter(number=contract["number"]).update(owner=blind.owner)
    assert _run(workspace_a) == 0 and notified == []
    # the same contract, with an owner who reads it: reminded
    workspace_a.activate()
    Contract.objects.filter(number=contract["number"]).update(owner=workspace_a.owner)
    assert _run(workspace_a) == 1


def test_a_renewed_contracts_follow_on_is_reminded_in_its_own_time(
    workspace_a: Workspace, company: str, notified: list[tuple[Any, ...]]
) -> None:
    contract = _active(workspace_a, company, days_left=10)
    assert _run(workspace_a) == 1
    act(workspace_a, "renewContract", contract["id"])
    assert _run(workspace_a) == 0  # the follow-on ends a period later
