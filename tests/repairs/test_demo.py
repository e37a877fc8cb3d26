from __future__ import annotations

from decimal import Decimal

import pytest

from saas.kernel.demo import seed_demo_workspace
from saas.repairs.models import RepairOrder, RepairStatus, Warranty
from tenants.db import connection


@pytest.mark.django_db
def test_the_demo_workspace_has_warranties_and_repair_orders_in_every_stage() -> None:
    tenant = seed_demo_workspace()
    connection.set_tenant(tenant)
    assert Warranty.objects.count() == 4
    orders = {order.serial_number: order for order in RepairOrder.objects.prefetch_related("lines")}
    assert len(orders) == 4

    # under a parts-and-labour warranty: everything covered, nothing charged; returned after four moves
    scanner = orders["SCN-24-00117"]
    assert scanner.status == RepairStatus.RETURNED and scanner.warranty is not None
    assert all(line.covered for line in scanner.lines.all())
    assert scanner.subtotal == scanner.covered_amount == Decimal("69.90") and scanner.total == 0
    assert scanner.status_changes.count() == 5

    # parts only: the thermal head is covered, labour and shipping are charged with 8% tax
    printer = orders["PRT-24-10322"]
    assert printer.status == RepairStatus.AWAITING_PARTS
    assert printer.covered_amount == Decimal("74.50") and printer.total == Decimal("81.00")

    # the printer's warranty ran out before it came in: no match
    assert orders["PRT-23-08841"].warranty is None and orders["PRT-23-08841"].total == Decimal("37.80")
    assert orders["SCN-23-00460"].status == RepairStatus.RECEIVED
