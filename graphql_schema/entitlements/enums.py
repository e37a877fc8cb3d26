"""The fixed value sets of entitlements, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.entitlements import models

strawberry.enum(
    models.EntitlementKind,
    name="EntitlementKind",
    description="What an entitlement counts: incidents (tickets), support hours, or nothing (unlimited).",
)
strawberry.enum(
    models.EntitlementStatus,
    name="EntitlementStatus",
    description="Active (tickets may use it), exhausted (used up), expired (past its end) or cancelled.",
)
strawberry.enum(models.UsageKind, name="EntitlementUsageKind", description="What a ticket used: an incident or hours.")

EntitlementKind = models.EntitlementKind
EntitlementStatus = models.EntitlementStatus
UsageKind = models.UsageKind
