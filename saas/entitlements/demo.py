"""Sample entitlements for the demo workspace (declared in saas.entitlements.module).

Runs after the customers, service and contracts seeders (module order): the company the demo's tickets
belong to gets a block of incidents that those tickets used, another company gets support hours from its
support-plan contract (with a ticket worked under them), a third unlimited priority support on its own SLA
policy, and last year's block shows as expired. Written through the services, so usage, statuses and the
tickets' links are what the desk would have made.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from saas.contracts.models import Contract
from saas.customers.models import Company
from saas.service import services as desk
from saas.service.models import SlaPolicy, Ticket
from tenants.models import Membership

from . import services
from .models import Entitlement, EntitlementKind


def seed_entitlements(tenant: Any, members: list[Any]) -> None:
    if not members:
        return
    member = Membership.objects.filter(user=members[0], tenant=tenant).first()
    if member is None:
        return
    today = services.today()
    ticketed = Ticket.objects.filter(company__isnull=False).values_list("company_id", flat=True).first()
    companies = list(Company.objects.exclude(pk=ticketed).order_by("created_at", "id")[:2])
    first = Company.objects.filter(pk=ticketed).first() or (companies.pop(0) if companies else None)
    if first is None:
        return

    def create(
        company: Company, name: str, kind: str, allowance: str | None, start: int, end: int, **more: Any
    ) -> Entitlement:
        return services.create_entitlement(member, {
            "name": name, "company": company.pk, "kind": kind, "allowance": Decimal(allowance) if allowance else None,
            "start_date": today + timedelta(days=start), "end_date": today + timedelta(days=end), **more,
        })  # fmt: skip

    create(first, f"Incident pack {today.year - 1}", EntitlementKind.INCIDENTS, "10", -400, -35)
    create(first, f"Incident pack {today.year}", EntitlementKind.INCIDENTS, "10", -30, 335)
    for ticket in Ticket.objects.filter(company=first).order_by("created_at", "id"):
        services.ticket_arrived(member, ticket)  # the demo's tickets were written before this module's hook ran

    if companies:
        second = companies[0]
        contract = Contract.objects.filter(company=second).order_by("number").first()
        create(second, "Support hours", EntitlementKind.HOURS, "40", -20, 345,
               contract=contract.pk if contract else None)  # fmt: skip
        ticket = desk.create_ticket(member, {
            "subject": "Set up single sign-on for the sales team", "priority": "normal", "category": "access",
            "company": second.pk,
        })  # fmt: skip
        services.record_hours(member, ticket.pk, Decimal("3.5"), "Configured the identity provider")
    if len(companies) > 1:
        urgent = SlaPolicy.objects.filter(priority="urgent").first()
        create(companies[1], "Priority support (unlimited)", EntitlementKind.UNLIMITED, None, -90, 275,
               sla_policy=urgent.pk if urgent else None, channels=["phone", "email"])  # fmt: skip
