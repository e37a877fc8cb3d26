"""``GET /exports/<list>.<csv|xlsx>``: a whole list as a file, its rows read through the list's own resolver.

The query parameters are the list's GraphQL arguments: ``filter`` and ``orderBy`` (JSON, checked
against the list's input types in the schema, so a key the list does not know is refused with
graphql's own message) and ``search``; plus ``mode`` (``active``, ``pool``, ``deleted``: the list's
root field of that mode), ``columns``, ``customFields`` (keys; absent: all) and ``lang``. So whatever
holds for the list holds here: scope, ``FIELD_HIDDEN`` on a hidden field in ``filter`` / ``orderBy``,
search over visible text only, ``mine``.
Which lists are exportable is declared by the modules (``saas.modules.Module.exports``).
"""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET
from graphql import GraphQLError
from graphql.utilities import validate_input_value
from strawberry.django.context import StrawberryDjangoContext

from saas.errors import FieldError, ServiceError
from saas.exports.files import FORMATS, check_export, columns_of, exportable, file_response, invalid, language_of
from saas.exports.lists import ExportList
from saas.modules import export_lists

from .core_schema import core_schema, resolve_root_field

#: The list arguments an export passes on, by query parameter; JSON ones are decoded first.
ARGUMENTS = ("filter", "orderBy", "search")
JSON_ARGUMENTS = ("filter", "orderBy")


def _errors(error: ServiceError, status: int = 400) -> JsonResponse:
    payload = [{"field": e.field, "message": e.message, "code": e.code} for e in error.errors]
    return JsonResponse({"errors": payload}, status=status)


def _variables(request: HttpRequest, field_name: str) -> dict[str, Any]:
    """The list's arguments from the query string, checked against their GraphQL input types (graphql's messages)."""
    from graphql_schema.schema import tenant_schema  # the schema is built from the modules, after this one

    query_type = core_schema(tenant_schema).query_type
    assert query_type is not None
    declared = query_type.fields[field_name].args
    variables: dict[str, Any] = {}
    for name in ARGUMENTS:
        raw = request.GET.get(name)
        if not raw:
            continue
        if name not in declared:
            raise invalid(name, f"This list takes no {name}.")
        value: Any = raw
        if name in JSON_ARGUMENTS:
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise invalid(name, f"{name} is not JSON.") from exc
        problems: list[str] = []

        def refuse(error: GraphQLError, path: Any, problems: list[str] = problems) -> None:
            where = ".".join(map(str, path or ()))
            problems.append(f"{where}: {error.message}" if where else error.message)

        validate_input_value(value, declared[name].type, refuse)
        if problems:
            raise ServiceError(*(FieldError(name, message, "invalid") for message in problems))
        variables[name] = value  # the JSON as sent: the execution coerces it, as any request's variables
    return variables


def _refused(error: GraphQLError) -> JsonResponse:
    """A refusal of the list (``FIELD_HIDDEN``, ``INVALID_FILTER``, …) with the list's own code and message."""
    extensions = error.extensions or {}
    code = str(extensions.get("code") or "invalid")
    status = {"UNAUTHENTICATED": 401, "FORBIDDEN": 403}.get(code, 400)
    # ``FIELD_HIDDEN`` names its argument; an input rule names where the value was (``$filter.name.eq``).
    where = str(extensions.get("field") or "").lstrip("$").split(".")[0]
    field = extensions.get("argument") or where or ("filter" if code == "INVALID_FILTER" else None)
    return _errors(ServiceError(FieldError(field, error.message, code)), status=status)


def _rows(request: HttpRequest, export: ExportList, mode: str) -> Any:
    from graphql_schema.schema import tenant_schema

    field_name = export.list_fields.get(mode)
    if field_name is None:
        raise invalid("mode", f"Unknown list: {mode}. One of: {', '.join(export.list_fields)}.")
    variables = _variables(request, field_name)
    context = StrawberryDjangoContext(request=request, response=HttpResponse())
    return resolve_root_field(tenant_schema, field_name, variables, context)


@require_GET
def export_list(request: HttpRequest, list_name: str, file_format: str) -> HttpResponseBase:
    """The list's rows the member may export, as a CSV (streamed) or XLSX file."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return _errors(ServiceError(FieldError(None, "Sign in first.", "unauthenticated")), status=401)
    export = export_lists().get(list_name)
    if export is None or file_format not in FORMATS:
        return _errors(ServiceError(FieldError(None, "No such export.", "not_found")), status=404)
    try:
        columns = columns_of(export, membership, request.GET.get("columns"), request.GET.get("customFields"))
        check_export(export, membership)
        queryset = exportable(export, membership, _rows(request, export, request.GET.get("mode") or "active"))
    except GraphQLError as error:
        return _refused(error)
    except ServiceError as error:
        status = 403 if any(e.code == "permission_denied" for e in error.errors) else 400
        return _errors(error, status=status)
    return file_response(request, export, columns, queryset, file_format, language_of(request))
