"""Reminders: what every module's reminder sources have due, sent once each as an in-app notification and an e-mail.

Run by the scheduled job (``tasks.send_reminders``) inside one tenant's schema. Modules declare where
reminders come from (``saas.modules.Module.reminder_sources``; this module's own: due activities and
contacts' birthdays). A ``ReminderDelivery`` row with a unique key is written before anything is sent,
in the same transaction as the sending: a second run (or a concurrent one, which waits on the key) finds
the row and sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from realtime import events
from saas import modules
from saas.access import policy
from saas.access.emails import workspace_mail
from saas.customers.models import Contact
from saas.modules import Reminder, ReminderRun
from tenants.db import connection
from tenants.models import Membership

from .models import Activity, ActivityStatus, ReminderDelivery
from .services import workspace_zone

# A reminder whose moment passed longer ago than this (the job was down) is not sent any more.
STALE_AFTER = timedelta(hours=24)
NOTIFICATION_KIND = "reminder"
MY_DAY = "/activities/my-day"


def my_day_item(delivery_id: int) -> str:
    """Where a sent reminder is on the web client's My day page (its item, which links to the record)."""
    return f"{MY_DAY}#reminder-{delivery_id}"


def send_reminders(now: datetime | None = None) -> int:
    """Send every reminder due in this tenant that was not sent yet; return how many were sent."""
    if connection.schema_name == "public":
        raise RuntimeError("send_reminders must run inside a tenant schema")
    now = now or timezone.now()
    tenant = connection.tenant
    seats = {
        m.user_id: m
        for m in Membership.objects.filter(tenant_id=tenant.pk, is_active=True).select_related("user", "tenant")
    }
    run = ReminderRun(now=now, today=now.astimezone(workspace_zone(tenant)).date(), tenant=tenant, seats=seats)
    sent = 0
    for source in modules.reminder_sources():
        for reminder in list(source(run)):
            sent += _deliver(reminder)
    return sent


def activity_reminders(run: ReminderRun) -> list[Reminder]:
    """Open activities whose reminder time came (within ``STALE_AFTER``), for their assignees."""
    now, seats = run.now, run.seats
    due = Activity.objects.filter(
        status=ActivityStatus.OPEN, remind_at__lte=now, remind_at__gt=now - STALE_AFTER, assignee_id__in=list(seats)
    ).order_by("remind_at", "id")
    found: list[Reminder] = []
    for activity in due:
        assert activity.assignee_id is not None and activity.remind_at is not None
        seat = seats[activity.assignee_id]
        # The assignee hears only of what it may read now (the linked record may have gone out of its sight).
        if not policy.allows(seat, "read", activity):
            continue
        when = activity.when
        message = f"{activity.get_kind_display()}: {activity.subject}"
        if when is not None:
            message += f" ({when.astimezone(workspace_zone(seat.tenant)):%Y-%m-%d %H:%M})"
        found.append(
            Reminder(
                key=f"activity:{activity.pk}:{activity.remind_at.isoformat()}",
                membership=seat,
                kind="activity",
                message=message[:300],
                record_type="Activity",
                record_id=str(activity.pk),
                due_at=when,
            )
        )
    return found


def birthday_reminders(run: ReminderRun) -> list[Reminder]:
    """Contacts born on this day (in the workspace's time zone), for their owners."""
    today, seats = run.today, run.seats
    contacts = Contact.objects.filter(
        birthday__month=today.month, birthday__day=today.day, owner_id__in=list(seats)
    ).order_by("id")
    found: list[Reminder] = []
    for contact in contacts:
        assert contact.owner_id is not None
        seat = seats[contact.owner_id]
        # A birthday is personal data: only an owner whose role may see it is reminded of it.
        if "birthday" in policy.hidden_fields(seat, "read", Contact) or not policy.allows(seat, "read", contact):
            continue
        found.append(
            Reminder(
                key=f"birthday:{contact.pk}:{today.year}:{seat.user_id}",
                membership=seat,
                kind="birthday",
                message=f"Birthday today: {contact.full_name}"[:300],
                record_type="Contact",
                record_id=str(contact.pk),
                due_at=None,
            )
        )
    return found


def _deliver(reminder: Reminder) -> int:
    """Claim the key, then send; a failed e-mail undoes the claim so the next run tries again."""
    try:
        with transaction.atomic():
            if ReminderDelivery.objects.filter(key=reminder.key).exists():
                return 0
            delivery = ReminderDelivery.objects.create(
                key=reminder.key,
                user_id=reminder.membership.user_id,
                kind=reminder.kind,
                message=reminder.message,
                record_type=reminder.record_type,
                record_id=reminder.record_id,
                due_at=reminder.due_at,
            )
            user = reminder.membership.user
            if user.email:
                workspace_mail(
                    f"Reminder: {reminder.message}",
                    f"{reminder.message}\n\n{reminder.membership.tenant.name}",
                    [user.email],
                    reminder.membership.tenant,
                ).send()
                delivery.emailed = True
                delivery.save(update_fields=["emailed"])
            events.notify(
                reminder.membership.user_id,
                NOTIFICATION_KIND,
                reminder.message,
                # ``url``: where the web client's bell leads: the reminder's item on My day (it links the record).
                {
                    "recordType": reminder.record_type,
                    "recordId": reminder.record_id,
                    "kind": reminder.kind,
                    "url": my_day_item(delivery.pk),
                },
            )
    except IntegrityError:
        return 0  # a concurrent run claimed the key first
    return 1
