"""Rate limits: cost taken from the workspace's and the member's (or API key's) buckets, refilled by a clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client, override_settings

from saas import ratelimits
from saas.customers.models import Company
from saas.ratelimits import Bucket, Limit, MemoryBuckets, RedisBuckets
from tenants import services
from tenants.models import Membership, User
from tests.access.test_api_keys import create_key
from tests.conftest import PASSWORD, Workspace

PAGE = "{ companies(first: 100) { edges { node { id } } } }"  # costs 100
CREATE = 'mutation { createCompany(input: {name: "Made"}) { company { id } errors { code } } }'  # costs 1 + 10

SMALL = {
    "RATE_LIMIT_MEMBER_MAXIMUM": 300,
    "RATE_LIMIT_MEMBER_RESTORE_RATE": 10,
    "RATE_LIMIT_API_KEY_MAXIMUM": 200,
    "RATE_LIMIT_API_KEY_RESTORE_RATE": 5,
    "RATE_LIMIT_TENANT_MAXIMUM": 100_000,
    "RATE_LIMIT_TENANT_RESTORE_RATE": 1000,
}


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[Clock]:
    moved = Clock()
    monkeypatch.setattr(ratelimits, "clock", moved)
    ratelimits.reset()
    yield moved


def add_member(ws: Workspace, role: str) -> Any:
    from tests.access.conftest import Person

    user = User.objects.create_user(email=f"{role}@limits.example.com", password=PASSWORD, full_name="Colleague")
    membership = Membership.objects.create(user=user, tenant=ws.tenant, role=role)
    return Person(user, membership, services.issue_token(user), ws.api.host)


def post(host: str, query: str, **headers: str) -> Any:
    return Client(HTTP_HOST=host).post("/graphql/", {"query": query}, content_type="application/json", **headers)  # type: ignore[arg-type]


def as_owner(ws: Workspace, query: str) -> Any:
    return post(ws.api.host, query, HTTP_AUTHORIZATION=f"Bearer {ws.token}")


@pytest.mark.django_db
@override_settings(**SMALL)
def test_exhaustion_is_a_typed_429_that_runs_nothing_and_the_bucket_refills(
    workspace_a: Workspace, clock: Clock
) -> None:
    for left in (200, 100, 0):
        response = as_owner(workspace_a, PAGE)
        assert response.status_code == 200
        cost = response.json()["extensions"]["cost"]
        assert cost == {
            "requested": 100,
            "limit": 10_000,
            "actual": 100,
            "bucketMaximum": 300,
            "currentlyAvailable": left,
            "restoreRate": 10,
            "bucket": "member",
        }
        assert response["RateLimit-Limit"] == "300" and response["RateLimit-Remaining"] == str(left)
        assert response["RateLimit-Reset"] == str((300 - left) // 10)
        assert response["RateLimit-Policy"] == "300;w=30;name=member"

    refused = as_owner(workspace_a, CREATE)
    assert refused.status_code == 429 and refused["Retry-After"] == "2"  # 11 points at 10 a second
    body = refused.json()
    (error,) = body["errors"]
    assert error["extensions"] == {"code": "RATE_LIMITED", "retryAfter": 2, "bucket": "member", "cost": 11}
    assert body["extensions"]["cost"]["currentlyAvailable"] == 0
    workspace_a.activate()
    assert not Company.objects.exists()  # the refused mutation did not run

    clock.now += 1  # 10 points: still short of 11
    assert as_owner(workspace_a, CREATE).status_code == 429
    clock.now += 1
    created = as_owner(workspace_a, CREATE)
    assert created.status_code == 200 and created.json()["data"]["createCompany"]["errors"] == []
    assert created.json()["extensions"]["cost"]["currentlyAvailable"] == 9

    clock.now += 3600  # refilled, never beyond the maximum
    assert as_owner(workspace_a, PAGE).json()["extensions"]["cost"]["currentlyAvailable"] == 200


@pytest.mark.django_db
@override_settings(**SMALL)
def test_members_have_their_own_buckets_and_share_the_workspace(
    workspace_a: Workspace, workspace_b: Workspace, clock: Clock
) -> None:
    colleague = add_member(workspace_a, "sales")
    for _ in range(3):
        as_owner(workspace_a, PAGE)
    assert as_owner(workspace_a, PAGE).status_code == 429
    mine = post(colleague.host, PAGE, HTTP_AUTHORIZATION=f"Bearer {colleague.token}")
    assert mine.status_code == 200 and mine.json()["extensions"]["cost"]["currentlyAvailable"] == 200
    assert as_owner(workspace_b, PAGE).status_code == 200  # another workspace: its own buckets

    with override_settings(RATE_LIMIT_TENANT_MAXIMUM=350, RATE_LIMIT_TENANT_RESTORE_RATE=1):
        ratelimits.reset()
        as_owner(workspace_a, PAGE)
        post(colleague.host, PAGE, HTTP_AUTHORIZATION=f"Bearer {colleague.token}")
        post(colleague.host, PAGE, HTTP_AUTHORIZATION=f"Bearer {colleague.token}")
        refused = post(colleague.host, PAGE, HTTP_AUTHORIZATION=f"Bearer {colleague.token}")
        assert refused.status_code == 429  # the colleague has 100 points left, the workspace 50
        assert refused.json()["errors"][0]["extensions"]["bucket"] == "tenant"
        assert refused["RateLimit-Policy"] == "350;w=350;name=tenant"


@pytest.mark.django_db
@override_settings(**SMALL)
def test_an_api_key_has_its_own_bucket(workspace_a: Workspace, clock: Clock) -> None:
    key = create_key(workspace_a, "read_only")["key"]
    ratelimits.reset()
    first = post(workspace_a.api.host, PAGE, HTTP_X_API_KEY=key)
    assert first.json()["extensions"]["cost"]["bucket"] == "api_key"
    assert first["RateLimit-Remaining"] == "100"
    post(workspace_a.api.host, PAGE, HTTP_X_API_KEY=key)
    refused = post(workspace_a.api.host, PAGE, HTTP_X_API_KEY=key)
    assert refused.status_code == 429 and refused["Retry-After"] == "20"
    assert as_owner(workspace_a, PAGE).status_code == 200  # the key's owner is not throttled by it


@pytest.mark.django_db
@override_settings(**SMALL)
def test_a_plan_sets_its_own_limits(workspace_a: Workspace, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    def plan(tenant: Any, kind: str) -> Limit | None:
        return Limit(1000, 50) if kind == "member" and tenant.pk == workspace_a.tenant.pk else None

    monkeypatch.setattr(ratelimits, "PLAN_RATE_LIMITS", [plan])
    cost = as_owner(workspace_a, PAGE).json()["extensions"]["cost"]
    assert (cost["bucketMaximum"], cost["restoreRate"], cost["currentlyAvailable"]) == (1000, 50, 900)


@pytest.mark.django_db
@override_settings(RATE_LIMIT_ENABLED=False)
def test_limits_can_be_turned_off(workspace_a: Workspace) -> None:
    response = as_owner(workspace_a, PAGE)
    assert "RateLimit-Limit" not in response
    assert response.json()["extensions"]["cost"] == {"requested": 100, "limit": 10_000}


@pytest.mark.django_db
def test_the_public_host_has_no_buckets() -> None:
    response = post("localhost", '{ subdomainAvailability(subdomain: "free-one") { available } }')
    assert response.status_code == 200 and "RateLimit-Limit" not in response


# --- the stores ------------------------------------------------------------------------------------


def stores() -> list[Any]:
    found: list[Any] = [pytest.param(MemoryBuckets, id="memory")]
    url = os.environ.get("REDIS_URL")
    found.append(
        pytest.param(
            lambda: RedisBuckets(url or "", f"test-ratelimit-{os.getpid()}:"),
            id="redis",
            marks=pytest.mark.skipif(not url, reason="REDIS_URL is not set"),
        )
    )
    return found


@pytest.mark.parametrize("make", stores())
def test_a_store_takes_from_all_buckets_or_none(make: Any) -> None:
    store = make()
    store.reset()
    small, large = Bucket("member", "member:1:1", Limit(100, 10)), Bucket("tenant", "tenant:1", Limit(1000, 100))
    try:
        assert store.take([large, small], 60, 0.0) == [(940, 0), (40, 0)]
        assert store.take([large, small], 60, 0.0) == [(940, 0), (40, 2)]  # refused: the workspace kept its points
        assert store.take([large, small], 60, 1.5) == [(1000, 0), (55, 0.5)]
        assert store.take([large, small], 60, 2.0) == [(940, 0), (0, 0)]
        assert store.take([large, small], 60, 100.0) == [(940, 0), (40, 0)]  # full again, then the cost
        assert store.take([small], 0, 100.0) == [(40, 0)]
    finally:
        store.reset()
