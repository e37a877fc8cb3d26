"""``/graphql/``: the public schema on the base domain, the tenant schema on tenant hosts."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from tenants.middleware import is_public

from .core import sqlpages
from .schema import public_schema, tenant_schema


class CrmGraphQLView(GraphQLView):
    """strawberry's view; list pages PostgreSQL built go into the response as the JSON text it wrote."""

    def get_context(self, request: HttpRequest, response: HttpResponse) -> Any:
        context: Any = super().get_context(request, response)
        context.raw_json = True  # see graphql_schema/core/sqlpages.py
        return context

    def encode_json(self, data: object) -> str:
        return sqlpages.dumps(data)


_ide = "graphiql" if settings.GRAPHIQL else None
_public_view = CrmGraphQLView.as_view(schema=public_schema, graphql_ide=_ide)
_tenant_view = CrmGraphQLView.as_view(schema=tenant_schema, graphql_ide=_ide)


# Cookies are SameSite=Lax and mutations need a JSON body, so a cross-site form
# can neither carry the session nor post GraphQL.
@csrf_exempt
def graphql(request: HttpRequest) -> HttpResponseBase:
    view = _public_view if is_public(request) else _tenant_view
    return view(request)
