"""Users, teams, roles, keys and sharing in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.access.module import ACCESS

from .schema import AccessMutation, AccessQuery

ACCESS_API = ApiModule("access", query=AccessQuery, mutation=AccessMutation, domain=ACCESS)
