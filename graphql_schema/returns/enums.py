"""The fixed value sets of return requests and claims, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.returns import models

strawberry.enum(
    models.ReturnStatus,
    name="ReturnStatus",
    description="requested → approved → received → inspected → refunded / replaced / closed; or rejected.",
)
strawberry.enum(models.Resolution, name="ReturnResolution", description="What the customer gets: refund, "
                "replacement or repair.")  # fmt: skip
strawberry.enum(models.ClaimKind, name="ClaimKind", description="A warranty claim or a damage claim.")
strawberry.enum(
    models.ClaimStatus,
    name="ClaimStatus",
    description="submitted → under review → approved / partially approved / rejected; approved ones → settled.",
)

ReturnStatus = models.ReturnStatus
Resolution = models.Resolution
ClaimKind = models.ClaimKind
ClaimStatus = models.ClaimStatus
