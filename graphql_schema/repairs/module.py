"""Warranties and repair orders in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.repairs.module import REPAIRS

from .mutations import RepairsMutation
from .queries import RepairsQuery

REPAIRS_API = ApiModule("repairs", query=RepairsQuery, mutation=RepairsMutation, domain=REPAIRS)
