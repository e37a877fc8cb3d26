"""Customization in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.customization.module import CUSTOMIZATION

from .schema import CustomizationMutation, CustomizationQuery

CUSTOMIZATION_API = ApiModule(
    "customization", query=CustomizationQuery, mutation=CustomizationMutation, domain=CUSTOMIZATION
)
