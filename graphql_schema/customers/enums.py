"""The fixed value sets of the customers module, as GraphQL enums.

Each ``TextChoices`` class is registered with strawberry once (which marks the class itself), so
inputs and types annotate with the class as it is: a real type for mypy, an enum for GraphQL.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.saved_views import SavedViewRecordType as SavedViewRecordType  # the kernel's, by registry
from saas.customers import models

for choices in (
    models.LifecycleStage,
    models.CustomerLevel,
    models.CompanySize,
    models.CustomerSource,
    models.CreditRating,
    models.BuyingRole,
    models.InteractionKind,
    models.InteractionDirection,
):
    strawberry.enum(choices, name=choices.__name__)
strawberry.enum(
    models.InteractionChannel,
    name="InteractionChannel",
    description="The connector a message came in or went out through (e-mail inbox, SMS, WeChat).",
)

LifecycleStage = models.LifecycleStage
CustomerLevel = models.CustomerLevel
CompanySize = models.CompanySize
CustomerSource = models.CustomerSource
CreditRating = models.CreditRating
BuyingRole = models.BuyingRole
InteractionKind = models.InteractionKind
InteractionDirection = models.InteractionDirection
InteractionChannel = models.InteractionChannel
