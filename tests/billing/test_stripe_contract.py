"""Pins what ``saas.billing.fake_stripe`` relies on in the installed ``stripe`` (its one fenced use of internals)."""

from __future__ import annotations

import inspect

import stripe

from saas.billing.fake_stripe import FakeStripe


def test_the_library_calls_an_http_client_the_way_the_fake_answers() -> None:
    signature = inspect.signature(stripe.HTTPClient.request)
    assert list(signature.parameters)[:5] == ["self", "method", "url", "headers", "post_data"]
    assert signature.parameters["_usage"].kind is inspect.Parameter.KEYWORD_ONLY
    assert issubclass(FakeStripe, stripe.HTTPClient)
    client = stripe.StripeClient("sk_test_contract", http_client=FakeStripe(), max_network_retries=0)
    customer = client.v1.customers.create(params={"email": "a@example.com"}, options={"idempotency_key": "k1"})
    assert customer.id.startswith("cus_") and customer.email == "a@example.com"
    assert client.v1.customers.retrieve(customer.id).to_dict()["email"] == "a@example.com"


def test_signed_payloads_verify_with_the_official_check() -> None:
    from saas.billing import fake_stripe

    body, header = fake_stripe.signed(fake_stripe.event("customer.updated", {"id": "cus_1"}), "whsec_x")
    event = stripe.Webhook.construct_event(body, header, "whsec_x")
    assert event["type"] == "customer.updated"
