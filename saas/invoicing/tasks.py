"""Scheduled work of invoicing: the daily overdue check, in every workspace, each in its own schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

DAILY = 24 * 3600

# Daily: the owners of newly overdue invoices are told. Idempotent: each invoice is told once
# (``overdue_notified_at``, claimed under a row lock), so a retry or an overlapping beat tells nobody twice.
notify_overdue, notify_overdue_everywhere = scheduled_in_every_workspace(
    "invoicing.notify_overdue", services.notify_overdue, beat="invoicing.overdue", every=DAILY
)
