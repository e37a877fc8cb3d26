"""The SMS connector: the provider's signature, inbound texts by normalised number, STOP / START, sending."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlencode

import httpx
import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from twilio.request_validator import RequestValidator

from realtime import events as realtime
from saas.customers.models import Contact, Interaction
from saas.integrations import outbox
from saas.integrations.connectors import replaced_transport
from saas.integrations.events import global_id
from saas.integrations.models import ChannelConnection, ChannelMessage
from saas.leads.models import Lead, LeadActivity
from tenants import services
from tenants.models import Role
from tests.conftest import Workspace

from .conftest import member, mutate

AUTH_TOKEN = "12345678901234567890123456789012"
ACCOUNT = "AC00000000000000000000000000000001"
_sids = itertools.count(1)
Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _fresh() -> None:
    cache.clear()


def connect(ws: Workspace, *, unknown: str = "contact", token: str = "alpha-sms", secret: str = AUTH_TOKEN) -> None:
    ws.activate()
    ChannelConnection.objects.create(
        channel="sms",
        token=token,
        secret=secret,
        address="+14155550199",
        account_sid=ACCOUNT,
        unknown_senders=unknown,
        acting_user_id=ws.owner.pk,
    )


def post(
    ws: Workspace,
    text: str,
    *,
    sender: str = "+14155550100",
    token: str = "alpha-sms",
    secret: str = AUTH_TOKEN,
    sid: str | None = None,
    signature: str | None = None,
) -> Any:
    host = services.tenant_host(ws.subdomain)
    url = f"http://{host}/integrations/sms/{token}/"
    params = {
        "MessageSid": sid or f"SM{next(_sids):032d}",
        "AccountSid": ACCOUNT,
        "From": sender,
        "To": "+14155550199",
        "Body": text,
        "NumMedia": "0",
    }
    signed = signature or RequestValidator(secret).compute_signature(url, params)
    return Client(HTTP_HOST=host).post(
        f"/integrations/sms/{token}/",
        urlencode(params),
        content_type="application/x-www-form-urlencoded",
        HTTP_X_TWILIO_SIGNATURE=signed,
    )


def test_a_text_lands_on_the_contact_matched_by_normalised_number(workspace_a: Workspace) -> None:
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    answer = post(workspace_a, "Is the order shipped?", sender="+1 (415) 555-0100")
    assert answer.status_code == 200 and answer.content == b"<Response/>"
    workspace_a.activate()
    [interaction] = Interaction.objects.filter(contact=contact)
    assert (interaction.direction, interaction.body) == ("inbound", "Is the order shipped?")
    assert interaction.subject == "SMS from +14155550100" and Contact.objects.count() == 1


def test_stop_and_start_keep_the_opt_out_on_the_contact(workspace_a: Workspace) -> None:
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    assert post(workspace_a, "stop").status_code == 200
    workspace_a.activate()
    contact.refresh_from_db()
    assert contact.sms_consent is False
    assert Interaction.objects.filter(contact=contact, subject__endswith="opted out").exists()
    assert post(workspace_a, "START").status_code == 200
    workspace_a.activate()
    contact.refresh_from_db()
    assert contact.sms_consent is True


def test_unknown_numbers_become_a_contact_or_a_lead(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    assert post(workspace_a, "Hello").status_code == 200
    workspace_a.activate()
    assert Contact.objects.get().phones == ["+14155550100"]
    connect(workspace_b, unknown="lead", token="bravo-sms")
    assert post(workspace_b, "Hello", token="bravo-sms").status_code == 200
    workspace_b.activate()
    lead = Lead.objects.get()
    assert lead.phone == "+14155550100" and LeadActivity.objects.filter(lead=lead).count() == 1


def test_forged_and_replayed_texts_change_nothing(workspace_a: Workspace) -> None:
    connect(workspace_a)
    assert post(workspace_a, "Hi", secret="not-the-auth-token").status_code == 403
    assert post(workspace_a, "Hi", signature="bm90IGEgc2lnbmF0dXJl").status_code == 403
    assert post(workspace_a, "Hi", token="another").status_code == 404
    workspace_a.activate()
    assert not Contact.objects.exists() and not ChannelMessage.objects.exists()
    assert post(workspace_a, "Hi", sid="SM1").status_code == 200
    # The provider retries what it was not answered 2xx: the same signed request is acknowledged, kept once.
    again = post(workspace_a, "Hi", sid="SM1")
    assert (again.status_code, again.content) == (200, b"<Response/>")
    workspace_a.activate()
    assert Interaction.objects.count() == 1 and ChannelMessage.objects.count() == 1


def test_another_workspace_never_receives_with_this_number(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    assert post(workspace_b, "Hi").status_code == 404
    connect(workspace_b, token="bravo-sms", secret="b" * 32)
    assert post(workspace_b, "Hi", token="bravo-sms").status_code == 403  # A's auth token does not sign for B
    workspace_b.activate()
    assert not Contact.objects.exists() and not ChannelMessage.objects.exists()


class Provider:
    """The SMS provider's REST API, answered locally: keeps each request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.status = 201

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.status >= 400:
            return httpx.Response(
                self.status, json={"code": 21211, "message": "The 'To' number is not valid.", "status": self.status}
            )
        form = parse_qs(request.content.decode())
        return httpx.Response(
            201, json={"sid": "SMout0001", "status": "queued", "to": form["To"][0], "body": form["Body"][0]}
        )


