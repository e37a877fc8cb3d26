"""The service module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule, root_type
from saas.service.module import SERVICE

from .mutations import ServiceMutation
from .queries import ServiceQuery
from .surveys import SurveyMutation, SurveyQuery

SERVICE_API = ApiModule(
    "service",
    query=root_type("ServiceQuery", [ServiceQuery, SurveyQuery]),
    mutation=root_type("ServiceMutation", [ServiceMutation, SurveyMutation]),
    domain=SERVICE,
)
