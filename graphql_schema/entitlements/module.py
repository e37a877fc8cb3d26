"""Service entitlements in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.entitlements.module import ENTITLEMENTS

from .mutations import EntitlementsMutation
from .queries import EntitlementsQuery

ENTITLEMENTS_API = ApiModule(
    "entitlements", query=EntitlementsQuery, mutation=EntitlementsMutation, domain=ENTITLEMENTS
)
