"""``GET /documents/quotes/<id>.pdf``: a quote's PDF for a signed-in member who may read it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from saas.access import policy
from saas.errors import ServiceError
from saas.kernel.services import get_for

from .models import Quote
from .pdf import render_quote


@require_GET
def quote_pdf(request: HttpRequest, quote_id: str) -> HttpResponse:
    membership = getattr(request, "membership", None)
    if membership is None:
        return JsonResponse({"errors": [{"field": None, "message": "Sign in first.", "code": "unauthenticated"}]},
                            status=401)  # fmt: skip
    try:
        quote = get_for(membership, Quote, quote_id, "read")
    except ServiceError as error:
        payload = [{"field": e.field, "message": e.message, "code": e.code} for e in error.errors]
        return JsonResponse({"errors": payload}, status=404)
    if policy.field_rule(membership, Quote, "total") == "hidden":
        # A PDF without its figures is no quote: the role that may not see the deal's amount gets none.
        message = "Your role may not see this quote's amounts."
        return JsonResponse({"errors": [{"field": None, "message": message, "code": "forbidden"}]}, status=403)
    response = HttpResponse(render_quote(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="quote-{quote.number}-v{quote.version}.pdf"'
    return response
