"""The catalogue in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.catalog.module import CATALOG

from .mutations import CatalogMutation
from .queries import CatalogQuery

CATALOG_API = ApiModule("catalog", query=CatalogQuery, mutation=CatalogMutation, domain=CATALOG)
