"""How the service module plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from saas.access.models import Team
from saas.access.registry import register
from saas.access.roles import SETTINGS_ONLY

from .models import (
    Article,
    ArticleStatus,
    AssignmentRule,
    Holiday,
    SlaPolicy,
    Survey,
    SurveyKind,
    Ticket,
    TicketPriority,
)


def new_ticket(owner_id: int | None) -> Ticket:
    return Ticket.objects.create(subject="Printer jams on page two", assignee_id=owner_id)


def new_article(owner_id: int | None) -> Article:
    # A draft: published articles are readable by everyone (``readable_when``), drafts by scope.
    return Article.objects.create(
        title="Resetting a password", slug=f"reset-{uuid.uuid4().hex[:8]}", author_id=owner_id
    )


def new_sla_policy(owner_id: int | None) -> SlaPolicy:
    taken = set(SlaPolicy.objects.values_list("priority", flat=True))
    priority = next(p for p in TicketPriority.values if p not in taken)
    return SlaPolicy.objects.create(
        name=f"SLA {priority}", priority=priority, first_response_minutes=60, resolution_minutes=480
    )


def new_holiday(owner_id: int | None) -> Holiday:
    day = date(2030, 1, 1) + timedelta(days=Holiday.objects.count())
    return Holiday.objects.create(date=day, name="Founders' day")


def new_assignment_rule(owner_id: int | None) -> AssignmentRule:
    team = Team.objects.create(name=f"Desk {uuid.uuid4().hex[:8]}")
    return AssignmentRule.objects.create(name="Billing questions", category="billing", team=team)


def new_survey(owner_id: int | None) -> Survey:
    now = timezone.now()
    return Survey.objects.create(
        kind=SurveyKind.CSAT,
        email="customer@example.com",
        agent_id=owner_id,
        sent_at=now,
        expires_at=now + timedelta(days=14),
        responded_at=now,
        score=4,
        comment="Quick and friendly",
    )


def register_record_types() -> None:
    # Tickets nobody holds are the queue: every agent may see and take them (``pool``). Service staff
    # work every ticket of the desk, so their role updates all of them (replies, status), not only their own.
    register(
        Ticket,
        owner_field="assignee",
        factory=new_ticket,
        pool=True,
        role_overrides={"service": {"update": "all"}},
    )
    register(
        Article,
        owner_field="author",
        factory=new_article,
        readable_when=Q(status=ArticleStatus.PUBLISHED),
    )
    # The desk's set-up: every member reads it (due times, the queue's rules); managers and admins shape it.
    register(SlaPolicy, owner_field=None, factory=new_sla_policy, role_overrides=SETTINGS_ONLY)
    register(Holiday, owner_field=None, factory=new_holiday, role_overrides=SETTINGS_ONLY)
    register(
        AssignmentRule,
        name="TicketAssignmentRule",
        owner_field=None,
        factory=new_assignment_rule,
        role_overrides=SETTINGS_ONLY,
    )
    # A survey's owner is the agent it scores (CSAT): own-scope members see their own answers; NPS surveys
    # (no agent) only roles that read every survey. Customers write them through the signed link.
    register(Survey, owner_field="agent", factory=new_survey)
