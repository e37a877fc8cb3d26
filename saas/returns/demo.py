"""Sample returns and claims for the demo workspace (declared in saas.returns.module).

Runs after customers, sales, catalogue and invoicing (module order), through the services as the owner would:
one order of a demo deal is invoiced and issued, part of it comes back and is refunded by a credit note, a
second return waits for approval, and two claims are in review and settled.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from saas.catalog import services as catalog
from saas.catalog.models import Product
from saas.customers.models import Company
from saas.invoicing import services as invoicing
from saas.sales.models import Deal
from tenants.models import Membership

from . import services
from .models import ClaimKind, ClaimStatus, Resolution, ReturnStatus


def seed_returns(tenant: Any, members: list[Any]) -> None:
    owner = Membership.objects.filter(tenant=tenant, user=members[0]).first() if members else None
    if owner is None:
        return
    deal = Deal.objects.filter(company__isnull=False, currency="USD").order_by("created_at", "id").first()
    product = Product.objects.order_by("created_at", "id").first()
    if deal is not None and product is not None:
        quote = catalog.create_quote(
            owner, {"deal": deal.pk, "lines": [{"product": product.pk, "quantity": 10}],
                    "taxes": [{"name": "VAT", "rate": "20"}]},
        )  # fmt: skip
        catalog.send_quote(owner, quote.pk)
        _, order = catalog.accept_quote(owner, quote.pk)
        invoice = invoicing.invoice_order(owner, order.pk)
        invoicing.issue_invoice(owner, invoice.pk)
        line = order.lines.order_by("position", "id").first()
        assert line is not None
        damaged = services.create_return_request(
            owner, {"order": order.pk, "reason": "Damaged", "resolution": Resolution.REFUND,
                    "notes": "Two arrived with cracked cases.", "lines": [{"order_line": line.pk, "quantity": 2}]},
        )  # fmt: skip
        for status in (ReturnStatus.APPROVED, ReturnStatus.RECEIVED, ReturnStatus.INSPECTED, ReturnStatus.REFUNDED):
            services.move_return_request(owner, damaged.pk, status)
        services.create_return_request(
            owner, {"order": order.pk, "reason": "Wrong item", "resolution": Resolution.REPLACEMENT,
                    "lines": [{"order_line": line.pk, "quantity": 1}]},
        )  # fmt: skip
    companies = list(Company.objects.order_by("created_at", "id")[:2])
    for i, company in enumerate(companies):
        claim = services.create_claim(
            owner,
            {"company": company.pk, "kind": ClaimKind.DAMAGE if i else ClaimKind.WARRANTY,
             "description": "Water damage in transit" if i else "Unit failed within warranty",
             "amount_claimed": Decimal("480") if i else Decimal("1250")},
        )  # fmt: skip
        services.move_claim(owner, claim.pk, ClaimStatus.UNDER_REVIEW)
        if i:
            services.move_claim(owner, claim.pk, ClaimStatus.PARTIALLY_APPROVED, amount_approved=Decimal("300"))
            services.move_claim(owner, claim.pk, ClaimStatus.SETTLED)
