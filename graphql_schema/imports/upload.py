"""``POST /imports/upload``: a CSV or XLSX file for an import, as ``multipart/form-data``.

Fields: ``file``, ``recordType`` (``Contact``, ``Company``...) and, for CSV, ``encoding`` (UTF-8 by
default). Authenticated as any API request (session cookie from this very host, bearer token or API
key). Answers ``{"dataImport": {"id", "rowCount", "headers", ...}}`` (the id is the ``DataImport``'s
global id, for ``startImport``) or ``{"errors": [{field, message, code}]}`` with status 400.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from graphql_schema.core.mutations import global_id
from saas.errors import ErrorCode, FieldError, ServiceError
from saas.imports import services
from tenants.middleware import foreign_origin


def _errors(error: ServiceError, status: int = 400) -> JsonResponse:
    payload = [{"field": e.field, "message": e.message, "code": str(e.code)} for e in error.errors]
    return JsonResponse({"errors": payload}, status=status)


@csrf_exempt  # as /graphql/: cookie-carrying requests from another origin are refused below
@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    if foreign_origin(request) is not None:
        return _errors(ServiceError(FieldError(None, "Not from this site.", "forbidden_origin")), 403)
    membership = getattr(request, "membership", None)
    if membership is None:
        return _errors(ServiceError(FieldError(None, "Sign in as a member of this workspace.", "unauthenticated")), 401)
    file = request.FILES.get("file")
    if file is None:
        return _errors(ServiceError(FieldError("file", "Send the file as `file`.", ErrorCode.REQUIRED)))
    try:
        with transaction.atomic():
            data_import = services.upload(
                membership,
                request.POST.get("recordType", ""),
                file.name or "",
                file,
                request.POST.get("encoding") or "utf-8",
            )
    except ServiceError as error:
        return _errors(error)
    return JsonResponse(
        {
            "dataImport": {
                "id": global_id("DataImport", data_import.pk),
                "recordType": data_import.record_type,
                "fileName": data_import.file_name,
                "rowCount": data_import.row_count,
                "headers": data_import.headers,
                "sample": data_import.sample,
                "mapping": [{"column": c, "field": f} for c, f in data_import.mapping.items()],
            }
        }
    )
