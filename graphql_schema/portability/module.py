"""Data portability in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.portability.module import PORTABILITY

from .schema import PortabilityMutation, PortabilityQuery

PORTABILITY_API = ApiModule("portability", query=PortabilityQuery, mutation=PortabilityMutation, domain=PORTABILITY)
