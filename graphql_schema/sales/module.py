"""The sales module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.sales.module import SALES

from .mutations import SalesMutation
from .queries import SalesQuery

SALES_API = ApiModule("sales", query=SalesQuery, mutation=SalesMutation, domain=SALES)
