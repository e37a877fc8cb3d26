"""The fixed value sets of invoicing, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.invoicing import models

strawberry.enum(
    models.InvoiceStatus,
    name="InvoiceStatus",
    description="draft → issued → partially paid → paid; draft or issued → void. Overdue is `isOverdue`.",
)
strawberry.enum(models.PaymentMethod, name="PaymentMethod", description="How a payment was made.")

InvoiceStatus = models.InvoiceStatus
PaymentMethod = models.PaymentMethod
