"""The demo workspace (``make run``) shows the connectors at work, written without reaching any network."""

from __future__ import annotations

import httpx
import pytest
from django.core import mail

from saas.customers.models import Interaction
from saas.integrations.connectors import replaced_transport
from saas.integrations.models import ChannelConnection, ChannelMessage, WeChatAccount, WeChatFollower, WeChatQrCode
from saas.kernel.demo import seed_demo_workspace
from tenants.db import connection


def refuse(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"the demo reached the network: {request.url}")


@pytest.mark.django_db
def test_the_demo_workspace_has_a_wechat_account_with_followers_and_connected_channels() -> None:
    with replaced_transport(httpx.MockTransport(refuse)):
        tenant = seed_demo_workspace()
    connection.set_tenant(tenant)
    assert not mail.outbox
    account = WeChatAccount.objects.get()
    assert account.enabled and account.app_id.startswith("wx")

    followers = list(WeChatFollower.objects.select_related("contact").order_by("followed_at"))
    assert len(followers) == 6 and all(f.contact is not None for f in followers)
    assert {f.first_scene for f in followers} == {"spring-energy-expo", "logistics-webinar", ""}
    left = [f for f in followers if not f.subscribed]
    assert len(left) == 1 and left[0].unfollowed_at is not None
    for follower in followers:  # the frequency figures agree with the timeline
        assert follower.contact is not None
        on_timeline = Interaction.objects.filter(contact=follower.contact, channel="wechat")
        assert on_timeline.count() == follower.interactions
        latest = on_timeline.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
        assert latest == follower.last_interaction_at

    # The campaigns' QR codes, made through the adapter answered locally; the followers they brought attributed.
    codes = {code.scene: code for code in WeChatQrCode.objects.select_related("campaign")}
    assert {scene: code.campaign.name for scene, code in codes.items()} == {
        "spring-energy-expo": "Spring Energy Expo",
        "logistics-webinar": "Logistics Webinar Series",
    }
    assert all(code.url.startswith("http://weixin.qq.com/q/") and code.ticket for code in codes.values())
    assert WeChatFollower.objects.filter(first_scene="spring-energy-expo").count() == 2
    account.refresh_from_db()
    assert account.app_secret == ""  # the placeholder is gone: the hourly tag sync leaves the demo alone

    assert set(ChannelConnection.objects.values_list("channel", flat=True)) == {"email", "sms"}
    outbound = ChannelMessage.objects.filter(direction="outbound")
    assert set(outbound.values_list("status", flat=True)) == {"sent", "failed"}
    assert not outbound.filter(status="queued").exists()  # nothing waits to be sent from the demo
    reply = outbound.get(channel="email")
    assert reply.interaction is not None and reply.thread == reply.in_reply_to
    assert ChannelMessage.objects.filter(direction="inbound").count() == 2
