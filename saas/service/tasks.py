"""Scheduled work of the service module: the SLA breach sweep, each run inside one tenant's schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

EVERY_MINUTE = 60


# Every minute; a breach is marked (and notified) once however often it runs.
detect_sla_breaches, detect_sla_breaches_everywhere = scheduled_in_every_workspace(
    "service.detect_sla_breaches", services.detect_breaches, beat="service.sla-breaches", every=EVERY_MINUTE
)
