"""The limits and features a plan sets beyond seats and records: custom fields and storage (modules'
meters), API requests per day, API keys and live updates, and the API rate limits."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from saas import modules
from saas.access.models import ApiKey
from saas.billing import metering, plans
from saas.billing.fake_stripe import FakeStripe
from saas.billing.models import Plan, Subscription
from saas.customers.models import Tag
from saas.errors import ServiceError
from tests.access.test_api_keys import CREATE as CREATE_KEY
from tests.access.test_api_keys import call, create_key
from tests.conftest import Workspace

from .conftest import BILLING, subscribe

pytestmark = pytest.mark.django_db

TAGS = "{ tags { totalCount } }"


def usage_of(workspace: Workspace) -> dict[str, dict[str, Any]]:
    return {u["name"]: u for u in workspace.api.data(BILLING)["billing"]["usage"]}


def end_trial(workspace: Workspace) -> None:
    """The trial is over and nothing was bought: the workspace is on Free."""
    subscription = Subscription.objects.get(tenant=workspace.tenant)
    subscription.trial_ends_at = timezone.now() - timedelta(seconds=1)
    subscription.save()  # as an operator would: cached terms follow (saas.billing.apps)


def edit_plan(code: str, **fields: Any) -> None:
    plan = Plan.objects.get(code=code)
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()


# --- custom fields and storage: what modules measure -------------------------------------------------


@pytest.fixture
def kept() -> Iterator[dict[int, int]]:
    """A module that keeps files (as attachments will), with the bytes it holds per workspace."""
    stored: dict[int, int] = {}
    module = modules.Module(
        name="test-keeper", meters=(modules.Meter(modules.STORED_BYTES, lambda t: stored.get(t.pk, 0)),)
    )
    modules.install(module)
    yield stored
    modules.uninstall("test-keeper")


def test_a_new_workspace_uses_no_custom_fields_and_no_storage(workspace_a: Workspace) -> None:
    usage = usage_of(workspace_a)
    assert usage["custom_fields"] == {"name": "custom_fields", "used": 0, "limit": 50}
    assert usage["storage_mb"] == {"name": "storage_mb", "used": 0, "limit": 10240}
    assert usage["api_requests_per_day"] == {"name": "api_requests_per_day", "used": 0, "limit": 50000}


def test_storage_comes_from_the_modules_meters_and_is_enforced(
    workspace_a: Workspace, workspace_b: Workspace, kept: dict[int, int]
) -> None:
    tenant = workspace_a.tenant
    kept[tenant.pk] = 3 * plans.MB + 1
    assert usage_of(workspace_a)["storage_mb"]["used"] == 4  # MB rounded up
    assert usage_of(workspace_b)["storage_mb"]["used"] == 0  # another workspace's files are not ours

    end_trial(workspace_a)  # Free: 500 MB
    modules.check_adding(tenant, modules.STORED_BYTES, 500 * plans.MB - kept[tenant.pk])  # fills it exactly
    with pytest.raises(ServiceError) as refused:
        modules.check_adding(tenant, modules.STORED_BYTES, 500 * plans.MB - kept[tenant.pk] + 1)
    [error] = refused.value.errors
    assert error.code == "plan_limit" and "storage" in error.message and "Free plan allows 500" in error.message
    modules.check_adding(workspace_b.tenant, modules.STORED_BYTES, 10 * plans.MB)  # B is on its Pro trial


def test_kept_bulk_export_files_count_as_storage(workspace_a: Workspace, workspace_b: Workspace) -> None:
    from saas.kernel.models import BulkExport

    workspace_a.activate()
    BulkExport.objects.create(requested_by_id=workspace_a.owner.pk, query="{ tags { totalCount } }",
                              status="completed", file_name="a.jsonl", file_size=5 * plans.MB + 7)  # fmt: skip
    assert usage_of(workspace_a)["storage_mb"]["used"] == 6
    assert usage_of(workspace_b)["storage_mb"]["used"] == 0  # A's files are not B's


# --- API requests per day ------------------------------------------------------------------------


def test_api_key_requests_are_counted_per_day_and_refused_past_the_plan(
    workspace_a: Workspace, workspace_b: Workspace, stripe: FakeStripe, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_plan("pro", api_requests_per_day=3)
    key = create_key(workspace_a)["key"]
    b_key = create_key(workspace_b)["key"]
    for _ in range(2):
        assert "errors" not in call(workspace_a.api.host, TAGS, api_key=key)
    assert "errors" not in call(workspace_b.api.host, TAGS, api_key=b_key)  # B counts its own
    workspace_a.api.data(TAGS)  # the owner in the web client is not an API request
    assert usage_of(workspace_a)["api_requests_per_day"] == {"name": "api_requests_per_day", "used": 2, "limit": 3}

    assert "errors" not in call(workspace_a.api.host, TAGS, api_key=key)
    over = call(workspace_a.api.host, 'mutation { createTag(input: {name: "late"}) { tag { id } } }', api_key=key)
    [error] = over["errors"]
    assert error["extensions"]["code"] == "PLAN_LIMIT" and error["extensions"]["limit"] == "api_requests_per_day"
    assert "API requests per day" in error["message"]
    workspace_a.activate()
    assert not Tag.objects.filter(name="late").exists()  # refused before anything ran
    assert usage_of(workspace_a)["api_requests_per_day"]["used"] == 3  # the refused one is not counted
    assert "errors" not in call(workspace_b.api.host, TAGS, api_key=b_key)  # B is not held back by A

    tomorrow = metering.today() + timedelta(days=1)
    monkeypatch.setattr(metering, "today", lambda: tomorrow)
    assert "errors" not in call(workspace_a.api.host, TAGS, api_key=key)  # a new day, a new count

    monkeypatch.undo()
    edit_plan("enterprise", api_requests_per_day=None)
    subscribe(workspace_a, stripe, "enterprise")
    assert "errors" not in call(workspace_a.api.host, TAGS, api_key=key)  # upgrading lifts it at once


def test_api_key_downloads_of_exports_count_too(workspace_a: Workspace) -> None:
    from django.test import Client

    edit_plan("pro", api_requests_per_day=2)
    key = create_key(workspace_a, role="marketing")["key"]  # marketing may export
    download = Client(HTTP_HOST=workspace_a.api.host)
    assert download.get("/exports/companies.csv", HTTP_X_API_KEY=key).status_code == 200
    assert usage_of(workspace_a)["api_requests_per_day"]["used"] == 1
    assert "errors" not in call(workspace_a.api.host, TAGS, api_key=key)
    refused = download.get("/exports/companies.csv", HTTP_X_API_KEY=key)
    assert refused.status_code == 429
    [error] = refused.json()["errors"]
    assert error["code"] == "plan_limit" and error["limit"] == "api_requests_per_day"
    assert usage_of(workspace_a)["api_requests_per_day"]["used"] == 2  # the refused one is not counted
    signed_in = download.get("/exports/companies.csv", HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}")
    assert signed_in.status_code == 200  # the web client's own downloads are not API requests


# --- features -----------------------------------------------------------------------------------


def test_api_keys_need_a_plan_with_them(workspace_a: Workspace, stripe: FakeStripe) -> None:
    key = create_key(workspace_a)["key"]  # made in the Pro trial
    end_trial(workspace_a)

    refused = workspace_a.api.data(CREATE_KEY, {"input": {"name": "Zapier", "role": "sales"}})["createApiKey"]
    assert refused["key"] is None and [e["code"] for e in refused["errors"]] == ["plan_limit"]
    workspace_a.activate()
    assert ApiKey.objects.count() == 1  # nothing made
    answer = call(workspace_a.api.host, TAGS, api_key=key)
    assert [e["extensions"] for e in answer["errors"]] == [{"code": "PLAN_LIMIT", "limit": "api_keys"}]
    assert "API keys" in answer["errors"][0]["message"]

    subscribe(workspace_a, stripe, "pro")
    assert call(workspace_a.api.host, TAGS, api_key=key)["data"] == {"tags": {"totalCount": 0}}
    assert create_key(workspace_a)["errors"] == []


# --- rate limits per plan ---------------------------------------------------------------------------


def _bucket(workspace: Workspace) -> tuple[int, float, str]:
    answer = workspace.api.execute(TAGS)
    cost = answer["extensions"]["cost"]
    return cost["bucketMaximum"], cost["restoreRate"], cost["bucket"]


def test_rate_limits_follow_the_plan_and_an_upgrade_raises_them_at_once(
    workspace_a: Workspace, stripe: FakeStripe, settings: Any
) -> None:
    member = (settings.RATE_LIMIT_MEMBER_MAXIMUM, settings.RATE_LIMIT_MEMBER_RESTORE_RATE, "member")
    assert _bucket(workspace_a) == member  # Pro (the trial's) keeps the settings
    end_trial(workspace_a)
    assert _bucket(workspace_a) == (20_000, 500, "member")  # Free's caller bucket
    assert plans.plan_rate_limit(workspace_a.tenant, "tenant") == plans.ratelimits.Limit(50_000, 1000.0)

    subscribe(workspace_a, stripe, "enterprise")  # the webhook's change is seen by the very next request
    assert _bucket(workspace_a) == (200_000, 10_000, "member")
    edit_plan("enterprise", rate_limit_caller_maximum=300_000)  # an operator's edit too
    assert _bucket(workspace_a)[0] == 300_000


def test_a_plans_bucket_must_hold_the_costliest_query() -> None:
    from graphql_schema.core.limits import MAX_QUERY_COST

    assert plans.ratelimits.LARGEST_REQUEST_COST == MAX_QUERY_COST
    plan = Plan.objects.get(code="free")
    plan.rate_limit_caller_maximum = 500
    plan.rate_limit_workspace_per_second = None
    plan.features = ["realtime", "teleport"]
    with pytest.raises(Exception) as refused:
        plan.full_clean()
    errors = refused.value.message_dict  # type: ignore[attr-defined]
    assert set(errors) == {"rate_limit_caller_maximum", "rate_limit_workspace_per_second", "features"}
    assert "teleport" in errors["features"][0]
