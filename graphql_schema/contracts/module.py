"""Contracts and development plans in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.contracts.module import CONTRACTS

from .mutations import ContractsMutation
from .queries import ContractsQuery

CONTRACTS_API = ApiModule("contracts", query=ContractsQuery, mutation=ContractsMutation, domain=CONTRACTS)