@pytest.fixture
def provider() -> Iterator[Provider]:
    found = Provider()
    with replaced_transport(httpx.MockTransport(found)):
        yield found


SENT = "interaction { direction subject body }"


def text(ws: Workspace, capture: Capture, contact_id: str, body: str) -> dict[str, Any]:
    """``sendSms``, with what it queues after commit run then (as the worker would)."""
    with capture(execute=True):
        return mutate(ws, "sendSms", {"contactId": contact_id, "body": body}, SENT)


def test_a_text_goes_out_through_the_provider_only_with_consent(
    workspace_a: Workspace, provider: Provider, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    contact_id = global_id("Contact", contact.pk)
    with django_capture_on_commit_callbacks() as after_commit:
        done = mutate(workspace_a, "sendSms", {"contactId": contact_id, "body": "Shipped today."}, SENT)
    assert provider.requests == []  # nothing leaves while the write is open
    for callback in after_commit:
        callback()
    assert done["errors"] == [] and done["interaction"] == {
        "direction": "OUTBOUND",
        "subject": "SMS to +14155550100",
        "body": "Shipped today.",
    }
    [request] = provider.requests
    assert request.url.path == f"/2010-04-01/Accounts/{ACCOUNT}/Messages.json"
    assert parse_qs(request.content.decode()) == {
        "To": ["+14155550100"],
        "From": ["+14155550199"],
        "Body": ["Shipped today."],
    }
    workspace_a.activate()
    sent = ChannelMessage.objects.get(direction="outbound")
    assert (sent.external_id, sent.status, sent.attempts, sent.body) == ("SMout0001", "sent", 1, "Shipped today.")

    provider.status = 400  # the provider refuses the number: final, recorded, no retry
    failed = text(workspace_a, django_capture_on_commit_callbacks, contact_id, "Again")
    assert failed["errors"] == []
    workspace_a.activate()
    refused_row = ChannelMessage.objects.get(direction="outbound", status="failed")
    assert refused_row.attempts == 1 and "not valid" in refused_row.error and refused_row.next_attempt_at is None
    assert post(workspace_a, "STOP").status_code == 200
    refused = mutate(workspace_a, "sendSms", {"contactId": contact_id, "body": "Again"}, SENT)
    assert refused["errors"] == [{"field": "contactId", "code": "opted_out"}]
    assert len(provider.requests) == 2  # the opted-out text never left
    workspace_a.activate()
    assert Interaction.objects.filter(direction="outbound").count() == 2


def test_a_text_is_retried_while_the_provider_is_busy_and_its_writer_told_when_it_gives_up(
    workspace_a: Workspace,
    provider: Provider,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notices: list[dict[str, Any]] = []
    monkeypatch.setattr(realtime, "on_commit_publish", lambda group, event: notices.append(event))
    settings.OUTBOX_MAX_ATTEMPTS = 3
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    contact_id = global_id("Contact", contact.pk)
    provider.status = 503
    assert text(workspace_a, django_capture_on_commit_callbacks, contact_id, "Shipped today.")["errors"] == []
    workspace_a.activate()
    row = ChannelMessage.objects.get(direction="outbound")
    assert (row.status, row.attempts) == ("queued", 1) and row.next_attempt_at is not None

    provider.status = 201  # back: the sweep sends it once due
    assert outbox.send_due() == 0
    assert outbox.send_due(now=row.next_attempt_at) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts, row.external_id) == ("sent", 2, "SMout0001")
    assert outbox.send_due(now=row.next_attempt_at) == 0  # sent once

    provider.status = 503
    text(workspace_a, django_capture_on_commit_callbacks, contact_id, "Still there?")
    workspace_a.activate()
    for days in (1, 2, 3):  # each retry due after its backoff
        outbox.send_due(now=timezone.now() + timedelta(days=days))
    row = ChannelMessage.objects.get(direction="outbound", body="Still there?")
    assert (row.status, row.attempts) == ("failed", 3)  # out of attempts
    [told] = [e for e in notices if e.get("kind") == outbox.MESSAGE_FAILED]
    assert told["payload"]["interactionId"] == global_id("Interaction", row.interaction_id)
    assert len(provider.requests) == 5


def test_a_text_whose_contact_opted_out_meanwhile_is_not_sent(
    workspace_a: Workspace, provider: Provider, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    with django_capture_on_commit_callbacks() as after_commit:
        mutate(workspace_a, "sendSms", {"contactId": global_id("Contact", contact.pk), "body": "Hi"}, SENT)
    assert post(workspace_a, "STOP").status_code == 200  # between the write and its sending
    for callback in after_commit:
        callback()
    assert provider.requests == []
    workspace_a.activate()
    assert ChannelMessage.objects.get(direction="outbound").status == "failed"


def test_another_workspace_never_sends_this_workspace_s_texts(
    workspace_a: Workspace, workspace_b: Workspace, provider: Provider, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    connect(workspace_b, token="bravo-sms")
    workspace_a.activate()
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    with django_capture_on_commit_callbacks():  # queued, its task lost
        mutate(workspace_a, "sendSms", {"contactId": global_id("Contact", contact.pk), "body": "Hi"}, SENT)
    later = timezone.now() + timedelta(minutes=5)
    workspace_a.activate()
    queued = ChannelMessage.objects.get(direction="outbound").pk
    workspace_b.activate()
    assert outbox.send_due(now=later) == 0 and outbox.attempt(queued, now=later) is None and provider.requests == []
    workspace_a.activate()
    assert outbox.send_due(now=later) == 1 and len(provider.requests) == 1


def test_the_provider_is_reached_only_at_a_public_address(
    workspace_a: Workspace,
    provider: Provider,
    dns: dict[str, list[str]],
    settings: Any,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False  # production rules
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Sam", phones=["+14155550100"], sms_consent=True)
    contact_id = global_id("Contact", contact.pk)
    dns["api.twilio.com"] = ["169.254.169.254"]  # a poisoned name: the cloud's metadata service
    assert text(workspace_a, django_capture_on_commit_callbacks, contact_id, "Shipped today.")["errors"] == []
    assert provider.requests == []
    workspace_a.activate()
    refused = ChannelMessage.objects.get(direction="outbound")
    assert refused.status == "failed" and "non-public address" in refused.error

    dns["api.twilio.com"] = ["54.172.60.10"]
    assert text(workspace_a, django_capture_on_commit_callbacks, contact_id, "Shipped today.")["errors"] == []
    [request] = provider.requests
    assert request.url.host == "54.172.60.10"  # sent to the address that was checked ...
    assert request.headers["Host"] == "api.twilio.com"  # ... as the provider's name
    assert request.extensions["sni_hostname"] == "api.twilio.com"
    assert request.headers["Authorization"].startswith("Basic ")


NUMBER = "number { accountSid phoneNumber enabled unknownSenders inboundUrl }"


def test_an_admin_connects_the_number_and_the_token_is_never_shown(workspace_a: Workspace) -> None:
    first = {"accountSid": ACCOUNT, "phoneNumber": "+1 415 555 0199"}
    missing = mutate(workspace_a, "connectSmsNumber", first, NUMBER)
    assert missing["errors"] == [{"field": "authToken", "code": "required"}]
    made = mutate(workspace_a, "connectSmsNumber", {**first, "authToken": AUTH_TOKEN}, NUMBER)
    assert made["errors"] == [] and made["number"]["phoneNumber"] == "+14155550199"
    token = made["number"]["inboundUrl"].rstrip("/").rsplit("/", 1)[1]
    assert post(workspace_a, "Hi", token=token).status_code == 200
    again = mutate(workspace_a, "connectSmsNumber", {**first, "unknownSenders": "LEAD"}, NUMBER)
    assert again["errors"] == [] and again["number"]["unknownSenders"] == "LEAD"
    assert "authToken" not in json.dumps(workspace_a.api.data("{ smsNumber { accountSid phoneNumber } }"))
    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    assert sales.api.error_codes("{ smsNumber { phoneNumber } }") == ["FORBIDDEN"]
    workspace_a.activate()
    assert ChannelConnection.objects.get().secret == AUTH_TOKEN  # kept when not given again


def test_every_member_learns_which_channels_are_on(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    assert sales.api.data("{ inboxChannels { email sms } }")["inboxChannels"] == {"email": False, "sms": True}
    assert workspace_b.api.data("{ inboxChannels { email sms } }")["inboxChannels"] == {"email": False, "sms": False}
