"""A tenant host serving the registry's modules plus the throw-away one (``pytest.mark.urls``)."""

from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from graphql_schema.modules import MODULES
from graphql_schema.registry import root_types
from graphql_schema.schema import build_tenant_schema
from graphql_schema.views import CrmGraphQLView

from .api import SAMPLE_API

sample_schema = build_tenant_schema(root_types([*MODULES, SAMPLE_API]))

urlpatterns = [path("graphql/", csrf_exempt(CrmGraphQLView.as_view(schema=sample_schema)), name="graphql")]
