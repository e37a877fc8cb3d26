"""Where other modules plug into the service desk without the desk importing them.

- ``on_ticket_arrival(hook)``: ``hook(membership, ticket)`` runs inside the transaction that creates a
  ticket, once it is saved and before its SLA due times are set (e.g. entitlements link and consume).
  A ``ServiceError`` it raises refuses the ticket (nothing is written).
- ``override_sla(hook)``: ``hook(tickets) -> {ticket pk: SlaPolicy}`` names the policy that applies to
  some of these tickets instead of their priority's (e.g. an entitlement's own policy). One query for all.

Hooks are registered from the other module's ``AppConfig.ready`` (once; registering again changes nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

TicketArrival = Callable[[Any, Any], None]
SlaOverride = Callable[[Sequence[Any]], dict[Any, Any]]

ARRIVALS: list[TicketArrival] = []
SLA_OVERRIDES: list[SlaOverride] = []


def on_ticket_arrival(hook: TicketArrival) -> None:
    if hook not in ARRIVALS:
        ARRIVALS.append(hook)


def override_sla(hook: SlaOverride) -> None:
    if hook not in SLA_OVERRIDES:
        SLA_OVERRIDES.append(hook)
