"""``GET /documents/<kind>/<id>.pdf``: a sales document's PDF for a signed-in member who may read it.

``document_pdf`` makes such a view for any record type (quotes here, invoices in ``saas.invoicing``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from saas.access import policy
from saas.errors import ServiceError
from saas.kernel.services import get_for

from .models import Quote
from .pdf import render_quote


def document_pdf(
    model: type[models.Model],
    render: Callable[[Any, str], bytes],
    file_name: Callable[[Any], str],
    figures_field: str = "total",
) -> Callable[[HttpRequest, Any], HttpResponse]:
    """A view serving ``render(record, locale)``: 401 signed out, 404 for a record the member may not read.

    ``locale`` is the workspace's (``Tenant.locale``): the document's words follow it.

    A PDF without its figures is no sales document: a role whose rule hides ``figures_field`` gets 403.
    """

    @require_GET
    def view(request: HttpRequest, record_id: Any) -> HttpResponse:
        membership = getattr(request, "membership", None)
        if membership is None:
            return JsonResponse({"errors": [{"field": None, "message": "Sign in first.", "code": "unauthenticated"}]},
                                status=401)  # fmt: skip
        try:
            record = get_for(membership, model, record_id, "read")
        except ServiceError as error:
            payload = [{"field": e.field, "message": e.message, "code": e.code} for e in error.errors]
            return JsonResponse({"errors": payload}, status=404)
        if policy.field_rule(membership, model, figures_field) == "hidden":
            message = "Your role may not see this document's amounts."
            return JsonResponse({"errors": [{"field": None, "message": message, "code": "forbidden"}]}, status=403)
        locale = getattr(getattr(request, "tenant", None), "locale", "") or "en-US"
        response = HttpResponse(render(record, locale), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{file_name(record)}"'
        return response

    return view


quote_pdf = document_pdf(Quote, render_quote, lambda quote: f"quote-{quote.number}-v{quote.version}.pdf")
