"""The activities module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.activities.module import ACTIVITIES

from .mutations import ActivitiesMutation
from .queries import ActivitiesQuery

ACTIVITIES_API = ApiModule("activities", query=ActivitiesQuery, mutation=ActivitiesMutation, domain=ACTIVITIES)
