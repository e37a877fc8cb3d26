"""The fixed value sets of the customers module, as GraphQL enums."""

from __future__ import annotations

import strawberry

from graphql_schema.core.saved_views import SavedViewRecordType as SavedViewRecordType  # the kernel's, by registry
from saas.customers import models

LifecycleStage = strawberry.enum(models.LifecycleStage, name="LifecycleStage")
CustomerLevel = strawberry.enum(models.CustomerLevel, name="CustomerLevel")
CompanySize = strawberry.enum(models.CompanySize, name="CompanySize")
CustomerSource = strawberry.enum(models.CustomerSource, name="CustomerSource")
CreditRating = strawberry.enum(models.CreditRating, name="CreditRating")
BuyingRole = strawberry.enum(models.BuyingRole, name="BuyingRole")
InteractionKind = strawberry.enum(models.InteractionKind, name="InteractionKind")
InteractionDirection = strawberry.enum(models.InteractionDirection, name="InteractionDirection")
