"""Billing between workspaces and inside one: B's billing never shows in A, B's Stripe events never
change A, and only owners read billing or start paying."""

from __future__ import annotations

from typing import Any

import pytest

from saas.billing.fake_stripe import FakeStripe
from saas.billing.models import Invoice, Subscription
from tenants.models import Role
from tests.access.test_api_keys import call, create_key
from tests.conftest import Workspace

from .conftest import BILLING, CHECKOUT, deliver, subscribe
from .test_plans_and_dunning import member

pytestmark = pytest.mark.django_db

PORTAL = "mutation { openBillingPortal { url errors { code } } }"


def state_of(workspace: Workspace) -> tuple[Any, ...]:
    s = Subscription.objects.get(tenant=workspace.tenant)
    invoices = sorted(Invoice.objects.filter(tenant=workspace.tenant).values_list("stripe_id", "status"))
    return (s.plan_id, s.status, s.stripe_customer_id, s.stripe_subscription_id, s.payment_failed_at,
            s.seats_billed, s.cancel_at_period_end, s.billing_email, invoices)  # fmt: skip


def test_another_workspaces_billing_and_standing_are_not_reachable(
    workspace_a: Workspace, workspace_b: Workspace, stripe: FakeStripe
) -> None:
    subscribe(workspace_b, stripe, "enterprise")
    b_invoice = stripe.fail_payment(Subscription.objects.get(tenant=workspace_b.tenant).stripe_subscription_id)
    deliver("invoice.payment_failed", b_invoice)

    a_owner_on_b = workspace_a.api.for_tenant(workspace_b.subdomain)  # A's owner has no seat in B
    asked_before = len(stripe.requests)
    for query in (BILLING, "{ workspaceStanding }"):
        answer = a_owner_on_b.execute(query)
        assert answer["data"] is None or all(v is None for v in answer["data"].values()), answer
        assert [e["extensions"]["code"] for e in answer["errors"]] == ["UNAUTHENTICATED"]
    checkout = a_owner_on_b.execute(CHECKOUT, {"input": {"plan": "pro"}})
    assert (checkout.get("data") or {}).get("startCheckout") is None
    assert len(stripe.requests) == asked_before  # no session, no customer: nothing asked of Stripe

    mine = workspace_a.api.data(BILLING)["billing"]
    assert (mine["plan"]["code"], mine["status"], mine["standing"]) == ("pro", "TRIAL", "ACTIVE")
    assert mine["invoices"] == []  # B's two invoices are B's
    assert workspace_a.api.data("{ workspaceStanding }") == {"workspaceStanding": "ACTIVE"}
    theirs = workspace_b.api.data(BILLING)["billing"]
    assert (theirs["plan"]["code"], theirs["standing"], len(theirs["invoices"])) == ("enterprise", "GRACE", 2)


def test_stripe_events_about_bs_customer_never_change_a(
    workspace_a: Workspace, workspace_b: Workspace, stripe: FakeStripe
) -> None:
    subscribe(workspace_a, stripe, "pro")
    b_subscription = subscribe(workspace_b, stripe, "enterprise")
    before = state_of(workspace_a)

    failed = stripe.fail_payment(b_subscription["id"])
    deliver("invoice.payment_failed", failed)
    deliver("customer.subscription.updated", stripe.objects[b_subscription["id"]])
    deliver("invoice.paid", stripe.pay(failed["id"]))
    customer = dict(stripe.objects[b_subscription["customer"]], email="billing@bravo.example.com")
    stripe.objects[customer["id"]] = customer
    deliver("customer.updated", customer)
    deliver("customer.subscription.deleted", stripe.cancel(b_subscription["id"]))

    assert state_of(workspace_a) == before
    assert workspace_a.api.data("{ workspaceStanding }") == {"workspaceStanding": "ACTIVE"}
    b = Subscription.objects.get(tenant=workspace_b.tenant)
    assert (b.status, b.billing_email) == ("canceled", "billing@bravo.example.com")  # B's did change


@pytest.mark.parametrize("role", [r for r in Role.values if r not in (Role.OWNER, Role.CUSTOM)])
def test_only_owners_read_billing_or_start_paying(workspace_a: Workspace, stripe: FakeStripe, role: str) -> None:
    someone = member(workspace_a, role)
    assert someone.api.error_codes(BILLING) == ["FORBIDDEN"]
    checkout = someone.api.data(CHECKOUT, {"input": {"plan": "pro"}})["startCheckout"]
    assert checkout["url"] is None and [e["code"] for e in checkout["errors"]] == ["permission_denied"]
    portal = someone.api.data(PORTAL)["openBillingPortal"]
    assert portal["url"] is None and [e["code"] for e in portal["errors"]] == ["permission_denied"]
    assert stripe.requests == []  # nothing was asked of Stripe: no customer, no session
    assert Subscription.objects.get(tenant=workspace_a.tenant).stripe_customer_id == ""
    assert someone.api.data("{ workspaceStanding }") == {"workspaceStanding": "ACTIVE"}  # the banner is for all


def test_an_api_key_never_reads_billing_or_starts_paying(workspace_a: Workspace, stripe: FakeStripe) -> None:
    key = create_key(workspace_a, "admin")["key"]
    host = workspace_a.api.host
    assert [e["extensions"]["code"] for e in call(host, BILLING, api_key=key)["errors"]] == ["FORBIDDEN"]
    checkout = call(host, 'mutation { startCheckout(input: {plan: "pro"}) { url errors { code } } }', api_key=key)
    assert [e["code"] for e in checkout["data"]["startCheckout"]["errors"]] == ["permission_denied"]
    assert stripe.requests == []
