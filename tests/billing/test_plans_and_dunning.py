"""Plan limits (seats, records), read-only and suspended workspaces, owner-only billing, Stripe calls."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from saas.billing import plans
from saas.billing.fake_stripe import FakeStripe
from saas.billing.models import Plan, Subscription
from saas.customers.models import Company
from tenants.models import Membership, Role, User
from tests.access.test_invitations import INVITE
from tests.conftest import Workspace

from .conftest import BILLING, CHECKOUT, checkout_url, deliver, subscribe, subscription_of

pytestmark = pytest.mark.django_db

CREATE_COMPANY = """mutation($input: CreateCompanyInput!) {
  createCompany(input: $input) { company { id } errors { code message } } }"""


def member(workspace: Workspace, role: str = Role.SALES, email: str = "sam@example.com") -> Workspace:
    from tenants import services

    user = User.objects.create_user(email=email, password="a-strong-test-password-2026", full_name="Sam")
    Membership.objects.create(user=user, tenant=workspace.tenant, role=role)
    return Workspace(workspace.tenant, user, services.issue_token(user), workspace.subdomain)


def set_plan_limits(code: str, **limits: Any) -> None:
    Plan.objects.filter(code=code).update(**limits)


def test_limit_for_follows_the_plan_in_force(workspace_a: Workspace) -> None:
    assert plans.limit_for(workspace_a.tenant, "seats") == 25  # Pro, the trial's
    Subscription.objects.filter(tenant=workspace_a.tenant).update(trial_ends_at=timezone.now())
    assert plans.limit_for(workspace_a.tenant, "seats") == 3  # Free
    assert plans.has_feature(workspace_a.tenant, "api_keys") is False
    with pytest.raises(ValueError):
        plans.limit_for(workspace_a.tenant, "parking_spaces")


def test_records_limit_is_a_typed_error_naming_it(workspace_a: Workspace) -> None:
    set_plan_limits("pro", records=1)
    first = workspace_a.api.data(CREATE_COMPANY, {"input": {"name": "One"}})["createCompany"]
    assert first["errors"] == []
    second = workspace_a.api.data(CREATE_COMPANY, {"input": {"name": "Two"}})["createCompany"]
    assert second["company"] is None
    assert [e["code"] for e in second["errors"]] == ["plan_limit"]
    assert "records" in second["errors"][0]["message"]
    workspace_a.activate()
    assert list(Company.all_objects.values_list("name", flat=True)) == ["One"]  # nothing written


def test_far_below_the_records_limit_a_create_counts_no_rows(workspace_a: Workspace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    set_plan_limits("pro", records=50_000)
    with CaptureQueriesContext(connection) as captured:
        created = workspace_a.api.data(CREATE_COMPANY, {"input": {"name": "One"}})["createCompany"]
    assert created["errors"] == []
    statements = [q["sql"] for q in captured.captured_queries]
    assert [sql for sql in statements if "pg_stat_get_live_tuples" in sql]  # asked the statistics
    assert not [sql for sql in statements if "COUNT(*)" in sql]


def test_near_the_records_limit_the_statistics_give_way_to_an_exact_count(workspace_a: Workspace) -> None:
    """The statistics lag behind the rows: within the margin of the limit the rows are counted."""
    from django.db import connection

    set_plan_limits("pro", records=plans.RECORDS_COUNTED_NEAR_LIMIT + 1)
    assert workspace_a.api.data(CREATE_COMPANY, {"input": {"name": "One"}})["createCompany"]["errors"] == []
    workspace_a.activate()
    Company.objects.bulk_create(Company(name=f"Bulk {i}") for i in range(plans.RECORDS_COUNTED_NEAR_LIMIT))
    with connection.cursor() as cursor:
        cursor.execute('ANALYZE "customers_company"')  # what autovacuum does: the statistics see the rows
    assert plans.records_estimate(workspace_a.tenant) > 1
    # The workspace holds its limit: the next create is refused, by an exact count.
    refused = workspace_a.api.data(CREATE_COMPANY, {"input": {"name": "Over"}})["createCompany"]
    assert [e["code"] for e in refused["errors"]] == ["plan_limit"]
    workspace_a.activate()
    assert not Company.all_objects.filter(name="Over").exists()


def test_seats_limit_is_a_typed_error_naming_it(workspace_a: Workspace) -> None:
    set_plan_limits("pro", seats=2)
    member(workspace_a)
    result = workspace_a.api.data(INVITE, {"input": {"email": "third@example.com", "role": "sales"}})["inviteUser"]
    assert result["invitation"] is None and [e["code"] for e in result["errors"]] == ["plan_limit"]
    usage = {u["name"]: u for u in workspace_a.api.data(BILLING)["billing"]["usage"]}
    assert usage["seats"] == {"name": "seats", "used": 2, "limit": 2}


def test_seats_follow_members_in_stripe_with_proration(
    workspace_a: Workspace, stripe: FakeStripe, django_capture_on_commit_callbacks: Any
) -> None:
    subscription = subscribe(workspace_a, stripe)
    sam = member(workspace_a)
    from saas.access import services as access

    owner = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    workspace_a.activate()
    with django_capture_on_commit_callbacks(execute=True):
        access.deactivate_user(owner, sam.owner.pk)
    with django_capture_on_commit_callbacks(execute=True):
        access.reactivate_user(owner, sam.owner.pk)
    updates = [r for r in stripe.requests if r.method == "post" and r.path == f"/v1/subscriptions/{subscription['id']}"]
    assert [r.params["items[0][quantity]"] for r in updates] == ["2"]  # 1 -> (deactivated: still 1) -> 2
    assert updates[0].params["proration_behavior"] == "create_prorations" and updates[0].idempotency_key
    assert subscription_of(workspace_a).seats_billed == 2


def test_every_stripe_create_carries_an_idempotency_key(workspace_a: Workspace, stripe: FakeStripe) -> None:
    subscribe(workspace_a, stripe)
    workspace_a.api.data("mutation { openBillingPortal { url errors { code } } }")
    posts = [r for r in stripe.requests if r.method == "post"]
    assert {r.path for r in posts} >= {"/v1/customers", "/v1/checkout/sessions", "/v1/billing_portal/sessions"}
    assert all(r.idempotency_key for r in posts)
    assert len([r for r in posts if r.path == "/v1/customers"]) == 1  # one customer per workspace


def test_billing_is_for_owners_only(workspace_a: Workspace) -> None:
    admin = member(workspace_a, Role.ADMIN)
    assert admin.api.error_codes(BILLING) == ["FORBIDDEN"]
    result = admin.api.data(CHECKOUT, {"input": {"plan": "pro"}})["startCheckout"]
    assert result["url"] is None and [e["code"] for e in result["errors"]] == ["permission_denied"]
    portal = admin.api.data("mutation { openBillingPortal { url errors { code } } }")["openBillingPortal"]
    assert [e["code"] for e in portal["errors"]] == ["permission_denied"]
    assert admin.api.data("{ workspaceStanding }") == {"workspaceStanding": "ACTIVE"}
    bad = workspace_a.api.data(CHECKOUT, {"input": {"plan": "free"}})["startCheckout"]
    assert [e["code"] for e in bad["errors"]] == ["invalid_choice"]


MUTATIONS = [
    (CREATE_COMPANY, {"input": {"name": "Blocked"}}),
    ("mutation($input: CreateTagInput!) { createTag(input: $input) { errors { code } } }", {"input": {"name": "t"}}),
    ('mutation { updateWorkspace(input: {name: "X"}) { errors { code } } }', {}),
    (INVITE, {"input": {"email": "late@example.com", "role": "sales"}}),
]
QUERIES = ["{ companies { totalCount } }", "{ me { email } }", "{ tags { totalCount } }"]


def _late(workspace: Workspace, days: int) -> None:
    Subscription.objects.filter(tenant=workspace.tenant).update(payment_failed_at=timezone.now() - timedelta(days=days))
    plans.forget_standing(workspace.tenant.pk)


def test_dunning_grace_then_read_only_then_suspended_and_paying_restores(
    workspace_a: Workspace, stripe: FakeStripe
) -> None:
    subscription = subscribe(workspace_a, stripe)
    invoice = stripe.fail_payment(subscription["id"])
    deliver("invoice.payment_failed", invoice)
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "GRACE"
    assert workspace_a.api.error_codes(*MUTATIONS[0]) == []

    _late(workspace_a, 8)
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "READ_ONLY"
    for query, variables in MUTATIONS:
        assert workspace_a.api.error_codes(query, variables) == ["PAYMENT_REQUIRED"], query
    for query in QUERIES:
        assert workspace_a.api.error_codes(query) == [], query
    workspace_a.activate()
    assert Company.all_objects.count() == 1  # the one made in grace; nothing since
    assert workspace_a.api.data(CHECKOUT, {"input": {"plan": "pro"}})["startCheckout"]["errors"] == []

    _late(workspace_a, 30)
    assert workspace_a.api.error_codes("{ companies { totalCount } }") == ["PAYMENT_REQUIRED"]
    assert workspace_a.api.data("{ workspaceStanding billing { standing } }")["billing"]["standing"] == "SUSPENDED"

    deliver("invoice.paid", stripe.pay(invoice["id"]))  # paying restores at once
    assert workspace_a.api.error_codes(*MUTATIONS[0]) == []
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "ACTIVE"


def test_an_unpaid_workspace_does_not_block_another(
    workspace_a: Workspace, workspace_b: Workspace, stripe: FakeStripe
) -> None:
    subscribe(workspace_a, stripe)
    Subscription.objects.filter(tenant=workspace_a.tenant).update(status="past_due")
    _late(workspace_a, 8)
    assert workspace_a.api.error_codes(*MUTATIONS[0]) == ["PAYMENT_REQUIRED"]
    assert workspace_b.api.error_codes(*MUTATIONS[0]) == []


def test_offline_checkout_page_completes_through_signed_webhooks(
    workspace_a: Workspace, stripe: FakeStripe, settings: Any
) -> None:
    settings.STRIPE_WEBHOOK_SECRET = ""  # offline: the fake signs with its own secret
    from django.test import Client

    url = checkout_url(workspace_a, "enterprise")
    path = url.split("localhost:8000", 1)[1] if "localhost:8000" in url else url
    response = Client(HTTP_HOST="localhost").get(path)
    assert response.status_code == 302 and response["Location"].endswith("/settings/billing?checkout=success")
    assert subscription_of(workspace_a).plan.code == "enterprise"


def test_offline_portal_fails_and_pays_a_renewal_through_signed_webhooks(
    workspace_a: Workspace, stripe: FakeStripe, settings: Any
) -> None:
    from django.test import Client

    subscribe(workspace_a, stripe, "pro")
    settings.STRIPE_WEBHOOK_SECRET = ""  # offline: the fake portal signs with its own secret
    url = workspace_a.api.data("mutation { openBillingPortal { url errors { code } } }")["openBillingPortal"]["url"]
    path = url.split("localhost:8000", 1)[1]
    browser = Client(HTTP_HOST="localhost", enforce_csrf_checks=True)
    page = browser.get(path)
    assert page.status_code == 200 and b'data-testid="portal-status">active<' in page.content
    token = browser.cookies["csrftoken"].value

    failed = browser.post(path, {"action": "fail", "csrfmiddlewaretoken": token})
    assert failed.status_code == 302 and failed["Location"].endswith("/settings/billing")
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "GRACE"
    assert subscription_of(workspace_a).status == "past_due"

    assert browser.post(path, {"action": "pay", "csrfmiddlewaretoken": token}).status_code == 302
    assert workspace_a.api.data("{ workspaceStanding }")["workspaceStanding"] == "ACTIVE"
    assert [i["status"] for i in workspace_a.api.data(BILLING)["billing"]["invoices"]] == ["paid", "paid"]
    assert browser.post(path, {"action": "explode", "csrfmiddlewaretoken": token}).status_code == 400
    assert Client(HTTP_HOST="localhost").get("/billing/fake-portal/bps_unknown/").status_code == 404
