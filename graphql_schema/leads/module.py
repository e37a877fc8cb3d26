"""The leads module in the API (listed in graphql_schema.modules)."""

from graphql_schema.registry import ApiModule
from saas.leads.module import LEADS

from .mutations import LeadsMutation
from .queries import LeadsQuery

LEADS_API = ApiModule("leads", query=LeadsQuery, mutation=LeadsMutation, domain=LEADS)
