"""A lead's score: points from the tenant's rules for its field values and its activities, fading with age.

``score_of`` is a pure function of the lead, the rules, the activities and the moment, so recomputing is
idempotent: the decay task and every write of a lead give the same number for the same data and time.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone

from .models import Lead, LeadActivity, LeadScoring, ScoringRule, normalized

DAY_SECONDS = 86_400
# Leads recomputed per UPDATE batch by the decay task.
BATCH = 500


def faded(points: int, occurred_at: datetime, now: datetime, half_life_days: int | None) -> float:
    """``points`` of an activity ``occurred_at``, halved every ``half_life_days`` (never, when None)."""
    if not half_life_days:
        return float(points)
    age_days = max((now - occurred_at).total_seconds(), 0.0) / DAY_SECONDS
    return points * math.pow(0.5, age_days / half_life_days)


def field_value(lead: Lead, field: str) -> str:
    return lead.email_domain if field == "email_domain" else str(getattr(lead, field) or "")


@dataclass(frozen=True)
class Contribution:
    """What one rule gives a lead: its points (an activity rule's for each activity of its kind, faded)."""

    rule: ScoringRule
    points: float  # what it adds, after decay
    undecayed: int  # what it would add without decay
    activities: int  # how many activities it counted (0 for a field rule)


@dataclass(frozen=True)
class Breakdown:
    """Which rule gave how many points, and the decay applied: the score is their sum, rounded."""

    contributions: list[Contribution]
    half_life_days: int | None
    at: datetime

    @property
    def score(self) -> int:
        return round(sum(c.points for c in self.contributions))


def breakdown_of(
    lead: Lead,
    rules: Sequence[ScoringRule],
    activities: Iterable[LeadActivity],
    now: datetime,
    half_life_days: int | None,
) -> Breakdown:
    """Each rule's part of the lead's score at ``now``: field points, plus activity points fading with age.

    The one computation of the score (``score_of`` is its sum); rules that give nothing are left out.
    """
    activities = list(activities)
    contributions = []
    for rule in rules:
        if rule.field:
            if normalized(rule.value) == normalized(field_value(lead, rule.field)):
                contributions.append(Contribution(rule, float(rule.points), rule.points, 0))
            continue
        counted = [a for a in activities if a.kind == rule.activity_kind]
        if counted and rule.points:
            points = sum(faded(rule.points, a.occurred_at, now, half_life_days) for a in counted)
            contributions.append(Contribution(rule, points, rule.points * len(counted), len(counted)))
    return Breakdown(contributions, half_life_days, now)


def score_of(
    lead: Lead,
    rules: Sequence[ScoringRule],
    activities: Iterable[LeadActivity],
    now: datetime,
    half_life_days: int | None,
) -> int:
    """The lead's score: field points plus faded activity points, rounded to the nearest whole point."""
    return breakdown_of(lead, rules, activities, now, half_life_days).score


def rescore(lead: Lead, now: datetime | None = None) -> bool:
    """Recompute one lead's score (inside the caller's transaction); True when it changed."""
    now = now or timezone.now()
    rules = list(ScoringRule.objects.all())
    activities = LeadActivity.objects.filter(lead=lead).only("kind", "occurred_at")
    score = score_of(lead, rules, activities, now, LeadScoring.current().half_life_days)
    changed = score != lead.score
    Lead.all_objects.filter(pk=lead.pk).update(score=score, scored_at=now)
    lead.score, lead.scored_at = score, now
    return changed


def rescore_all(now: datetime | None = None) -> int:
    """Recompute every lead of this tenant (rules changed, or time passed); return how many changed.

    Runs in the tenant's schema (the decay task sets it); converted and deleted leads are left as
    they were, their score no longer matters.
    """
    now = now or timezone.now()
    rules = list(ScoringRule.objects.all())
    half_life = LeadScoring.current().half_life_days
    activities = Prefetch("activities", queryset=LeadActivity.objects.only("lead_id", "kind", "occurred_at"))
    leads = Lead.objects.exclude(status="converted").order_by("id").prefetch_related(activities)
    changed = 0
    start = None
    while True:
        page = leads.filter(id__gt=start) if start is not None else leads
        batch = list(page[:BATCH])
        if not batch:
            return changed
        stale = []
        for lead in batch:
            score = score_of(lead, rules, lead.activities.all(), now, half_life)
            if score != lead.score:
                lead.score, lead.scored_at = score, now
                stale.append(lead)
        # A bulk update: the score is derived, not an edit, so no audit entry per lead.
        Lead.all_objects.bulk_update(stale, ["score", "scored_at"])
        changed += len(stale)
        start = batch[-1].id
