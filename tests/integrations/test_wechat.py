"""The WeChat official account connector: server URL verification, every event type, replay and forgery."""

from __future__ import annotations

import itertools
import time
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from saas.customers.models import Contact, Interaction
from saas.integrations import connectors
from saas.integrations.connectors import REPLAY_WINDOW_SECONDS
from saas.integrations.models import WeChatAccount, WeChatFollower
from saas.integrations.wechat import signature
from tenants import services
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.query_count import assert_num_queries

from .conftest import member

SAMPLES = Path(__file__).parent / "wechat_samples"
OPENID = "oPXQm5AbCdEfGhIjKlMnOpQrStUv"
TOKEN = "pym-wechat-token"
_nonces = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_nonces() -> None:
    cache.clear()


@pytest.fixture
def account(workspace_a: Workspace) -> WeChatAccount:
    workspace_a.activate()
    return WeChatAccount.objects.create(app_id="wx1234567890", token=TOKEN, acting_user_id=workspace_a.owner.pk)


def signed(token: str = TOKEN, timestamp: int | None = None, nonce: str | None = None) -> dict[str, str]:
    stamp, once = str(timestamp or int(time.time())), nonce or f"n{next(_nonces)}"
    return {"timestamp": stamp, "nonce": once, "signature": signature(token, stamp, once)}


def post(ws: Workspace, sample: str, query: dict[str, str] | None = None) -> Any:
    client = Client(HTTP_HOST=services.tenant_host(ws.subdomain))
    params = "&".join(f"{k}={v}" for k, v in (query or signed()).items())
    body = (SAMPLES / sample).read_bytes()
    return client.post(f"/integrations/wechat/?{params}", body, content_type="text/xml")


def follower() -> WeChatFollower:
    return WeChatFollower.objects.select_related("contact").get(openid=OPENID)


def test_the_server_url_is_verified_by_its_signature(workspace_a: Workspace, account: WeChatAccount) -> None:
    client = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
    ok = client.get("/integrations/wechat/", {**signed(), "echostr": "8541296743"})
    assert ok.status_code == 200 and ok.content == b"8541296743"
    forged = client.get("/integrations/wechat/", {**signed(token="not-the-token"), "echostr": "1"})
    assert forged.status_code == 403
    stale = client.get("/integrations/wechat/", {**signed(timestamp=int(time.time()) - 3600), "echostr": "1"})
    assert stale.status_code == 403


def test_each_event_type_from_recorded_samples(workspace_a: Workspace, account: WeChatAccount) -> None:
    assert post(workspace_a, "subscribe_qrscene.xml").content == b"success"
    workspace_a.activate()
    found = follower()
    assert found.subscribed and found.followed_at is not None and found.first_scene == "spring_expo_2026"
    assert found.contact is not None and found.contact.owner_id == workspace_a.owner.pk
    assert Interaction.objects.filter(contact=found.contact, subject__contains="spring_expo_2026").exists()

    post(workspace_a, "scan.xml")
    post(workspace_a, "text.xml")
    post(workspace_a, "click.xml")
    workspace_a.activate()
    found = follower()
    assert found.first_scene == "spring_expo_2026" and found.last_scene == "autumn_launch"  # attribution kept
    subjects = set(Interaction.objects.filter(contact=found.contact).values_list("subject", flat=True))
    assert {"Scanned QR code (scene autumn_launch)", "WeChat message", "Menu click: PRICING_MENU"} <= subjects
    sent_text = (SAMPLES / "text.xml").read_text().split("CDATA[")[4].split("]]")[0]  # the Chinese question
    assert Interaction.objects.get(subject="WeChat message").body == sent_text
    assert found.interactions == 4 and Contact.objects.count() == 1  # one contact per follower

    post(workspace_a, "location.xml")
    workspace_a.activate()
    assert (follower().latitude, follower().longitude) == (Decimal("31.230416"), Decimal("121.473701"))
    post(workspace_a, "location_event.xml")
    workspace_a.activate()
    assert (follower().latitude, follower().longitude) == (Decimal("39.904202"), Decimal("116.407394"))

    post(workspace_a, "unsubscribe.xml")
    workspace_a.activate()
    found = follower()
    assert not found.subscribed and found.unfollowed_at is not None and found.followed_at is not None
    assert found.unfollowed_at > found.followed_at


def test_forged_replayed_and_repeated_requests_change_nothing(workspace_a: Workspace, account: WeChatAccount) -> None:
    assert post(workspace_a, "text.xml", signed(token="guessed")).status_code == 403
    assert post(workspace_a, "text.xml", signed(timestamp=int(time.time()) - 600)).status_code == 403
    workspace_a.activate()
    assert not WeChatFollower.objects.exists() and not Interaction.objects.exists()

    query = signed()
    assert post(workspace_a, "text.xml", query).status_code == 200
    # WeChat retries what it was not answered in time: the very same request is acknowledged, written once.
    again = post(workspace_a, "text.xml", query)
    assert (again.status_code, again.content) == (200, b"success")
    assert post(workspace_a, "text.xml").status_code == 200  # its retry under a fresh nonce: handled once
    workspace_a.activate()
    assert Interaction.objects.count() == 1 and follower().interactions == 1

    # The signature covers no body: a captured query string over another message is refused.
    assert post(workspace_a, "subscribe_qrscene.xml", query).status_code == 403
    workspace_a.activate()
    assert not follower().subscribed


