"""HTTP endpoints on the public host: Stripe's webhook, and offline stand-ins for Stripe's pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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


@require_http_methods(["GET", "POST"])
def offline_portal(request: HttpRequest, session_id: str) -> HttpResponse:
    """Offline stand-in for Stripe's customer portal, with what a customer's card can do to a subscription.

    GET shows the subscription and two buttons; POST ``action=fail`` plays a renewal whose charge failed
    (``invoice.payment_failed``: the dunning clock starts), ``action=pay`` pays the open invoices
    (``invoice.paid``: restored at once), ``action=back`` returns. So dunning can be tried without Stripe.
    """
    session = fake().objects.get(session_id) if is_offline() else None
    if session is None or session.get("object") != "billing_portal.session":
        raise Http404
    customer = str(session["customer"])
    if request.method == "POST":
        action = request.POST.get("action")
        subscription = fake().current_subscription(customer)
        if action == "fail" and subscription is not None:
            _deliver("invoice.payment_failed", fake().fail_payment(subscription["id"]))
        elif action == "cancel" and subscription is not None:
            _deliver("customer.subscription.deleted", fake().cancel(subscription["id"]))
        elif action == "pay":
            for invoice in fake().open_invoices(customer):
                _deliver("invoice.paid", fake().pay(invoice["id"]))
        elif action != "back":
            return HttpResponseBadRequest("unknown action")
        return _back_to(session["return_url"])
    subscription = fake().current_subscription(customer)
    status = subscription["status"] if subscription else "none"
    button = '<button type="submit" name="action" value="{}">{}</button>'
    buttons = format_html_join(
        " ",
        button,
        [
            ("back", "Return to the workspace"),
            ("fail", "Fail the next renewal payment"),
            ("pay", "Pay open invoices"),
            ("cancel", "Cancel the subscription"),
        ],
    )
    return HttpResponse(
        format_html(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Billing portal (offline)</title>'
            "</head><body><main><h1>Billing portal (offline stand-in for Stripe)</h1>"
            '<p>Subscription: <strong data-testid="portal-status">{}</strong>; open invoices: {}</p>'
            '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="{}">{}</form>'
            "</main></body></html>",
            status,
            len(fake().open_invoices(customer)),
            get_token(request),
            buttons,
        )
    )
