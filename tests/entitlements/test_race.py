"""Two tickets arriving at once never take the last incident twice (the entitlement's row is locked)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import timedelta

from django.db import connection as django_connection
from django.db import transaction

from saas.customers import services as customers
from saas.entitlements import services
from saas.entitlements.models import Entitlement, EntitlementUsage, TicketEntitlement
from saas.service import services as desk
from tenants.db import connection
from tenants.models import Membership
from tests.conftest import Workspace
from tests.sync.conftest import committed as committed  # workspaces whose writes really commit
from tests.sync.conftest import in_own_thread, on_own_connection

from .conftest import today


def in_thread(ws: Workspace, seat: Membership, work: Callable[[Membership], None]) -> threading.Thread:
    def run() -> None:
        try:
            connection.set_tenant(ws.tenant)
            work(seat)
        finally:
            django_connection.close()

    return threading.Thread(target=run)


@on_own_connection
def test_the_last_incident_goes_to_one_of_two_tickets_arriving_together(
    committed: Callable[[str], Workspace],
) -> None:
    ws = committed("race")
    seat = Membership.objects.select_related("user", "tenant").get(user=ws.owner, tenant=ws.tenant)
    connection.set_tenant(ws.tenant)
    company = customers.create_company(seat, {"name": "Globex"})
    data = {"name": "Last one", "company": company.pk, "kind": "incidents", "allowance": 1,
            "start_date": today() - timedelta(days=1), "end_date": today() + timedelta(days=9)}  # fmt: skip
    entitlement = services.create_entitlement(seat, data)
    started, release = threading.Event(), threading.Event()

    def slow(member: Membership) -> None:
        with transaction.atomic():
            desk.create_ticket(member, {"subject": "First", "company": company.pk})
            started.set()
            release.wait(30)  # holds the entitlement's row lock until it commits

    def quick(member: Membership) -> None:
        desk.create_ticket(member, {"subject": "Second", "company": company.pk})

    first = in_thread(ws, seat, slow)
    first.start()
    started.wait(30)
    second = in_thread(ws, seat, quick)
    second.start()
    second.join(1)
    assert second.is_alive()  # waiting for the lock
    release.set()
    first.join()
    second.join()

    def check() -> None:
        connection.set_tenant(ws.tenant)
        assert Entitlement.objects.get(pk=entitlement.pk).used == 1
        assert Entitlement.objects.get(pk=entitlement.pk).status == "exhausted"
        assert EntitlementUsage.objects.count() == 1
        assert list(TicketEntitlement.objects.values_list("ticket__subject", flat=True)) == ["First"]

    in_own_thread(check)
