"""HTTP endpoints on the public host: Stripe's webhook, and offline stand-ins for Stripe's pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from . import fake_stripe, webhooks
from .stripe_client import fake, is_offline, webhook_secret


@csrf_exempt
@require_POST
def stripe_webhook(request: HttpRequest) -> HttpResponse:
    """``POST /billing/stripe/webhook/``: 400 for a bad signature (nothing kept), 200 once stored."""
    try:
        event = webhooks.receive(request.body, request.headers.get("Stripe-Signature"))
    except webhooks.BadSignature:
        return HttpResponseBadRequest("invalid signature")
    return JsonResponse({"received": True, "processed": event.processed_at is not None})


def _deliver(event_type: str, obj: dict[str, object]) -> None:
    body, signature = fake_stripe.signed(fake_stripe.event(event_type, obj), webhook_secret())
    webhooks.receive(body, signature)


def _back_to(url: str | None) -> HttpResponseRedirect:
    """Only back to one of our own hosts (never an open redirect)."""
    host = urlsplit(url or "").hostname or ""
    if not url or not (host == settings.BASE_DOMAIN or host.endswith(f".{settings.BASE_DOMAIN}")):
        raise Http404
    return HttpResponseRedirect(url)


@require_GET
def offline_checkout(request: HttpRequest, session_id: str) -> HttpResponse:
    """Offline (no ``STRIPE_SECRET_KEY``): play a paid Checkout, send Stripe's events, go back."""
    if not is_offline() or session_id not in fake().objects:
        raise Http404
    session, subscription, invoice = fake().complete_checkout(session_id)
    _deliver("checkout.session.completed", session)
    _deliver("customer.subscription.created", subscription)
    _deliver("invoice.paid", invoice)
    return _back_to(session["success_url"])


@require_GET
def offline_portal(request: HttpRequest) -> HttpResponse:
    """Offline stand-in for Stripe's customer portal: straight back to the billing page."""
    if not is_offline():
        raise Http404
    return _back_to(request.GET.get("return_url"))
