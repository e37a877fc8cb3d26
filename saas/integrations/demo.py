"""Sample connector data for the demo workspace (declared in saas.integrations.module: its demo seeder).

A connected WeChat official account with its followers (who followed from which QR code scene, who left,
how often they write) and their interactions on the contacts' timelines; the QR codes of two of the demo's
campaigns (made through the WeChat adapter, whose transport answers locally here), the followers they
brought attributed to them; the e-mail inbox and the SMS
number with a short thread each, one reply sent and one text the provider refused. Deterministic, written
through the ORM like the other modules' demo data, and it reaches no network: nothing is sent, the
secrets are placeholders to replace when connecting for real.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from django.core.cache import cache
from django.utils import timezone

from saas.customers.models import Contact, Interaction, InteractionChannel
from saas.leads.models import Campaign
from tenants.models import Membership

from .connectors import replaced_transport
from .models import ChannelConnection, ChannelMessage, WeChatAccount, WeChatFollower
from .wechat_api import WeChatApi

# name, openid suffix, scene that brought them ("" : searched for the account), days since they followed,
# what they did since (inbound WeChat messages or menu clicks), unfollowed days ago (None: still following),
# a position they shared (latitude, longitude) or None
FOLLOWERS: list[tuple[str, str, str, int, list[str], int | None, tuple[str, str] | None]] = [
    (
        "Zhou Lan",
        "Zq3mX1",
        "spring-energy-expo",
        70,
        ["Do you ship panels to Anhui?", "menu:PRICE_LIST"],
        None,
        ("31.820587", "117.227239"),
    ),
    ("Huang Bo", "Hb7kP2", "spring-energy-expo", 69, ["menu:CONTACT_SALES"], None, None),
    (
        "Sun Yue",
        "Sy2rT8",
        "logistics-webinar",
        24,
        ["Is the recording of the webinar online?", "Thanks, got it.", "menu:PRICE_LIST"],
        None,
        ("38.914003", "121.614682"),
    ),
    ("Ma Jun", "Mj9wQ4", "logistics-webinar", 21, [], 3, None),
    ("Guo Ting", "Gt5nV6", "", 12, ["Can I get a quote for 40 units?"], None, None),
    ("Lin Hao", "Lh1cZ3", "", 5, ["menu:LATEST_NEWS"], None, ("22.543096", "114.057865")),
]
MENU = {"PRICE_LIST": "Price list", "CONTACT_SALES": "Talk to sales", "LATEST_NEWS": "Latest news"}


def seed_connectors(tenant: Any, members: list[Any]) -> None:
    if not members:
        return
    owner = members[0]
    now = timezone.now().replace(microsecond=0)
    _seed_wechat(owner, now)
    _seed_qr_codes(tenant, owner)
    _seed_inbox_channels(owner, now)


def _interaction(
    contact: Contact, owner: Any, channel: str, at: datetime, subject: str, body: str = "", **more: Any
) -> Interaction:
    return Interaction.objects.create(
        kind=more.pop("kind", "social_message"),
        direction=more.pop("direction", "inbound"),
        channel=channel,
        occurred_at=at,
        subject=subject[:200],
        body=body,
        performed_by=owner,
        company=contact.company,
        contact=contact,
    )


def _seed_wechat(owner: Any, now: datetime) -> None:
    WeChatAccount.objects.create(app_id="wx5d3e0a1b2c3d4e5f", token="DemoToken2026", acting_user_id=owner.pk)
    for place, (name, suffix, scene, days, touches, left, position) in enumerate(FOLLOWERS):
        first, _, last = name.partition(" ")
        contact = Contact.objects.create(first_name=first, last_name=last, owner=owner)
        followed_at = now - timedelta(days=days, hours=place)
        follower = WeChatFollower(
            openid=f"oDemo{suffix}{'x' * 17}"[:28],
            contact=contact,
            subscribed=left is None,
            followed_at=followed_at,
            unfollowed_at=now - timedelta(days=left) if left is not None else None,
            first_scene=scene,
            last_scene=scene,
        )
        subject = "Followed the official account" + (f" (scene {scene})" if scene else "")
        _interaction(contact, owner, InteractionChannel.WECHAT, followed_at, subject)
        at = followed_at
        for step, touch in enumerate(touches, start=1):
            at = followed_at + timedelta(days=step * max(days // (len(touches) + 1), 1), hours=step)
            if touch.startswith("menu:"):
                key = touch.removeprefix("menu:")
                _interaction(contact, owner, InteractionChannel.WECHAT, at, f"Menu click: {key}", MENU[key])
            else:
                _interaction(contact, owner, InteractionChannel.WECHAT, at, "WeChat message", touch)
        follower.interactions = 1 + len(touches)
        follower.last_interaction_at = at
        if position is not None:
            follower.latitude, follower.longitude = Decimal(position[0]), Decimal(position[1])
        follower.save()
        Contact.objects.filter(pk=contact.pk).update(last_interaction_at=at)


# The campaign (by its name in the leads module's demo) each scene of FOLLOWERS names.
QR_CODES = {"spring-energy-expo": "Spring Energy Expo", "logistics-webinar": "Logistics Webinar Series"}


def _demo_wechat(request: httpx.Request) -> httpx.Response:
    """WeChat's API as far as making QR codes goes, answered locally (the demo reaches no network)."""
    if request.url.path.endswith("/token"):
        return httpx.Response(200, json={"access_token": "demo-access-token", "expires_in": 7200})
    scene = json.loads(request.content)["action_info"]["scene"]["scene_str"]
    ticket = base64.b64encode(f"demo-ticket:{scene}".encode()).decode()
    return httpx.Response(200, json={"ticket": ticket, "url": f"http://weixin.qq.com/q/demo-{scene}"})


