"""The fixed value sets of the service module, as GraphQL enums (the ``TextChoices`` classes themselves)."""

from __future__ import annotations

import strawberry

from saas.service import models

DESCRIPTIONS = {
    models.TicketStatus: "Where a ticket is: new → assigned → in progress ⇄ waiting on customer → resolved → closed "
    "→ archived; resolved tickets may be reopened (in progress).",
    models.TicketPriority: "How urgent a ticket is; each priority may have an SLA policy.",
    models.TicketChannel: "Where a ticket came in.",
    models.TicketKind: "What a ticket is: a case, a service request or a complaint.",
    models.MessageVisibility: "Who sees a ticket message: the customer too (a reply) or only the team (a note).",
    models.ArticleStatus: "A knowledge-base article's state: only published ones are on the public help page.",
}
for choices, description in DESCRIPTIONS.items():
    strawberry.enum(choices, name=choices.__name__, description=description)

TicketStatus = models.TicketStatus
TicketPriority = models.TicketPriority
TicketChannel = models.TicketChannel
TicketKind = models.TicketKind
MessageVisibility = models.MessageVisibility
ArticleStatus = models.ArticleStatus
