"""The fixed value sets of the catalogue, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.catalog import models

strawberry.enum(models.QuoteStatus, name="QuoteStatus", description="draft → sent → accepted, rejected or expired.")
strawberry.enum(
    models.OrderStatus,
    name="OrderStatus",
    description="open → partially fulfilled → fulfilled; open or partially fulfilled → cancelled.",
)

QuoteStatus = models.QuoteStatus
OrderStatus = models.OrderStatus
