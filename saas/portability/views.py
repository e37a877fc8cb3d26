"""``GET /exports/workspace/<token>.zip``: a finished workspace export, for the member the link was made for."""

from __future__ import annotations

from django.http import FileResponse, HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from tenants.models import Tenant

from . import services


@require_GET
def download(request: HttpRequest, token: str) -> HttpResponseBase:
    """The zip, if the token is this member's, unexpired, and they are (still) an owner or admin; else 404."""
    tenant = getattr(request, "tenant", None)
    membership = getattr(request, "membership", None)
    export = services.for_token(token, tenant, membership) if isinstance(tenant, Tenant) else None
    if export is None:
        return JsonResponse(
            {"errors": [{"message": "This download link is invalid or has expired.", "code": "not_found"}]},
            status=404,
        )
    response = FileResponse(
        services.open_file(export),
        content_type="application/zip",
        as_attachment=True,
        filename=f"{tenant.schema_name}-export-{export.created_at:%Y%m%d-%H%M}.zip",  # type: ignore[union-attr]
    )
    response["Cache-Control"] = "private, no-store"
    return response
