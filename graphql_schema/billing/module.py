"""Billing in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.billing.module import BILLING

from .metering import ApiRequestMeter
from .schema import BillingMutation, BillingQuery
from .unpaid import UnpaidGate

BILLING_API = ApiModule(
    "billing", query=BillingQuery, mutation=BillingMutation, domain=BILLING, extensions=(UnpaidGate, ApiRequestMeter)
)
