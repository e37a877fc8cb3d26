"""Billing test kit: a fresh fake Stripe per test, signed webhook deliveries, a subscribed workspace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from saas.billing import fake_stripe, stripe_client
from saas.billing.fake_stripe import FakeStripe
from saas.billing.models import Subscription
from tests.conftest import Workspace

TEST_SECRET = "whsec_test_secret_for_signing"

CHECKOUT = """mutation($input: StartCheckoutInput!) {
  startCheckout(input: $input) { url errors { field code message } } }"""
BILLING = """{ billing { plan { code name } status standing trialEndsAt trialDaysLeft seatsUsed
  limits { name limit } usage { name used limit }
  invoices { number status amountPaid { amount currency } url } plans { code purchasable } } }"""


@pytest.fixture(autouse=True)
def stripe(settings: Any) -> Iterator[FakeStripe]:
    """Stripe in process (no network), recording each request; webhooks signed with a test secret."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = TEST_SECRET
    fake = FakeStripe()
    stripe_client.use_fake(fake)
    yield fake
    stripe_client.use_fake(None)


def deliver(
    event_type: str, obj: dict[str, Any], *, secret: str = TEST_SECRET, event: dict[str, Any] | None = None
) -> Any:
    """POST a signed event to the webhook, as Stripe does; the HTTP response."""
    payload = event or fake_stripe.event(event_type, obj)
    body, signature = fake_stripe.signed(payload, secret)
    return Client(HTTP_HOST=settings.BASE_DOMAIN).post(
        "/billing/stripe/webhook/", body, content_type="application/json", HTTP_STRIPE_SIGNATURE=signature
    )


def checkout_url(workspace: Workspace, plan: str = "pro") -> str:
    result = workspace.api.data(CHECKOUT, {"input": {"plan": plan}})["startCheckout"]
    assert result["errors"] == [], result
    return str(result["url"])


def subscribe(workspace: Workspace, stripe: FakeStripe, plan: str = "pro") -> dict[str, Any]:
    """Checkout paid and its three events delivered; Stripe's subscription object."""
    url = checkout_url(workspace, plan)
    session_id = url.rstrip("/").rsplit("/", 1)[1]
    session, subscription, invoice = stripe.complete_checkout(session_id)
    for event_type, obj in (
        ("checkout.session.completed", session),
        ("customer.subscription.created", subscription),
        ("invoice.paid", invoice),
    ):
        assert deliver(event_type, obj).status_code == 200
    return subscription


def subscription_of(workspace: Workspace) -> Subscription:
    return Subscription.objects.select_related("plan").get(tenant=workspace.tenant)
