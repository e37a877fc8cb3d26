"""Live updates are a plan feature (billing's ``realtime``): a plan without it refuses each subscription, and
a workspace suspended until paid hears nothing, its open subscriptions included."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from django.utils import timezone

from realtime.events import access_changed, access_group, records_group
from saas.billing.models import Subscription
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, committed, wait_for_group, write_record


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


def fall_behind(workspace: Workspace, days: int, *, save: bool) -> None:
    """The workspace's payment failed ``days`` ago: saved as the webhook does (signals, after commit), or
    written behind the model's back, as the dunning clock moving on would leave it."""
    from saas.billing import plans

    subscription = plans.subscription_for(workspace.tenant)
    subscription.status, subscription.payment_failed_at = "past_due", timezone.now() - timedelta(days=days)
    if save:
        committed(subscription.save)
    else:
        Subscription.objects.filter(pk=subscription.pk).update(
            status=subscription.status, payment_failed_at=subscription.payment_failed_at
        )
        plans.forget_standing(workspace.tenant.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["webhook saves it", "periodic re-check"])
def test_suspending_a_workspace_ends_its_open_subscriptions_and_no_other(
    workspace_a: Workspace, workspace_b: Workspace, settings: Any, how: str
) -> None:
    if how == "periodic re-check":
        settings.REALTIME_ACCESS_RECHECK_SECONDS = 0.05
    write = database_sync_to_async(write_record)

    async def scenario() -> tuple[list[dict[str, Any]], bool, Any, dict[str, Any]]:
        alpha, bravo = Subscriber("alpha.localhost"), Subscriber("bravo.localhost")
        await alpha.start({"authToken": workspace_a.token})
        await bravo.start({"authToken": workspace_b.token})
        alpha_ids = [await alpha.subscribe(RECORD_CHANGED) for _ in range(2)]
        await bravo.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)
        await wait_for_group(records_group("bravo"))
        await wait_for_group(access_group("alpha", workspace_a.owner.pk))
        await write(workspace_a.tenant, "created", 1, {"name": "before"})
        for _ in alpha_ids:
            assert (await alpha.next_data("recordChanged"))["recordId"] == "1"

        await database_sync_to_async(fall_behind)(workspace_a, 40, save=how == "webhook saves it")
        ended = [await alpha.next() for _ in alpha_ids]
        await write(workspace_a.tenant, "created", 2, {"name": "after"})
        alpha_hears_nothing = await alpha.nothing(0.3)  # and the socket stays open (no close frame either)
        await write(workspace_b.tenant, "created", 3, {"name": "bravo"})
        bravo_event = await bravo.next_data("recordChanged")
        await alpha.send_json({"type": "ping"})
        ping = await alpha.next()
        await alpha.stop()
        await bravo.stop()
        return ended, alpha_hears_nothing, bravo_event, ping

    ended, alpha_hears_nothing, bravo_event, ping = async_to_sync(scenario)()
    assert sorted(message["id"] for message in ended) == sorted({message["id"] for message in ended})
    for message in ended:
        assert message["type"] == "error"
        [error] = message["payload"]
        assert error["extensions"] == {"code": "PAYMENT_REQUIRED", "standing": "suspended"}
        assert "suspended" in error["message"]
    assert alpha_hears_nothing
    assert bravo_event["recordId"] == "3"  # B's subscriber is B's business
    assert ping == {"type": "pong"}


@pytest.mark.django_db
def test_turning_read_only_keeps_open_subscriptions_delivering(workspace_a: Workspace) -> None:
    write = database_sync_to_async(write_record)

    async def scenario() -> dict[str, Any]:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"))
        await database_sync_to_async(fall_behind)(workspace_a, 8, save=True)  # read-only: reads still work
        await database_sync_to_async(lambda: committed(lambda: access_changed(workspace_a.owner.pk)))()
        await client.nothing(0.2)  # the re-check runs
        await write(workspace_a.tenant, "created", 1, {"name": "still heard"})
        event = await client.next_data("recordChanged")
        await client.stop()
        return dict(event)

    assert async_to_sync(scenario)()["recordId"] == "1"


def downgrade(workspace: Workspace, how: str) -> None:
    """Take live updates away from the workspace: its subscription moved to Free (saved, as the webhook does
    after a downgrade), or an operator saving its plan without them."""
    from saas.billing import plans
    from saas.billing.models import Plan

    subscription = plans.subscription_for(workspace.tenant)
    if how == "subscription moved to Free":
        subscription.plan, subscription.status = Plan.objects.get(code=plans.FREE), "active"
        committed(subscription.save)
    else:
        plan = subscription.plan
        plan.features = [feature for feature in plan.features if feature != "realtime"]
        committed(plan.save)


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["subscription moved to Free", "operator edits the plan"])
def test_a_downgrade_without_live_updates_ends_open_subscriptions_at_once(
    workspace_a: Workspace, workspace_b: Workspace, how: str
) -> None:
    from saas.billing import plans
    from saas.billing.models import Plan

    # B pays for Enterprise (live updates included); A is on the Pro trial. No periodic re-check runs meanwhile
    # (REALTIME_ACCESS_RECHECK_SECONDS is a minute): only the saved change can end A's subscriptions.
    bravo = plans.subscription_for(workspace_b.tenant)
    bravo.plan, bravo.status = Plan.objects.get(code=plans.ENTERPRISE), "active"
    committed(bravo.save)
    write = database_sync_to_async(write_record)

    async def scenario() -> tuple[list[dict[str, Any]], bool, Any, dict[str, Any] | None]:
        alpha, bravo = Subscriber("alpha.localhost"), Subscriber("bravo.localhost")
        await alpha.start({"authToken": workspace_a.token})
        await bravo.start({"authToken": workspace_b.token})
        alpha_ids = [await alpha.subscribe(RECORD_CHANGED) for _ in range(2)]
        await bravo.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)
        await wait_for_group(records_group("bravo"))
        await wait_for_group(access_group("alpha", workspace_a.owner.pk))

        await database_sync_to_async(downgrade)(workspace_a, how)
        ended = [await alpha.next() for _ in alpha_ids]
        await write(workspace_a.tenant, "created", 1, {"name": "after"})
        alpha_hears_nothing = await alpha.nothing(0.3)
        await write(workspace_b.tenant, "created", 2, {"name": "bravo"})
        bravo_event = await bravo.next_data("recordChanged")
        await alpha.subscribe(RECORD_CHANGED)
        again = None if await alpha.nothing(0.3) else await alpha.next()
        await alpha.stop()
        await bravo.stop()
        return ended, alpha_hears_nothing, bravo_event, again

    ended, alpha_hears_nothing, bravo_event, again = async_to_sync(scenario)()
    assert len(ended) == 2 and len({message["id"] for message in ended}) == 2
    for message in [*ended, again]:
        assert message is not None and message["type"] == "error"
        [error] = message["payload"]
        assert error["extensions"] == {"code": "PLAN_LIMIT", "limit": "realtime"}
    assert alpha_hears_nothing
    assert bravo_event["recordId"] == "2"  # B's plan still has live updates
