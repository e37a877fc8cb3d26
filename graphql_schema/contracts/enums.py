"""The fixed value sets of contracts and development plans, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.contracts import models

strawberry.enum(
    models.ContractStatus,
    name="ContractStatus",
    description="draft → active → expired, terminated or renewed (the last three end a contract).",
)
strawberry.enum(models.BillingFrequency, name="BillingFrequency", description="How often the customer is billed.")
strawberry.enum(models.PlanStatus, name="DevelopmentPlanStatus", description="Where a development plan stands.")

ContractStatus = models.ContractStatus
BillingFrequency = models.BillingFrequency
PlanStatus = models.PlanStatus
