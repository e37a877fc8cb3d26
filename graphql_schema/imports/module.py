"""The imports module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.imports.module import IMPORTS

from .schema import ImportsMutation, ImportsQuery

IMPORTS_API = ApiModule("imports", query=ImportsQuery, mutation=ImportsMutation, domain=IMPORTS)
