"""The fixed value sets of warranties and repair orders, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.repairs import models

strawberry.enum(models.Coverage, name="WarrantyCoverage", description="What a warranty covers: parts, labour or both.")
strawberry.enum(
    models.WarrantyStatus, name="WarrantyStatus", description="Active, expired (past its end date) or void."
)
strawberry.enum(
    models.RepairStatus,
    name="RepairStatus",
    description="received → diagnosing → awaiting parts ⇄ in repair → ready → returned; cancelled before returned.",
)
strawberry.enum(
    models.LineKind, name="RepairLineKind", description="A part, labour or a fee (diagnostics, shipping...)."
)

Coverage = models.Coverage
WarrantyStatus = models.WarrantyStatus
RepairStatus = models.RepairStatus
LineKind = models.LineKind
