"""Customization in the API (listed in graphql_schema.modules)."""

import strawberry

from graphql_schema.registry import ApiModule
from saas.customization.module import CUSTOMIZATION

from .layouts import LayoutMutation, LayoutQuery
from .picklists import PicklistMutation, PicklistQuery
from .schema import CustomizationMutation, CustomizationQuery


@strawberry.type
class Query(CustomizationQuery, PicklistQuery, LayoutQuery):
    """Custom fields, picklists and record layouts."""


@strawberry.type
class Mutation(CustomizationMutation, PicklistMutation, LayoutMutation):
    """Custom fields, picklists and record layouts."""


CUSTOMIZATION_API = ApiModule("customization", query=Query, mutation=Mutation, domain=CUSTOMIZATION)
