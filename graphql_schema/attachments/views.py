"""The attachments' two HTTP endpoints: upload (multipart) and download (signed link).

``POST /attachments/upload``: ``multipart/form-data`` with ``file`` and ``recordId`` (the record's global
id). Authenticated as any API request (session cookie from this very host, bearer token or API key).
Answers ``{"attachment": {...}}`` (the fields of the API's ``Attachment``) or ``{"errors": [{field,
message, code}]}`` with status 400 (401 signed out, 403 another site's page).

``GET /attachments/file/<token>``: the file a link of ``Attachment.downloadUrl`` / ``previewUrl`` names,
for the member it was made for, while it is valid and the member may read the record; 404 otherwise.
"""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from graphql_schema.core.mutations import global_id
from graphql_schema.core.nodes import parse_global_id
from saas.attachments import services
from saas.attachments.models import Attachment
from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.middleware import foreign_origin
from tenants.models import Tenant


def _errors(error: ServiceError, status: int = 400) -> JsonResponse:
    payload = [{"field": e.field, "message": e.message, "code": str(e.code)} for e in error.errors]
    return JsonResponse({"errors": payload}, status=status)


def described(attachment: Attachment, tenant: Tenant, user_id: int) -> dict[str, Any]:
    """The attachment as the API's ``Attachment`` type shows it (camelCase names)."""
    preview = services.link(attachment, tenant, user_id, inline=True)
    return {
        "id": global_id("Attachment", attachment.pk),
        "fileName": attachment.file_name,
        "contentType": attachment.content_type,
        "size": attachment.size,
        "recordId": global_id(attachment.record_type, attachment.record_id),
        "createdAt": attachment.created_at.isoformat(),
        "downloadUrl": services.link(attachment, tenant, user_id).url,
        "previewUrl": preview.url if attachment.content_type in services.PREVIEWABLE else None,
    }


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
    record = parse_global_id(request.POST.get("recordId", ""))
    try:
        attachment = services.upload(
            membership, (record.type_name, record.node_id) if record else None, file.name or "", file
        )
    except ServiceError as error:
        return _errors(error)
    return JsonResponse({"attachment": described(attachment, request.tenant, membership.user_id)})  # type: ignore[attr-defined]


@require_GET
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    tenant = getattr(request, "tenant", None)
    membership = getattr(request, "membership", None)
    attachment = services.for_token(token, tenant, membership) if isinstance(tenant, Tenant) else None
    if attachment is None:
        return JsonResponse(
            {"errors": [{"message": "This download link is invalid or has expired.", "code": "not_found"}]},
            status=404,
        )
    inline = request.GET.get("inline") == "1" and attachment.content_type in services.PREVIEWABLE
    response = FileResponse(
        services.open_file(attachment),
        content_type=attachment.content_type,
        as_attachment=not inline,
        filename=attachment.file_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if attachment.content_type.startswith("image/"):
        response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    if inline:  # the web client shows previews in a frame of its own pages, never of another site's
        response["X-Frame-Options"] = "SAMEORIGIN"
    return response
