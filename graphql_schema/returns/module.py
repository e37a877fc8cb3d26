"""Return requests and claims in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.returns.module import RETURNS

from .mutations import ReturnsMutation
from .queries import ReturnsQuery

RETURNS_API = ApiModule("returns", query=ReturnsQuery, mutation=ReturnsMutation, domain=RETURNS)
