"""The service module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.service.module import SERVICE

from .mutations import ServiceMutation
from .queries import ServiceQuery

SERVICE_API = ApiModule("service", query=ServiceQuery, mutation=ServiceMutation, domain=SERVICE)
