"""The fixed value sets of the customers module, as GraphQL enums.

Each ``TextChoices`` class is registered with strawberry once (which marks the class itself), so
inputs and types annotate with the class as it is: a real type for mypy, an enum for GraphQL.
"""

from __future__ import annotations

import strawberry

from graphql_schema.core.saved_views import SavedViewRecordType as SavedViewRecordType  # the kernel's, by registry
from saas.customers import models

DESCRIPTIONS = {
    models.LifecycleStage: "Where a customer stands with you: prospect, active, dormant or lost.",
    models.CustomerLevel: "A customer's value tier, the workspace's own grading: strategic, then A, B, C.",
    models.CompanySize: "A company's headcount band (employees).",
    models.CustomerSource: "Where a customer came from: website, referral, trade show, import, ...",
    models.CreditRating: "A company's credit rating, AAA (best) down to C.",
    models.BuyingRole: "A contact's part in the buying decision.",
    models.InteractionKind: "What kind of touch an interaction was: call, e-mail, meeting, visit, chat, ...",
    models.InteractionDirection: "Who started an interaction: the customer (inbound), we (outbound), or internal.",
}
for choices, description in DESCRIPTIONS.items():
    strawberry.enum(choices, name=choices.__name__, description=description)
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