def test_the_same_request_after_the_window_is_refused(
    workspace_a: Workspace, account: WeChatAccount, monkeypatch: pytest.MonkeyPatch
) -> None:
    query = signed()
    assert post(workspace_a, "text.xml", query).status_code == 200
    later = time.time() + REPLAY_WINDOW_SECONDS + 60
    monkeypatch.setattr(connectors, "time", SimpleNamespace(time=lambda: later, monotonic=time.monotonic))
    assert post(workspace_a, "text.xml", query).status_code == 403
    workspace_a.activate()
    assert Interaction.objects.count() == 1


def test_a_dtd_is_refused(workspace_a: Workspace, account: WeChatAccount) -> None:
    client = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
    params = "&".join(f"{k}={v}" for k, v in signed().items())
    body = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b"<xml><FromUserName>&a;</FromUserName><MsgType>text</MsgType></xml>"
    )
    assert client.post(f"/integrations/wechat/?{params}", body, content_type="text/xml").status_code == 200
    workspace_a.activate()
    assert not WeChatFollower.objects.exists()


def test_another_workspace_neither_receives_nor_verifies_with_this_token(
    workspace_a: Workspace, workspace_b: Workspace, account: WeChatAccount
) -> None:
    assert post(workspace_b, "subscribe_qrscene.xml").status_code == 404  # B has no account
    workspace_b.activate()
    WeChatAccount.objects.create(app_id="wxbravo", token="bravo-token", acting_user_id=workspace_b.owner.pk)
    assert post(workspace_b, "subscribe_qrscene.xml").status_code == 403  # A's token does not sign for B
    assert post(workspace_a, "subscribe_qrscene.xml").status_code == 200
    workspace_b.activate()
    assert not WeChatFollower.objects.exists() and not Contact.objects.exists()
    workspace_a.activate()
    assert WeChatFollower.objects.count() == 1


FOLLOWERS = (
    "{ weChatFollowers { totalCount edges { node { openid subscribed firstScene lastScene interactions contactId }"
    " } } }"
)


def test_an_admin_connects_the_account_and_sees_its_followers(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect = (
        "mutation($input: ConnectWeChatAccountInput!) { connectWeChatAccount(input: $input) {"
        " account { appId serverUrl } errors { field code } } }"
    )
    bad = workspace_a.api.data(connect, {"input": {"appId": "wx1", "token": "no spaces!"}})["connectWeChatAccount"]
    assert bad == {"account": None, "errors": [{"field": "token", "code": "invalid_format"}]}
    workspace_a.activate()
    assert not WeChatAccount.objects.exists()

    done = workspace_a.api.data(connect, {"input": {"appId": "wx1234567890", "token": TOKEN.replace("-", "")}})
    account = done["connectWeChatAccount"]["account"]
    assert account["appId"] == "wx1234567890"
    assert account["serverUrl"].endswith("/integrations/wechat/") and "alpha." in account["serverUrl"]
    assert post(workspace_a, "subscribe_qrscene.xml", signed(token=TOKEN.replace("-", ""))).status_code == 200

    with assert_num_queries(2):  # the member, the page with its count
        listed = workspace_a.api.data(FOLLOWERS)["weChatFollowers"]
    [node] = [edge["node"] for edge in listed["edges"]]
    assert node["openid"] == OPENID and node["subscribed"] and node["firstScene"] == "spring_expo_2026"
    assert node["contactId"] and workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Contact { firstName } } }", {"id": node["contactId"]}
    )["node"]["firstName"].startswith("WeChat")
    assert workspace_b.api.data(FOLLOWERS)["weChatFollowers"]["totalCount"] == 0
    assert workspace_b.api.data("{ weChatAccount { appId } }")["weChatAccount"] is None


def test_only_admins_see_or_connect_the_account(workspace_a: Workspace, account: WeChatAccount) -> None:
    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    assert sales.api.error_codes("{ weChatAccount { appId } }") == ["FORBIDDEN"]
    assert sales.api.error_codes(FOLLOWERS) == ["FORBIDDEN"]
    refused = sales.api.data(
        'mutation { connectWeChatAccount(input: {appId: "wxevil", token: "evil123"}) { errors { code } } }'
    )
    assert refused["connectWeChatAccount"]["errors"] == [{"code": "permission_denied"}]
    workspace_a.activate()
    assert WeChatAccount.objects.get().token == TOKEN


def test_messages_after_the_connecting_admin_left_are_refused_and_write_nothing(
    workspace_a: Workspace, account: WeChatAccount
) -> None:
    Membership.objects.filter(user=workspace_a.owner, tenant=workspace_a.tenant).update(is_active=False)
    # Refused (WeChat is told so and may retry once an admin reconnects), not a server error.
    assert post(workspace_a, "subscribe_qrscene.xml").status_code == 403
    workspace_a.activate()
    assert not WeChatFollower.objects.exists() and not Interaction.objects.exists() and not Contact.objects.exists()
