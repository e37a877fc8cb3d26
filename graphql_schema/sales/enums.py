"""The fixed value sets of the sales module, as GraphQL enums (see graphql_schema.customers.enums)."""

from __future__ import annotations

import strawberry

from saas.sales import models

strawberry.enum(models.StageKind, name="StageKind", description="Open stages hold live deals; won and lost close them.")

StageKind = models.StageKind
strawberry.enum(
    models.ForecastCategory,
    name="ForecastCategory",
    description="Where a deal counts in the forecast: pipeline, best case, commit, or left out (omitted).",
)

ForecastCategory = models.ForecastCategory
