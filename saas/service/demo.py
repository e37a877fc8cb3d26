"""Sample service data for the demo workspace: SLA policies, office hours, a few tickets and articles."""

from __future__ import annotations

from datetime import time
from typing import Any

from django.utils import timezone

from saas.customers.models import Company

from .models import Article, ArticleStatus, ArticleVersion, BusinessHours, SlaPolicy, Ticket, TicketTransition
from .sla import workspace_calendar

POLICIES = [
    ("Urgent", "urgent", 30, 240),
    ("High", "high", 60, 480),
    ("Normal", "normal", 240, 1440),
    ("Low", "low", 480, 2880),
]
TICKETS = [
    ("Invoice shows the wrong VAT rate", "high", "billing"),
    ("Cannot log in after password reset", "urgent", "access"),
    ("Request a second delivery address", "normal", "orders"),
    ("Packaging arrived damaged", "low", "complaints"),
]
ARTICLES = [
    ("Resetting your password", "access", "Open the sign-in page, choose “Forgot password” and follow the e-mail."),
    ("How VAT is shown on invoices", "billing", "Each line shows its rate; the total groups the amounts by rate."),
]


def seed_service(tenant: Any, members: list[Any]) -> None:
    owner = members[0] if members else None
    for name, priority, first, resolution in POLICIES:
        SlaPolicy.objects.create(
            name=name, priority=priority, first_response_minutes=first, resolution_minutes=resolution
        )
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens_at=time(9), closes_at=time(18))
    calendar = workspace_calendar()
    company = Company.objects.first()
    for subject, priority, category in TICKETS:
        ticket = Ticket(subject=subject, priority=priority, category=category, company=company)
        policy = SlaPolicy.objects.get(priority=priority)
        ticket.first_response_due_at = calendar.add(ticket.created_at, policy.first_response_minutes)
        ticket.resolution_due_at = calendar.add(ticket.created_at, policy.resolution_minutes)
        ticket.save()
        TicketTransition.objects.create(ticket=ticket, from_status="", to_status="new")
    for title, category, body in ARTICLES:
        article = Article.objects.create(
            title=title,
            slug=title.lower().replace(" ", "-"),
            category=category,
            body=body,
            status=ArticleStatus.PUBLISHED,
            published_at=timezone.now(),
            author_id=getattr(owner, "pk", None),
        )
        ArticleVersion.objects.create(
            article=article, version=1, title=title, body=body, editor_id=getattr(owner, "pk", None)
        )
