"""Scheduled work of the activities module: reminders, in every workspace, each in its own schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import reminders

EVERY_FIVE_MINUTES = 5 * 60

# Every five minutes; running it twice sends nothing twice (reminders.py).
send_reminders, send_reminders_everywhere = scheduled_in_every_workspace(
    "activities.send_reminders", reminders.send_reminders, beat="activities.reminders", every=EVERY_FIVE_MINUTES
)
