"""Integrations in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.integrations.module import INTEGRATIONS

from .schema import IntegrationsMutation, IntegrationsQuery

INTEGRATIONS_API = ApiModule(
    "integrations", query=IntegrationsQuery, mutation=IntegrationsMutation, domain=INTEGRATIONS
)
