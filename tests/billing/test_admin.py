"""Operators change plans in the platform admin; workspaces on the plan follow at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from saas.billing import plans
from saas.billing.models import Plan
from tenants.models import User
from tests.conftest import PASSWORD, Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> Client:
    staff = User.objects.create_superuser(email="ops@platform.example.com", password=PASSWORD)
    browser = Client(HTTP_HOST="localhost")
    browser.force_login(staff)
    return browser


def form_of(plan: Plan, **changes: Any) -> dict[str, Any]:
    """The plan's change form as the admin shows it, with ``changes`` typed in."""
    fields = {
        "name": plan.name,
        "position": plan.position,
        "stripe_price_id": plan.stripe_price_id,
        "price_per_seat": plan.price_per_seat,
        "currency": plan.currency,
        "features": list(plan.features),
    }
    for name in (*plan.limits(), "rate_limit_workspace_maximum", "rate_limit_workspace_per_second",
                 "rate_limit_caller_maximum", "rate_limit_caller_per_second"):  # fmt: skip
        value = getattr(plan, name)
        fields[name] = "" if value is None else value
    fields.update(changes)
    return fields


def bucket_maximum(workspace: Workspace) -> int:
    return int(workspace.api.execute("{ tags { totalCount } }")["extensions"]["cost"]["bucketMaximum"])


def test_an_operator_changes_a_plans_limits_features_and_rate_limits(operator: Client, workspace_a: Workspace) -> None:
    pro = Plan.objects.get(code="pro")
    page = operator.get(f"/admin/billing/plan/{pro.pk}/change/")
    assert page.status_code == 200
    assert b"API rate limits" in page.content and b"Live updates (subscriptions)" in page.content
    assert bucket_maximum(workspace_a) == 50_000  # Pro (the trial's) keeps the settings; now cached

    response = operator.post(
        f"/admin/billing/plan/{pro.pk}/change/",
        form_of(
            pro,
            seats=7,
            features=["realtime", "workflows"],
            rate_limit_caller_maximum=80_000,
            rate_limit_caller_per_second=4_000,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    pro.refresh_from_db()
    assert (pro.seats, pro.features, pro.code) == (7, ["realtime", "workflows"], "pro")
    assert plans.limit_for(workspace_a.tenant, "seats") == 7
    assert bucket_maximum(workspace_a) == 80_000  # the cached terms did not outlive the edit
    assert plans.feature_refusal(workspace_a.tenant, "api_keys") is not None


def test_a_bad_plan_is_refused_with_the_reason_and_nothing_changes(operator: Client) -> None:
    free = Plan.objects.get(code="free")
    before = Plan.objects.filter(pk=free.pk).values().get()
    response = operator.post(
        f"/admin/billing/plan/{free.pk}/change/",
        form_of(free, seats=1, rate_limit_caller_maximum=500, rate_limit_workspace_per_second=""),
    )
    assert response.status_code == 200  # the form again, with its errors
    text = response.content.decode()
    assert "At least 10,000 points." in text and "Set both the maximum and the refill, or neither." in text
    assert Plan.objects.filter(pk=free.pk).values().get() == before


def test_the_plan_list_shows_each_plans_features(operator: Client) -> None:
    listing = operator.get("/admin/billing/plan/").content.decode()
    assert "Live updates (subscriptions), API keys, Workflows" in listing  # Pro
    assert "Free" in listing and "Enterprise" in listing


def test_workspace_owners_are_not_operators(operator: Client, workspace_a: Workspace) -> None:
    owner = Client(HTTP_HOST="localhost")
    owner.force_login(workspace_a.owner)
    assert owner.get("/admin/billing/plan/").status_code == 302  # to the admin's sign-in
    pro = Plan.objects.get(code="pro")
    assert owner.post(f"/admin/billing/plan/{pro.pk}/change/", form_of(pro, seats=1000)).status_code == 302
    pro.refresh_from_db()
    assert pro.seats == 25
