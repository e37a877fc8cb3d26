"""Reminders: due activities and birthdays, sent once (in-app and e-mail) however often the job runs."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from saas.activities import reminders, tasks
from saas.activities.models import Activity, ReminderDelivery
from saas.customers.models import Company, Contact
from tenants.db import connection
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, ...]]:
    """The in-app notifications sent (the realtime path's entry point, recorded instead of published)."""
    sent: list[tuple[Any, ...]] = []
    monkeypatch.setattr(reminders.events, "notify", lambda *args: sent.append(args))
    return sent


def _run(ws: Workspace) -> int:
    connection.set_schema_to_public()
    result: int = tasks.send_reminders.apply_async(headers={"_schema_name": ws.tenant.schema_name}).get()
    return result


def _due_task(ws: Workspace, subject: str, minutes_ago: int = 5, **fields: Any) -> Activity:
    ws.activate()
    due = timezone.now() + timedelta(minutes=10)
    activity = Activity(
        subject=subject, assignee=ws.owner, due_at=due, remind_before_minutes=15 + minutes_ago, **fields
    )
    activity.remind_at = due - timedelta(minutes=15 + minutes_ago)
    activity.save()
    return activity


def test_a_due_task_is_reminded_once_even_when_the_job_runs_twice(
    workspace_a: Workspace, notified: list[tuple[Any, ...]]
) -> None:
    task = _due_task(workspace_a, "Call Ann back")
    mail.outbox.clear()

    assert _run(workspace_a) == 1
    assert _run(workspace_a) == 0

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [workspace_a.owner.email] and "Call Ann back" in mail.outbox[0].subject
    assert len(notified) == 1
    user_id, kind, message, payload = notified[0]
    assert (user_id, kind) == (workspace_a.owner.pk, "reminder") and "Call Ann back" in message
    listed = workspace_a.api.data("{ myReminders { id kind message recordId recordType } }")["myReminders"]
    assert [(r["kind"], "Call Ann back" in r["message"], r["recordType"]) for r in listed] == [
        ("activity", True, "Activity")
    ]
    # the bell leads to the reminder's own item on My day
    assert payload["recordId"] == str(task.pk) and payload["url"] == f"/activities/my-day#reminder-{listed[0]['id']}"


def test_nothing_is_sent_for_done_future_or_stale_reminders(
    workspace_a: Workspace, notified: list[tuple[Any, ...]]
) -> None:
    _due_task(workspace_a, "Done already", status="done")
    _due_task(workspace_a, "Long gone", minutes_ago=3 * 24 * 60)
    workspace_a.activate()
    later = timezone.now() + timedelta(days=2)
    Activity.objects.create(subject="Next week", assignee=workspace_a.owner, due_at=later, remind_at=later)
    mail.outbox.clear()
    assert _run(workspace_a) == 0
    assert mail.outbox == [] and notified == []


def test_rescheduling_reminds_again_at_the_new_time(workspace_a: Workspace, notified: list[tuple[Any, ...]]) -> None:
    task = _due_task(workspace_a, "Moved")
    assert _run(workspace_a) == 1
    workspace_a.activate()
    Activity.objects.filter(pk=task.pk).update(remind_at=timezone.now() - timedelta(minutes=1))
    assert _run(workspace_a) == 1
    workspace_a.activate()
    assert ReminderDelivery.objects.count() == 2


def test_birthdays_remind_the_contacts_owner_whose_role_may_see_them(
    workspace_a: Workspace, notified: list[tuple[Any, ...]]
) -> None:
    service = member(workspace_a, "lucas@alpha.example.com", Role.SERVICE)  # birthdays are hidden from service staff
    workspace_a.activate()
    today = timezone.now().date()
    born = date(1990, today.month, min(today.day, 28))
    if born.day != today.day:
        pytest.skip("the 29th-31st have no birthday in every month")
    Contact.objects.create(first_name="Ann", last_name="Lee", owner=workspace_a.owner, birthday=born)
    Contact.objects.create(first_name="Bob", owner=service.owner, birthday=born)
    Contact.objects.create(
        first_name="Cid", owner=workspace_a.owner, birthday=date(1990, 1, 1) if today.month != 1 else date(1990, 2, 1)
    )
    mail.outbox.clear()

    assert _run(workspace_a) == 1
    assert _run(workspace_a) == 0
    assert [m.to for m in mail.outbox] == [[workspace_a.owner.email]]
    assert "Ann Lee" in mail.outbox[0].subject


def test_a_reminder_on_a_record_the_assignee_no_longer_reads_is_not_sent(
    workspace_a: Workspace, notified: list[tuple[Any, ...]]
) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    workspace_a.activate()
    company = Company.objects.create(name="Moved away", owner=workspace_a.owner)
    due = timezone.now()
    Activity.objects.create(
        subject="Visit",
        assignee=sales.owner,
        due_at=due,
        remind_at=due,
        record_type="Company",
        record_id=str(company.pk),
    )
    assert _run(workspace_a) == 0 and notified == []


def test_each_tenant_reminds_only_its_own_members(
    workspace_a: Workspace, workspace_b: Workspace, notified: list[tuple[Any, ...]]
) -> None:
    _due_task(workspace_a, "Alpha's task")
    _due_task(workspace_b, "Bravo's task")
    mail.outbox.clear()
    assert _run(workspace_a) == 1
    assert [m.to for m in mail.outbox] == [[workspace_a.owner.email]]
    workspace_b.activate()
    assert not ReminderDelivery.objects.exists()
    # Bravo's member sees none of Alpha's reminders.
    assert workspace_b.api.data("{ myReminders { message } }") == {"myReminders": []}

    connection.set_schema_to_public()
    assert tasks.send_reminders_everywhere.apply().get() >= 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted([workspace_a.owner.email, workspace_b.owner.email])


def test_the_job_refuses_to_run_without_a_tenant() -> None:
    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        tasks.send_reminders.apply(headers={"_schema_name": "public"}).get()


def test_the_job_runs_on_celery_beat() -> None:
    from saas.celery import app

    entry = app.conf.beat_schedule["activities.reminders"]
    assert entry == {"task": "activities.send_reminders_everywhere", "schedule": tasks.EVERY_FIVE_MINUTES}
