"""Invoicing in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.invoicing.module import INVOICING

from .mutations import InvoicingMutation
from .queries import InvoicingQuery

INVOICING_API = ApiModule("invoicing", query=InvoicingQuery, mutation=InvoicingMutation, domain=INVOICING)