def _seed_qr_codes(tenant: Any, owner: Any) -> None:
    from . import services  # imported when seeding: services reach the access registry

    account = WeChatAccount.objects.get()
    membership = Membership.objects.get(user=owner, tenant=tenant)
    campaigns = {campaign.name: campaign for campaign in Campaign.objects.all()}
    # The adapter needs an AppSecret to ask for its access token; the demo's is a placeholder, removed again
    # so that the hourly tag sync leaves the demo account alone (connecting for real enters one).
    account.app_secret = "DemoAppSecret0000000000000000000"
    account.save(update_fields=["app_secret"])
    with replaced_transport(httpx.MockTransport(_demo_wechat)):
        for scene, name in QR_CODES.items():
            if name in campaigns:
                services.create_wechat_qr_code(membership, campaigns[name].pk, scene)
    account.app_secret = ""
    account.save(update_fields=["app_secret"])
    cache.delete(WeChatApi(account).token_key())


def _seed_inbox_channels(owner: Any, now: datetime) -> None:
    email = ChannelConnection.objects.create(
        channel=ChannelConnection.Channel.EMAIL,
        token="demo-inbox-token-replace-when-connecting",
        secret="whsec_demo-placeholder-rotate-when-connecting",  # rotate it in Settings → E-mail inbox
        address="sales@demo.example.com",
        acting_user_id=owner.pk,
    )
    sms = ChannelConnection.objects.create(
        channel=ChannelConnection.Channel.SMS,
        token="demo-sms-token-replace-when-connecting",
        secret="demo-auth-token-placeholder",  # the provider's auth token: entered in Settings → SMS
        address="+14155550199",
        account_sid="AC" + "0" * 31 + "1",
        acting_user_id=owner.pk,
    )
    writers = Contact.objects.filter(merged_into__isnull=True, emails__len__gt=0, phones__len__gt=0).order_by("pk")
    mail_from, texter = writers[0], writers[1]

    # An e-mail in, answered from the inbox in its thread.
    address, asked = mail_from.emails[0], now - timedelta(days=2, hours=3)
    message_id = "<rfq-2026-0412@customer.example.com>"
    inbound = _interaction(
        mail_from,
        owner,
        email.channel,
        asked,
        "Quote for 40 units",
        "Hello, could you send a quote for 40 units delivered to our Hefei site?",
        kind="email",
    )
    ChannelMessage.objects.create(
        channel=email.channel,
        direction=ChannelMessage.Direction.INBOUND,
        external_id=message_id,
        thread=message_id,
        sender=address,
        recipient=email.address,
        subject="Quote for 40 units",
        contact=mail_from,
        interaction=inbound,
        at=asked,
    )
    answered = asked + timedelta(hours=2)
    reply_text = "Thank you for asking: the quote for 40 units is attached, valid for 30 days."
    reply = _interaction(
        mail_from,
        owner,
        email.channel,
        answered,
        "Re: Quote for 40 units",
        reply_text,
        kind="email",
        direction="outbound",
    )
    ChannelMessage.objects.create(
        channel=email.channel,
        direction=ChannelMessage.Direction.OUTBOUND,
        external_id="<reply-2026-0412@demo.example.com>",
        thread=message_id,
        in_reply_to=message_id,
        references=message_id,
        sender=email.address,
        recipient=address,
        subject="Re: Quote for 40 units",
        body=reply_text,
        contact=mail_from,
        interaction=reply,
        at=answered,
        status=ChannelMessage.Status.SENT,
        sent_by_id=owner.pk,
        attempts=1,
        sent_at=answered,
    )

    # A text in, one answer sent, and one the provider refused (its outcome kept on the message).
    number, texted = texter.phones[0], now - timedelta(hours=20)
    said = "Is the order shipping this week?"
    inbound_text = _interaction(texter, owner, sms.channel, texted, f"SMS from {number}", said, kind="chat")
    ChannelMessage.objects.create(
        channel=sms.channel,
        direction=ChannelMessage.Direction.INBOUND,
        external_id="SMdemo" + "0" * 26 + "01",
        sender=number,
        recipient=sms.address,
        contact=texter,
        interaction=inbound_text,
        at=texted,
    )
    for minutes, text, sent in [
        (15, "Yes: it leaves our warehouse on Thursday.", True),
        (90, "Tracking number to follow.", False),
    ]:
        at = texted + timedelta(minutes=minutes)
        logged = _interaction(
            texter, owner, sms.channel, at, f"SMS to {number}", text, kind="chat", direction="outbound"
        )
        ChannelMessage.objects.create(
            channel=sms.channel,
            direction=ChannelMessage.Direction.OUTBOUND,
            external_id=f"SMdemo{minutes:026d}99",
            sender=sms.address,
            recipient=number,
            body=text,
            contact=texter,
            interaction=logged,
            at=at,
            sent_by_id=owner.pk,
            attempts=1,
            status=ChannelMessage.Status.SENT if sent else ChannelMessage.Status.FAILED,
            sent_at=at if sent else None,
            error="" if sent else "The SMS provider refused: the 'To' number is not reachable by text.",
        )
    for contact in (mail_from, texter):
        latest = contact.interactions.order_by("-occurred_at").values_list("occurred_at", flat=True).first()
        Contact.objects.filter(pk=contact.pk).update(last_interaction_at=latest)
