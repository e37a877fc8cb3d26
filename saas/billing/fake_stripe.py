"""A Stripe that answers in process: tests (a recorder of every request) and ``make run`` without a key.

``FakeStripe`` is an ``stripe.HTTPClient`` given to the official library (``stripe.StripeClient(...,
http_client=FakeStripe())``), so the library builds its requests and parses the answers exactly as it
does against the real API. The answers are shaped like the objects Stripe documents
(https://docs.stripe.com/api: customer, checkout.session, billing_portal.session, subscription,
invoice). It keeps the objects it created, so a later ``retrieve`` sees their current state, and it
plays Stripe's side of a checkout (``complete_checkout``), a failed or paid renewal
(``fail_payment`` / ``pay``) and a cancellation (``cancel``).

The fence around the library's internals: the ``request`` override's keyword-only ``_usage`` argument
and the ``name`` attribute are how the library calls an HTTP client
(``tests/billing/test_stripe_contract.py`` pins them to the installed ``stripe``).
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import stripe

API_VERSION = "2025-03-31.basil"


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str
    params: dict[str, str]
    idempotency_key: str | None


def _new_id(prefix: str) -> str:
    return f"{prefix}_test_{secrets.token_hex(12)}"


class FakeStripe(stripe.HTTPClient):
    """Stripe's API in memory; ``requests`` records what the library sent."""

    name = "fake-stripe"

    def __init__(self, base_url: Callable[[], str] = lambda: "http://localhost:8000") -> None:
        super().__init__()
        self.base_url = base_url  # where the offline Checkout page lives (``make run``): the public host
        self.objects: dict[str, dict[str, Any]] = {}
        self.requests: list[Recorded] = []
        self._by_key: dict[str, tuple[str, int]] = {}  # idempotency key -> the first answer
        self._lock = threading.Lock()
        self._clock = itertools.count(int(time.time()))

    # -- the HTTP side ------------------------------------------------------------------------------

    def request(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None,
        post_data: Any = None,
        *,
        _usage: list[str] | None = None,
    ) -> tuple[str, int, Mapping[str, str]]:
        parts = urlsplit(url)
        raw = post_data if method == "post" else parts.query
        if isinstance(raw, bytes):
            raw = raw.decode()
        params = dict(parse_qsl(raw or "", keep_blank_values=True))
        key = (headers or {}).get("Idempotency-Key")
        with self._lock:
            self.requests.append(Recorded(method, parts.path, params, key))
            if key is not None and key in self._by_key:
                body, status = self._by_key[key]  # Stripe replays the first answer of a key
            else:
                status, answer = self._route(method, parts.path, params)
                body = json.dumps(answer)
                if key is not None:
                    self._by_key[key] = (body, status)
        return body, status, {"Request-Id": _new_id("req"), "Stripe-Version": API_VERSION}

    def request_stream(self, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("FakeStripe answers no streaming requests")

    def close(self) -> None:
        pass

    def _route(self, method: str, path: str, params: dict[str, str]) -> tuple[int, dict[str, Any]]:
        segments = path.removeprefix("/v1/").split("/")
        if method == "post" and segments == ["customers"]:
            return 200, self._create_customer(params)
        if method == "post" and segments == ["checkout", "sessions"]:
            return 200, self._create_checkout_session(params)
        if method == "post" and segments == ["billing_portal", "sessions"]:
            return 200, self._create_portal_session(params)
        if len(segments) == 2 and segments[0] in ("customers", "subscriptions", "invoices"):
            obj = self.objects.get(segments[1])
            if obj is None:
                return 404, _missing(segments[1])
            if method == "post":
                self._update(obj, params)
            return 200, obj
        if len(segments) == 3 and segments[:2] == ["checkout", "sessions"]:
            obj = self.objects.get(segments[2])
            return (200, obj) if obj is not None else (404, _missing(segments[2]))
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unrecognized request URL ({path})"}}

    # -- the objects --------------------------------------------------------------------------------

    def now(self) -> int:
        return next(self._clock)

    def _create_customer(self, params: dict[str, str]) -> dict[str, Any]:
        customer: dict[str, Any] = {
            "id": _new_id("cus"),
            "object": "customer",
            "address": None,
            "balance": 0,
            "created": self.now(),
            "currency": None,
            "default_source": None,
            "delinquent": False,
            "description": None,
            "email": params.get("email"),
            "invoice_prefix": secrets.token_hex(4).upper(),
            "invoice_settings": {"custom_fields": None, "default_payment_method": None, "footer": None},
            "livemode": False,
            "metadata": _metadata(params),
            "name": params.get("name"),
            "phone": None,
            "preferred_locales": [],
            "shipping": None,
            "tax_exempt": "none",
        }
        self.objects[customer["id"]] = customer
        return customer

    def _create_checkout_session(self, params: dict[str, str]) -> dict[str, Any]:
        session_id = _new_id("cs")
        session: dict[str, Any] = {
            "id": session_id,
            "object": "checkout.session",
            "amount_subtotal": None,
            "amount_total": None,
            "cancel_url": params.get("cancel_url"),
            "client_reference_id": params.get("client_reference_id"),
            "created": self.now(),
            "currency": None,
            "customer": params.get("customer"),
            "expires_at": self.now() + 86400,
            "livemode": False,
            "metadata": _metadata(params),
            "mode": params.get("mode", "payment"),
            "payment_status": "unpaid",
            "status": "open",
            "subscription": None,
            "success_url": params.get("success_url"),
            # The real one is on checkout.stripe.com; offline, a local page plays Stripe's part.
            "url": f"{self.base_url()}/billing/fake-checkout/{session_id}/",
            "line_items_requested": {
                "price": params.get("line_items[0][price]"),
                "quantity": int(params.get("line_items[0][quantity]", "1")),
            },
            "subscription_metadata": {
                k.removeprefix("subscription_data[metadata][").rstrip("]"): v
                for k, v in params.items()
                if k.startswith("subscription_data[metadata][")
            },
        }
        self.objects[session_id] = session
        return session

    def _create_portal_session(self, params: dict[str, str]) -> dict[str, Any]:
        session_id = _new_id("bps")
        session = {
            "id": session_id,
            "object": "billing_portal.session",
            "configuration": _new_id("bpc"),
            "created": self.now(),
            "customer": params.get("customer"),
            "livemode": False,
            "locale": None,
            "return_url": params.get("return_url"),
            "url": f"{self.base_url()}/billing/fake-portal/{session_id}/",
        }
        self.objects[session_id] = session
        return session

    def _update(self, obj: dict[str, Any], params: dict[str, str]) -> None:
        if obj["object"] == "customer":
            for name in ("email", "name"):
                if name in params:
                    obj[name] = params[name]
            obj["metadata"].update(_metadata(params))
        elif obj["object"] == "subscription":
            item = obj["items"]["data"][0]
            if "items[0][quantity]" in params:
                item["quantity"] = int(params["items[0][quantity]"])
                obj["quantity"] = item["quantity"]
            if "items[0][price]" in params:
                item["price"] = _price(params["items[0][price]"])
            if "cancel_at_period_end" in params:
                obj["cancel_at_period_end"] = params["cancel_at_period_end"] == "true"

    def _subscription(self, customer: str, price: str, quantity: int, metadata: dict[str, str]) -> dict[str, Any]:
        start = self.now()
        end = start + 30 * 86400
        sub_id = _new_id("sub")
        return {
            "id": sub_id,
            "object": "subscription",
            "billing_cycle_anchor": start,
            "cancel_at": None,
            "cancel_at_period_end": False,
            "canceled_at": None,
            "collection_method": "charge_automatically",
            "created": start,
            "currency": "usd",
            "customer": customer,
            "default_payment_method": _new_id("pm"),
            "ended_at": None,
            "items": {
                "object": "list",
                "data": [
                    {
                        "id": _new_id("si"),
                        "object": "subscription_item",
                        "created": start,
                        "current_period_start": start,
                        "current_period_end": end,
                        "price": _price(price),
                        "quantity": quantity,
                        "subscription": sub_id,
                    }
                ],
                "has_more": False,
                "url": f"/v1/subscription_items?subscription={sub_id}",
            },
            "latest_invoice": None,
            "livemode": False,
            "metadata": metadata,
            "quantity": quantity,
            "start_date": start,
            "status": "active",
            "trial_end": None,
            "trial_start": None,
        }

    def _invoice(self, subscription: dict[str, Any], paid: bool) -> dict[str, Any]:
        item = subscription["items"]["data"][0]
        amount = item["price"]["unit_amount"] * item["quantity"]
        invoice = {
            "id": _new_id("in"),
            "object": "invoice",
            "amount_due": amount,
            "amount_paid": amount if paid else 0,
            "amount_remaining": 0 if paid else amount,
            "attempt_count": 1,
            "attempted": True,
            "billing_reason": "subscription_cycle",
            "collection_method": "charge_automatically",
            "created": self.now(),
            "currency": "usd",
            "customer": subscription["customer"],
            "hosted_invoice_url": "https://invoice.stripe.com/i/acct_test/" + secrets.token_hex(8),
            "livemode": False,
            "number": f"{secrets.token_hex(4).upper()}-{len(self.objects):04d}",
            "paid": paid,
            "parent": {
                "type": "subscription_details",
                "subscription_details": {"metadata": subscription["metadata"], "subscription": subscription["id"]},
            },
            "status": "paid" if paid else "open",
            "subscription": subscription["id"],
            "total": amount,
        }
        self.objects[invoice["id"]] = invoice
        subscription["latest_invoice"] = invoice["id"]
        return invoice

    # -- Stripe's side of things a customer does -----------------------------------------------------

    def complete_checkout(self, session_id: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        """The customer paid on Checkout: the session, its new subscription and the first (paid) invoice."""
        with self._lock:
            session = self.objects[session_id]
            requested = session["line_items_requested"]
            subscription = self._subscription(
                session["customer"], requested["price"], requested["quantity"], session["subscription_metadata"]
            )
            self.objects[subscription["id"]] = subscription
            invoice = self._invoice(subscription, paid=True)
            invoice["billing_reason"] = "subscription_create"
            session.update(status="complete", payment_status="paid", subscription=subscription["id"])
            return session, subscription, invoice

    def fail_payment(self, subscription_id: str) -> dict[str, Any]:
        """A renewal's charge failed: an open invoice, the subscription past due."""
        with self._lock:
            subscription = self.objects[subscription_id]
            subscription["status"] = "past_due"
            return self._invoice(subscription, paid=False)

    def pay(self, invoice_id: str) -> dict[str, Any]:
        """The customer paid the open invoice (e.g. in the portal): invoice paid, subscription active."""
        with self._lock:
            invoice = self.objects[invoice_id]
            invoice.update(status="paid", paid=True, amount_paid=invoice["amount_due"], amount_remaining=0)
            self.objects[invoice["subscription"]]["status"] = "active"
            return invoice

    def current_subscription(self, customer: str) -> dict[str, Any] | None:
        """The customer's newest subscription that has not ended (what the portal shows)."""
        with self._lock:
            found = [
                o
                for o in self.objects.values()
                if o.get("object") == "subscription" and o["customer"] == customer and o["status"] != "canceled"
            ]
            return max(found, key=lambda o: o["created"], default=None)

    def open_invoices(self, customer: str) -> list[dict[str, Any]]:
        with self._lock:
            return [
                o
                for o in self.objects.values()
                if o.get("object") == "invoice" and o["customer"] == customer and o["status"] == "open"
            ]

    def cancel(self, subscription_id: str) -> dict[str, Any]:
        with self._lock:
            subscription = self.objects[subscription_id]
            subscription.update(status="canceled", canceled_at=self.now(), ended_at=self.now())
            return subscription


def _metadata(params: dict[str, str]) -> dict[str, str]:
    return {k.removeprefix("metadata[").rstrip("]"): v for k, v in params.items() if k.startswith("metadata[")}


def _price(price_id: str) -> dict[str, Any]:
    return {
        "id": price_id,
        "object": "price",
        "active": True,
        "billing_scheme": "per_unit",
        "currency": "usd",
        "livemode": False,
        "product": "prod_" + hashlib.sha256(price_id.encode()).hexdigest()[:14],
        "recurring": {"interval": "month", "interval_count": 1, "usage_type": "licensed"},
        "type": "recurring",
        "unit_amount": 1500 if "pro" in price_id else 4900,
    }


def _missing(object_id: str) -> dict[str, Any]:
    return {
        "error": {
            "code": "resource_missing",
            "message": f"No such object: '{object_id}'",
            "param": "id",
            "type": "invalid_request_error",
        }
    }


# -- webhook events, signed the way Stripe signs them ---------------------------------------------


def event(event_type: str, obj: dict[str, Any], *, created: int | None = None) -> dict[str, Any]:
    """A webhook event (https://docs.stripe.com/api/events/object) carrying ``obj`` as it was then."""
    return {
        "id": _new_id("evt"),
        "object": "event",
        "api_version": API_VERSION,
        "created": created if created is not None else int(time.time()),
        "data": {"object": json.loads(json.dumps(obj))},  # a copy: the event keeps the state of its moment
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
    }


def signed(payload: dict[str, Any], secret: str, *, timestamp: int | None = None) -> tuple[bytes, str]:
    """The body and ``Stripe-Signature`` header Stripe would send (HMAC-SHA256 of ``t.body``, scheme v1)."""
    body = json.dumps(payload).encode()
    moment = timestamp if timestamp is not None else int(time.time())
    digest = hmac.new(secret.encode(), f"{moment}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={moment},v1={digest}"
