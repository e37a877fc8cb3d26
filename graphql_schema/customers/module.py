"""The customers module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.customers.module import CUSTOMERS

from .mutations import CustomersMutation
from .queries import CustomersQuery

CUSTOMERS_API = ApiModule("customers", query=CustomersQuery, mutation=CustomersMutation, domain=CUSTOMERS)
