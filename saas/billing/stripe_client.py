"""The one place that talks to Stripe, through the official ``stripe`` library.

Every call that creates something carries an idempotency key, so a retry (ours or the library's)
never makes a second customer, session or proration. Without ``STRIPE_SECRET_KEY`` (``make run``
offline, the test suite) the library talks to ``FakeStripe`` instead of the network.
"""

from __future__ import annotations

import uuid
from typing import Any

import stripe
from django.conf import settings

from .fake_stripe import FakeStripe

_fake: FakeStripe | None = None


def fake() -> FakeStripe:
    """The in-process Stripe used when no secret key is set (one per process; tests replace it)."""
    global _fake
    if _fake is None:
        _fake = FakeStripe(base_url=public_url)
    return _fake


def public_url() -> str:
    """The public site's address (offline Checkout and portal pages live there)."""
    port = f":{settings.PUBLIC_URL_PORT}" if settings.PUBLIC_URL_PORT else ""
    return f"{settings.PUBLIC_URL_SCHEME}://{settings.BASE_DOMAIN}{port}"


def use_fake(replacement: FakeStripe | None) -> None:
    """For tests: a fresh fake Stripe (None: a new one on next use)."""
    global _fake
    _fake = replacement


def is_offline() -> bool:
    return not settings.STRIPE_SECRET_KEY


def webhook_secret() -> str:
    return settings.STRIPE_WEBHOOK_SECRET or settings.BILLING_OFFLINE_WEBHOOK_SECRET


def _plain(obj: Any) -> dict[str, Any]:
    """Stripe's object as plain data (what the rest of billing reads, the way the API documents it)."""
    data: dict[str, Any] = obj.to_dict()
    return data


class StripeClient:
    """What billing asks of Stripe; each method is one documented API call, answering plain data."""

    def __init__(self) -> None:
        if is_offline():
            self.client = stripe.StripeClient("sk_test_offline", http_client=fake(), max_network_retries=0)
        else:
            self.client = stripe.StripeClient(settings.STRIPE_SECRET_KEY, max_network_retries=2)

    @staticmethod
    def _key(*parts: Any) -> stripe.RequestOptions:
        return {"idempotency_key": ":".join(str(p) for p in parts)}

    def create_customer(self, tenant_id: int, name: str, email: str) -> dict[str, Any]:
        # One key per workspace: two racing first checkouts make one customer.
        return _plain(
            self.client.v1.customers.create(
                params={"name": name, "email": email, "metadata": {"tenant_id": str(tenant_id)}},
                options=self._key("customer", tenant_id),
            )
        )

    def create_checkout_session(
        self, *, tenant_id: int, customer: str, price: str, quantity: int, success_url: str, cancel_url: str
    ) -> dict[str, Any]:
        return _plain(
            self.client.v1.checkout.sessions.create(
                params={
                    "mode": "subscription",
                    "customer": customer,
                    "client_reference_id": str(tenant_id),
                    "line_items": [{"price": price, "quantity": quantity}],
                    "subscription_data": {"metadata": {"tenant_id": str(tenant_id)}},
                    "metadata": {"tenant_id": str(tenant_id)},
                    "success_url": success_url,
                    "cancel_url": cancel_url,
                },
                options=self._key("checkout", tenant_id, uuid.uuid4()),
            )
        )

    def create_portal_session(self, *, customer: str, return_url: str) -> dict[str, Any]:
        return _plain(
            self.client.v1.billing_portal.sessions.create(
                params={"customer": customer, "return_url": return_url},
                options=self._key("portal", customer, uuid.uuid4()),
            )
        )

    def set_quantity(self, subscription: Any, quantity: int, change_id: str) -> dict[str, Any]:
        """Seats follow the members; Stripe prorates the change (``create_prorations``).

        ``change_id`` names this change: a retry of it (same id) prorates once.
        """
        item = subscription["items"]["data"][0]
        return _plain(
            self.client.v1.subscriptions.update(
                subscription["id"],
                params={
                    "items": [{"id": item["id"], "quantity": quantity}],
                    "proration_behavior": "create_prorations",
                },
                options=self._key("seats", subscription["id"], quantity, change_id),
            )
        )

    def subscription(self, subscription_id: str) -> dict[str, Any]:
        return _plain(self.client.v1.subscriptions.retrieve(subscription_id))

    def customer(self, customer_id: str) -> dict[str, Any]:
        return _plain(self.client.v1.customers.retrieve(customer_id))

    def invoice(self, invoice_id: str) -> dict[str, Any]:
        return _plain(self.client.v1.invoices.retrieve(invoice_id))

    def checkout_session(self, session_id: str) -> dict[str, Any]:
        return _plain(self.client.v1.checkout.sessions.retrieve(session_id))
