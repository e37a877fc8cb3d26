"""``/graphql/``: the public schema on the base domain, the tenant schema on tenant hosts."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from strawberry.django.views import GraphQLView

from saas.json_values import text_problem
from tenants.middleware import foreign_origin, is_public

from .core import sqlpages
from .extensions import code_parse_errors
from .schema import public_schema, tenant_schema

MAX_BODY_DEPTH = 32  # levels of arrays and objects in a request body
MAX_BODY_VALUES = 20_000  # values of any kind in a request body (a batch included)


class RequestRefused(Exception):
    """A request body this API will not read; answered with a typed 400."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def response(self, request: HttpRequest, status: int = 400) -> HttpResponse:
        error = {"message": self.message, "extensions": {"code": self.code}}
        if wants_graphql_response(request):  # a request error: no ``data`` at all (GraphQL over HTTP)
            return JsonResponse({"errors": [error]}, status=status, content_type=GRAPHQL_RESPONSE)
        return JsonResponse({"data": None, "errors": [error]}, status=status)


GRAPHQL_RESPONSE = "application/graphql-response+json; charset=utf-8"


def _quality(accept: str) -> dict[str, float]:
    """The ``Accept`` header as ``{media type: q}``."""
    ranks: dict[str, float] = {}
    for part in accept.split(","):
        media_type, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if media_type:
            ranks[media_type.lower()] = max(q, ranks.get(media_type.lower(), 0.0))
    return ranks


def wants_graphql_response(request: HttpRequest) -> bool:
    """``application/graphql-response+json`` when the client ranks it at least as high as ``application/json``.

    Clients that say nothing, or ``*/*``, get ``application/json`` as before (the spec's watershed rule).
    """
    ranks = _quality(request.headers.get("Accept", ""))
    wanted = ranks.get("application/graphql-response+json", 0.0)
    legacy = max(ranks.get("application/json", 0.0), ranks.get("application/*", 0.0), ranks.get("*/*", 0.0))
    return wanted > 0 and wanted >= legacy


def is_request_error(result: Any) -> bool:
    """Nothing ran: the document did not parse or validate, a variable did not coerce, or a check refused it.

    Field errors always have a path; an error before execution never has one.
    """
    errors = getattr(result, "errors", None) or []
    return bool(errors) and result.data is None and all(error.path is None for error in errors)


def decode_body(data: str | bytes) -> object:
    """The request's JSON, held to ``MAX_BODY_DEPTH`` and ``MAX_BODY_VALUES`` before GraphQL sees it.

    The standard decoder recurses: a body nested a few thousand levels deep would raise
    ``RecursionError`` (a 500) rather than a ``JSONDecodeError``; NaN and Infinity are not JSON.
    """
    try:
        decoded = json.loads(data, parse_constant=_refuse_constant)
    except RecursionError:
        raise RequestRefused("REQUEST_TOO_DEEP", f"The request body nests deeper than {MAX_BODY_DEPTH} levels.")
    except RequestRefused:
        raise
    except (ValueError, UnicodeDecodeError):  # JSONDecodeError, and integers too long to read
        raise RequestRefused("INVALID_JSON", "The request body is not valid JSON.")
    stack: list[tuple[object, int]] = [(decoded, 0)]
    values = 0
    while stack:
        item, depth = stack.pop()
        values += 1
        if values > MAX_BODY_VALUES:
            raise RequestRefused("REQUEST_TOO_LARGE", f"The request body holds more than {MAX_BODY_VALUES} values.")
        if isinstance(item, dict | list):
            if depth >= MAX_BODY_DEPTH:
                raise RequestRefused("REQUEST_TOO_DEEP", f"The request body nests deeper than {MAX_BODY_DEPTH} levels.")
            if isinstance(item, dict) and any(_lone_surrogate(key) for key in item):
                # Names are echoed in errors ("field ... is not defined"), and a response cannot hold a lone
                # surrogate. (Values are checked by their type later, naming the field.)
                raise RequestRefused("INVALID_TEXT", "A name in the request body holds a lone surrogate.")
            stack.extend((child, depth + 1) for child in (item.values() if isinstance(item, dict) else item))
    for operation in decoded if isinstance(decoded, list) else [decoded]:
        if isinstance(operation, dict):
            _check_document_text(operation)
    return decoded


def _check_document_text(operation: dict[str, Any]) -> None:
    """The query text and operation name are echoed in errors: they must be text the response can hold."""
    for key in ("query", "operationName"):
        value = operation.get(key)
        if isinstance(value, str) and text_problem(value) is not None:
            raise RequestRefused("INVALID_TEXT", f"`{key}` holds a NUL character or a lone surrogate.")


def _lone_surrogate(text: str) -> bool:
    problem = text_problem(text)
    return problem is not None and problem[0] == "invalid_unicode"


def _refuse_constant(name: str) -> object:
    raise RequestRefused("INVALID_JSON", f"`{name}` is not a JSON number.")


class CrmGraphQLView(GraphQLView):
    """strawberry's view; list pages PostgreSQL built go into the response as the JSON text it wrote."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        except RequestRefused as refused:
            return refused.response(request)

    def process_result(self, request: HttpRequest, result: Any) -> Any:
        code_parse_errors(result.errors)
        data = super().process_result(request, result)
        if wants_graphql_response(request) and is_request_error(result):
            data.pop("data", None)  # the spec: a request error has no ``data`` entry at all
            codes = {(error.extensions or {}).get("code") for error in result.errors}
            self.request_error_status = 500 if codes == {"INTERNAL_SERVER_ERROR"} else 400
        return data

    def create_response(self, response_data: Any, sub_response: HttpResponse) -> HttpResponseBase:
        response = super().create_response(response_data, sub_response)
        if wants_graphql_response(self.request):
            response["Content-Type"] = GRAPHQL_RESPONSE
            status = getattr(self, "request_error_status", None)
            if status is not None and not sub_response.status_code and not isinstance(response_data, list):
                response.status_code = status  # 429 (rate limited) and other set statuses stay
        return response

    def decode_json(self, data: str | bytes) -> object:
        return decode_body(data)

    def get_context(self, request: HttpRequest, response: HttpResponse) -> Any:
        context: Any = super().get_context(request, response)
        context.raw_json = True  # see graphql_schema/core/sqlpages.py
        return context

    def encode_json(self, data: object) -> str:
        return sqlpages.dumps(data)


_ide = "graphiql" if settings.GRAPHIQL else None
_public_view = CrmGraphQLView.as_view(schema=public_schema, graphql_ide=_ide)
_tenant_view = CrmGraphQLView.as_view(schema=tenant_schema, graphql_ide=_ide)


# Cookies are SameSite=Lax and mutations need a JSON body, so a cross-site form can neither
# carry the session nor post GraphQL. Other tenants' hosts are the same site, though: a POST
# that rides on the session cookie must come from this very host (see ``foreign_origin``).
@csrf_exempt
def graphql(request: HttpRequest) -> HttpResponseBase:
    origin = foreign_origin(request)
    if origin is not None:
        return RequestRefused(
            "FORBIDDEN_ORIGIN", "A signed-in browser may post here only from this workspace's own pages."
        ).response(request, status=403)
    view = _public_view if is_public(request) else _tenant_view
    return view(request)
