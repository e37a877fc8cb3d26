"""The fixed value sets of forecasting, as GraphQL enums."""

from __future__ import annotations

import strawberry

from saas.forecasting import models

strawberry.enum(
    models.PeriodKind,
    name="ForecastPeriod",
    description="A month, quarter or year of the workspace's fiscal year (see `fiscalYearStartMonth`).",
)

ForecastPeriod = models.PeriodKind
