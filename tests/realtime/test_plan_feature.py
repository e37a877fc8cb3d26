"""Live updates are a plan feature (billing's ``realtime``): a plan without it refuses each subscription."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from django.utils import timezone

from saas.billing.models import Subscription
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber


def subscribe_once(workspace: Workspace) -> dict[str, Any] | None:
    """Subscribe to recordChanged: the server's first answer, or None while it waits for events."""

    async def scenario() -> dict[str, Any] | None:
        client = Subscriber(f"{workspace.subdomain}.localhost")
        assert await client.start({"authToken": workspace.token}) == {"type": "connection_ack"}
        await client.subscribe(RECORD_CHANGED)
        answer = None if await client.nothing(0.5) else await client.next()
        await client.stop()
        return answer

    return async_to_sync(scenario)()


@pytest.mark.django_db
def test_live_updates_need_a_plan_with_them(workspace_a: Workspace, workspace_b: Workspace) -> None:
    assert subscribe_once(workspace_a) is None  # the Pro trial: subscribed, waiting for events
    subscription = Subscription.objects.get(tenant=workspace_a.tenant)
    subscription.trial_ends_at = timezone.now() - timedelta(seconds=1)
    subscription.save()  # the trial is over, nothing bought: Free, without live updates

    refused = subscribe_once(workspace_a)
    assert refused is not None and refused["type"] == "error"
    [error] = refused["payload"]
    assert error["extensions"] == {"code": "PLAN_LIMIT", "limit": "realtime"}
    assert "Live updates" in error["message"] and "Free" in error["message"]
    assert subscribe_once(workspace_b) is None  # another workspace's plan is its own


@pytest.mark.django_db
def test_a_suspended_workspace_hears_nothing_and_a_read_only_one_still_does(workspace_a: Workspace) -> None:
    from saas.billing import plans

    plans.subscription_for(workspace_a.tenant)  # the trial's row, made on first use

    def late(days: int) -> None:
        Subscription.objects.filter(tenant=workspace_a.tenant).update(
            status="past_due", payment_failed_at=timezone.now() - timedelta(days=days)
        )
        plans.forget_standing(workspace_a.tenant.pk)

    late(8)  # read-only: subscriptions are reads
    assert plans.standing(workspace_a.tenant) == plans.Standing.READ_ONLY
    assert subscribe_once(workspace_a) is None
    late(40)
    assert plans.standing(workspace_a.tenant) == plans.Standing.SUSPENDED
    refused = subscribe_once(workspace_a)
    assert refused is not None and refused["type"] == "error"
    [error] = refused["payload"]
    assert error["extensions"] == {"code": "PAYMENT_REQUIRED", "standing": "suspended"}
    assert "suspended" in error["message"]
