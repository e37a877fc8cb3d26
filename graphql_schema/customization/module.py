"""Customization in the API (listed in graphql_schema.modules)."""

import strawberry

from graphql_schema.registry import ApiModule
from saas.customization.module import CUSTOMIZATION

from .picklists import PicklistMutation, PicklistQuery
from .schema import CustomizationMutation, CustomizationQuery


@strawberry.type
class Query(CustomizationQuery, PicklistQuery):
    """Custom fields and picklists."""


@strawberry.type
class Mutation(CustomizationMutation, PicklistMutation):
    """Custom fields and picklists."""


CUSTOMIZATION_API = ApiModule("customization", query=Query, mutation=Mutation, domain=CUSTOMIZATION)
