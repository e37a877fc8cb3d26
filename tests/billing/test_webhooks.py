"""The Stripe webhook: signature, each event type, exactly once, out of order, retries, isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from saas.billing import fake_stripe, webhooks
from saas.billing.fake_stripe import FakeStripe
from saas.billing.models import Invoice, Status, StripeEvent, Subscription
from tests.conftest import Workspace

from .conftest import BILLING, checkout_url, deliver, subscribe, subscription_of

pytestmark = pytest.mark.django_db


def test_checkout_completed_subscribes_the_workspace(workspace_a: Workspace, stripe: FakeStripe) -> None:
    subscribe(workspace_a, stripe, "enterprise")
    billing = workspace_a.api.data(BILLING)["billing"]
    assert billing["plan"]["code"] == "enterprise"
    assert billing["status"] == "ACTIVE" and billing["standing"] == "ACTIVE"
    assert billing["trialEndsAt"] is None
    assert billing["invoices"][0]["status"] == "paid"
    assert billing["invoices"][0]["amountPaid"] == {"amount": "49.00", "currency": "USD"}
    assert subscription_of(workspace_a).seats_billed == 1


def test_a_bad_signature_is_refused_and_nothing_changes(workspace_a: Workspace, stripe: FakeStripe) -> None:
    url = checkout_url(workspace_a)
    session, subscription, _ = stripe.complete_checkout(url.rstrip("/").rsplit("/", 1)[1])
    response = deliver("checkout.session.completed", session, secret="whsec_someone_else")
    assert response.status_code == 400
    body, _ = fake_stripe.signed(fake_stripe.event("customer.subscription.created", subscription), "x")
    from django.test import Client

    unsigned = Client(HTTP_HOST="localhost").post("/billing/stripe/webhook/", body, content_type="application/json")
    assert unsigned.status_code == 400
    assert not StripeEvent.objects.exists()
    assert subscription_of(workspace_a).status == Status.NONE


def test_a_replayed_event_is_applied_once(workspace_a: Workspace, stripe: FakeStripe) -> None:
    subscription = subscribe(workspace_a, stripe)
    invoice = stripe.fail_payment(subscription["id"])
    event = fake_stripe.event("invoice.payment_failed", invoice)
    for _ in range(5):
        assert deliver("", {}, event=event).status_code == 200
    stored = StripeEvent.objects.get(id=event["id"])
    assert stored.attempts == 1 and stored.processed_at is not None and stored.tenant == workspace_a.tenant
    assert StripeEvent.objects.filter(type="invoice.payment_failed").count() == 1
    first_failure = subscription_of(workspace_a).payment_failed_at
    assert first_failure is not None
    # A replay later changes nothing either (the dunning clock keeps its start).
    deliver("", {}, event=event)
    assert subscription_of(workspace_a).payment_failed_at == first_failure


def test_subscription_updated_before_checkout_completed(workspace_a: Workspace, stripe: FakeStripe) -> None:
    url = checkout_url(workspace_a)
    session, subscription, _ = stripe.complete_checkout(url.rstrip("/").rsplit("/", 1)[1])
    # The owner moves to Enterprise in the portal; that event arrives first, checkout's last.
    stripe.objects[subscription["id"]]["items"]["data"][0]["price"] = fake_stripe._price("price_enterprise_monthly")
    updated = stripe.objects[subscription["id"]]
    assert deliver("customer.subscription.updated", updated).status_code == 200
    assert deliver("customer.subscription.created", subscription).status_code == 200  # stale copy: Pro
    assert deliver("checkout.session.completed", session).status_code == 200
    current = subscription_of(workspace_a)
    assert current.plan.code == "enterprise" and current.status == Status.ACTIVE


def test_each_event_type(workspace_a: Workspace, stripe: FakeStripe) -> None:
    subscription = subscribe(workspace_a, stripe)
    assert subscription_of(workspace_a).plan.code == "pro"

    invoice = stripe.fail_payment(subscription["id"])
    deliver("invoice.payment_failed", invoice)
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "GRACE"
    assert Invoice.objects.get(stripe_id=invoice["id"]).status == "open"

    deliver("invoice.paid", stripe.pay(invoice["id"]))
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "ACTIVE"
    assert subscription_of(workspace_a).payment_failed_at is None
    assert Invoice.objects.get(stripe_id=invoice["id"]).status == "paid"

    stripe.objects[subscription["customer"]]["email"] = "accounts@alpha.example"
    deliver("customer.updated", stripe.objects[subscription["customer"]])
    assert subscription_of(workspace_a).billing_email == "accounts@alpha.example"

    stripe.objects[subscription["id"]]["cancel_at_period_end"] = True
    deliver("customer.subscription.updated", stripe.objects[subscription["id"]])
    assert subscription_of(workspace_a).cancel_at_period_end

    deliver("customer.subscription.deleted", stripe.cancel(subscription["id"]))
    billing = workspace_a.api.data(BILLING)["billing"]
    assert billing["status"] == "FREE" and billing["plan"]["code"] == "free"


def test_a_failed_event_is_retried_by_the_sweep(workspace_a: Workspace, stripe: FakeStripe) -> None:
    subscription = subscribe(workspace_a, stripe)
    stripe.objects[subscription["id"]]["status"] = "past_due"
    hidden = stripe.objects.pop(subscription["id"])  # Stripe answers 404 for a moment
    response = deliver("customer.subscription.updated", hidden)
    assert response.status_code == 200 and response.json()["processed"] is False
    stored = StripeEvent.objects.get(type="customer.subscription.updated")
    assert stored.processed_at is None and stored.attempts == 1 and "No such object" in stored.last_error
    assert subscription_of(workspace_a).status == Status.ACTIVE  # nothing half-applied

    stripe.objects[subscription["id"]] = hidden
    from saas.billing.tasks import retry_failed_events

    assert retry_failed_events() == 1
    stored.refresh_from_db()
    assert stored.processed_at is not None and stored.attempts == 2
    assert subscription_of(workspace_a).status == Status.PAST_DUE
    assert webhooks.retry_failed() == 0


def test_a_webhook_for_one_workspace_never_touches_another(
    workspace_a: Workspace, workspace_b: Workspace, stripe: FakeStripe
) -> None:
    checkout_url(workspace_b)  # B has a customer too
    before = Subscription.objects.get(tenant=workspace_b.tenant)
    subscription = subscribe(workspace_a, stripe)
    deliver("invoice.payment_failed", stripe.fail_payment(subscription["id"]))
    after = Subscription.objects.get(tenant=workspace_b.tenant)
    assert (after.status, after.plan_id, after.payment_failed_at, after.stripe_subscription_id) == (
        before.status,
        before.plan_id,
        None,
        "",
    )
    assert not Invoice.objects.filter(tenant=workspace_b.tenant).exists()
    assert workspace_b.api.data(BILLING)["billing"]["invoices"] == []
    # An event naming a customer that is not ours is stored and ignored.
    foreign = dict(stripe.objects[subscription["id"]], customer="cus_unknown")
    assert deliver("customer.subscription.updated", foreign).status_code == 200
    assert StripeEvent.objects.get(type="customer.subscription.updated").tenant is None


def test_trial_of_a_new_workspace(workspace_a: Workspace) -> None:
    billing = workspace_a.api.data(BILLING)["billing"]
    assert billing["status"] == "TRIAL" and billing["plan"]["code"] == "pro" and billing["trialDaysLeft"] == 14
    Subscription.objects.filter(tenant=workspace_a.tenant).update(trial_ends_at=timezone.now() - timedelta(minutes=1))
    billing = workspace_a.api.data(BILLING)["billing"]
    assert billing["status"] == "FREE" and billing["plan"]["code"] == "free" and billing["trialEndsAt"] is None
    assert {p["code"]: p["purchasable"] for p in billing["plans"]} == {"free": False, "pro": True, "enterprise": True}
