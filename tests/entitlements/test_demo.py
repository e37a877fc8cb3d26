from __future__ import annotations

from decimal import Decimal

import pytest

from saas.entitlements.demo import seed_entitlements
from saas.entitlements.models import Entitlement, EntitlementStatus, TicketEntitlement
from saas.kernel.demo import seed_demo_workspace
from saas.modules import demo_seeders
from saas.service.models import Ticket
from tenants.db import connection


@pytest.mark.django_db
def test_the_demo_workspace_has_entitlements_its_tickets_use() -> None:
    assert seed_entitlements in demo_seeders()
    tenant = seed_demo_workspace()
    connection.set_tenant(tenant)
    by_name = {e.name: e for e in Entitlement.objects.all()}
    assert len(by_name) == 4 and len({e.company_id for e in by_name.values()}) == 3
    pack = next(e for name, e in by_name.items() if name.startswith("Incident pack") and e.status == "active")
    tickets = Ticket.objects.filter(company=pack.company)
    # the desk's sample tickets arrived under this year's pack, one incident each; last year's has expired
    assert tickets.count() == 4 and TicketEntitlement.objects.filter(entitlement=pack).count() == 4
    assert pack.used == 4 and pack.remaining == 6
    assert EntitlementStatus.EXPIRED in {e.status for e in by_name.values()}
    hours = by_name["Support hours"]
    assert hours.used == Decimal("3.5") and hours.ticket_links.count() == 1 and hours.contract_id is not None
    unlimited = by_name["Priority support (unlimited)"]
    assert unlimited.remaining is None and unlimited.sla_policy is not None and unlimited.channels == ["phone", "email"]
