"""Scheduled work of the contracts module: ending contracts past their end date, in every workspace."""

from __future__ import annotations

from celery.schedules import crontab

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

# Daily, just after midnight UTC; running it twice changes nothing the second time (services.py).
expire_contracts, expire_contracts_everywhere = scheduled_in_every_workspace(
    "contracts.expire_contracts", services.expire_contracts, beat="contracts.expire", every=crontab(minute=5, hour=0)
)
