"""Scheduled work of the entitlements module: ending entitlements past their end date, in every workspace."""

from __future__ import annotations

from celery.schedules import crontab

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

# Daily, just after midnight UTC; running it twice changes nothing the second time (services.py).
expire_entitlements, expire_entitlements_everywhere = scheduled_in_every_workspace(
    "entitlements.expire_entitlements",
    services.expire_entitlements,
    beat="entitlements.expire",
    every=crontab(minute=10, hour=0),
)
