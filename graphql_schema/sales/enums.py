"""The fixed value sets of the sales module, as GraphQL enums (see graphql_schema.customers.enums)."""

from __future__ import annotations

import strawberry

from saas.sales import models

strawberry.enum(models.StageKind, name="StageKind", description="Open stages hold live deals; won and lost close them.")

StageKind = models.StageKind
