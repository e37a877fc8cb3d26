"""Scheduled work of the leads module: score decay. Each run is inside one tenant's schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import scoring

DAILY = 24 * 3600

# Daily: activity points fade a day's worth each run. Idempotent: a score is a function of the rules,
# the activities and the time, so running twice (a retry, an overlapping beat) gives the same scores.
rescore_leads, rescore_leads_everywhere = scheduled_in_every_workspace(
    "leads.rescore_leads", scoring.rescore_all, beat="leads.score-decay", every=DAILY
)
