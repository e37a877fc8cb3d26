"""The e-mail inbox connector: signed inbound MIME → contacts, leads, threads, attachments; replies; isolation."""

from __future__ import annotations

import itertools
import smtplib
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.test import Client

from realtime import events as realtime
from saas.attachments.models import Attachment
from saas.customers.models import Contact, Interaction
from saas.integrations import outbox, signing
from saas.integrations import services as integrations
from saas.integrations.events import global_id
from saas.integrations.models import ChannelConnection, ChannelMessage
from saas.leads.models import Lead, LeadActivity
from tenants import services
from tenants.models import Membership, Role
from tests.conftest import Workspace

from .conftest import member, mutate

SECRET = "whsec_inbox-test-secret"
_ids = itertools.count(1)
Capture = Callable[..., Any]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _fresh(settings: Any, tmp_path: Path) -> None:
    cache.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.ATTACHMENT_DIR = tmp_path / "attachments"


def connect(ws: Workspace, *, unknown: str = "contact", token: str = "alpha-inbox", secret: str = SECRET) -> None:
    ws.activate()
    ChannelConnection.objects.create(
        channel="email",
        token=token,
        secret=secret,
        address="sales@alpha.example.com",
        unknown_senders=unknown,
        acting_user_id=ws.owner.pk,
    )


def message(
    sender: str = "Mei Lin <mei@customer.example.com>",
    subject: str = "Quote for 40 units",
    text: str = "Could you send a quote?",
    **headers: str,
) -> tuple[EmailMessage, str]:
    msg = EmailMessage()
    message_id = headers.pop("message_id", f"<m{next(_ids)}@customer.example.com>")
    msg["From"], msg["To"], msg["Subject"], msg["Message-ID"] = sender, "sales@alpha.example.com", subject, message_id
    msg["Date"] = "Fri, 04 Dec 2026 09:30:00 +0000"
    for name, value in headers.items():
        msg[name.replace("_", "-")] = value
    msg.set_content(text)
    return msg, message_id


def post(ws: Workspace, raw: bytes, *, token: str = "alpha-inbox", secret: str = SECRET, at: int | None = None) -> Any:
    client = Client(HTTP_HOST=services.tenant_host(ws.subdomain))
    header = signing.signature_header(secret, at or int(time.time()), raw)
    return client.post(f"/integrations/email/{token}/", raw, content_type="message/rfc822", HTTP_X_CRM_SIGNATURE=header)


def test_mail_from_a_contact_lands_on_their_timeline_in_its_thread_with_attachments(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices: list[dict[str, Any]] = []
    monkeypatch.setattr(realtime, "on_commit_publish", lambda group, event: notices.append(event))
    connect(workspace_a)
    contact = Contact.objects.create(first_name="Mei", last_name="Lin", emails=["mei@customer.example.com"])
    first, first_id = message()
    first.add_attachment(PNG, maintype="image", subtype="png", filename="floor-plan.png")
    assert post(workspace_a, first.as_bytes()).status_code == 204

    workspace_a.activate()
    [interaction] = Interaction.objects.filter(contact=contact)
    assert (interaction.kind, interaction.direction) == ("email", "inbound")
    assert interaction.subject == "Quote for 40 units" and interaction.body == "Could you send a quote?"
    assert interaction.performed_by_id == workspace_a.owner.pk and interaction.occurred_at.day == 4
    [kept] = Attachment.objects.filter(record_type="Interaction", record_id=str(interaction.pk))
    assert (kept.file_name, kept.content_type) == ("floor-plan.png", "image/png")
    assert Contact.objects.count() == 1  # matched by From, no new contact
    assert any(e.get("kind") == "inbound_message" and "Quote for 40 units" in e["message"] for e in notices)

    follow_up, _ = message(subject="Re: Quote for 40 units", text="Any news?", In_Reply_To=first_id)
    assert post(workspace_a, follow_up.as_bytes()).status_code == 204
    workspace_a.activate()
    threads = set(ChannelMessage.objects.values_list("thread", flat=True))
    assert threads == {first_id} and Interaction.objects.filter(contact=contact).count() == 2


def test_unknown_senders_become_a_contact_or_a_lead_per_the_setting(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    connect(workspace_a, unknown="contact")
    assert post(workspace_a, message()[0].as_bytes()).status_code == 204
    workspace_a.activate()
    made = Contact.objects.get()
    assert (made.first_name, made.last_name, made.emails) == ("Mei", "Lin", ["mei@customer.example.com"])
    assert made.owner_id == workspace_a.owner.pk and Interaction.objects.filter(contact=made).count() == 1

    connect(workspace_b, unknown="lead", token="bravo-inbox")
    with_file, _ = message()
    with_file.add_attachment(PNG, maintype="image", subtype="png", filename="site.png")
    assert post(workspace_b, with_file.as_bytes(), token="bravo-inbox").status_code == 204
    assert post(workspace_b, message(text="Second")[0].as_bytes(), token="bravo-inbox").status_code == 204
    workspace_b.activate()
    lead = Lead.objects.get()  # the second message finds the same lead
    assert (lead.name, lead.email) == ("Mei Lin", "mei@customer.example.com")
    assert LeadActivity.objects.filter(lead=lead, kind="email").count() == 2 and not Contact.objects.exists()
    assert Attachment.objects.get(record_type="Lead", record_id=str(lead.pk)).file_name == "site.png"


def test_forged_stale_and_replayed_hooks_change_nothing_and_resent_mail_is_kept_once(
    workspace_a: Workspace,
) -> None:
    connect(workspace_a)
    raw = message()[0].as_bytes()
    assert post(workspace_a, raw, secret="whsec_guessed").status_code == 403
    assert post(workspace_a, raw, at=int(time.time()) - 3600).status_code == 403
    assert post(workspace_a, raw, token="no-such-inbox").status_code == 404
    workspace_a.activate()
    assert not Contact.objects.exists() and not ChannelMessage.objects.exists()

    at = int(time.time())
    assert post(workspace_a, raw, at=at).status_code == 204
    assert post(workspace_a, raw, at=at).status_code == 204  # the same signed request again: the provider's retry
    assert post(workspace_a, raw, at=at - 1).status_code == 204  # the provider's retry, signed anew: kept once
    workspace_a.activate()
    assert Interaction.objects.count() == 1 and ChannelMessage.objects.count() == 1

    ChannelConnection.objects.update(enabled=False)
    assert post(workspace_a, message()[0].as_bytes()).status_code == 404


def test_an_attachment_over_the_limit_is_named_not_kept(workspace_a: Workspace, settings: Any) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024
    connect(workspace_a)
    msg, _ = message()
    msg.add_attachment(b"x" * 4096, maintype="text", subtype="plain", filename="huge.txt")
    msg.add_attachment(b"small notes", maintype="text", subtype="plain", filename="notes.txt")
    assert post(workspace_a, msg.as_bytes()).status_code == 204
    workspace_a.activate()
    interaction = Interaction.objects.get()
    assert list(Attachment.objects.values_list("file_name", flat=True)) == ["notes.txt"]
    assert "huge.txt: At most" in interaction.body and interaction.body.startswith("Could you send a quote?")


def test_another_workspace_never_receives_with_this_inbox(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    raw = message()[0].as_bytes()
    assert post(workspace_b, raw).status_code == 404  # A's token means nothing on B's host
    connect(workspace_b, token="bravo-inbox", secret="whsec_bravo")
    assert post(workspace_b, raw, token="bravo-inbox").status_code == 403  # A's secret does not sign for B
    workspace_b.activate()
    assert not Contact.objects.exists() and not ChannelMessage.objects.exists()
    assert post(workspace_a, raw).status_code == 204
    workspace_b.activate()
    assert not Interaction.objects.exists()


REPLY = "interaction { id kind direction subject body }"


def test_a_reply_goes_out_in_the_thread_and_on_the_timeline(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    first, first_id = message()
    assert post(workspace_a, first.as_bytes()).status_code == 204
    workspace_a.activate()
    inbound = Interaction.objects.get()
    inbound_id = global_id("Interaction", inbound.pk)

    blank = mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": "  "}, REPLY)
    assert blank == {"interaction": None, "errors": [{"field": "body", "code": "required"}]}
    with django_capture_on_commit_callbacks() as after_commit:
        done = mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": "Quote attached."}, REPLY)
    assert done["errors"] == [] and done["interaction"]["direction"] == "OUTBOUND"
    assert done["interaction"]["subject"] == "Re: Quote for 40 units"
    assert not mail.outbox  # nothing leaves while the write is open: it goes once it committed
    workspace_a.activate()
    assert ChannelMessage.objects.get(direction="outbound").status == "queued"
    for callback in after_commit:
        callback()
    [sent] = mail.outbox
    assert sent.to == ["mei@customer.example.com"] and sent.from_email == "sales@alpha.example.com"
    assert sent.extra_headers["In-Reply-To"] == first_id and first_id in sent.extra_headers["References"]
    workspace_a.activate()
    assert set(ChannelMessage.objects.values_list("thread", flat=True)) == {first_id}
    reply = ChannelMessage.objects.get(direction="outbound")
    assert (reply.status, reply.attempts, reply.external_id) == ("sent", 1, sent.extra_headers["Message-ID"])

    # A note (not an inbox e-mail), and the inbox off: typed errors, nothing sent or written.
    note = Interaction.objects.create(kind="note", contact_id=inbound.contact_id, occurred_at=inbound.occurred_at)
    own = mutate(workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", note.pk), "body": "x"}, REPLY)
    assert own["errors"] == [{"field": "interactionId", "code": "invalid"}]
    workspace_a.activate()
    ChannelConnection.objects.update(enabled=False)
    off = mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": "x"}, REPLY)
    assert off["errors"] == [{"field": "interactionId", "code": "not_enabled"}]
    workspace_a.activate()
    assert len(mail.outbox) == 1 and Interaction.objects.count() == 3


class UnreachableServer(BaseEmailBackend):
    """A mail server that is down (connection refused)."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("connection refused")


class RefusingServer(BaseEmailBackend):
    """A mail server that refuses the recipient for good."""

    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPRecipientsRefused({"mei@customer.example.com": (550, b"No such user")})


def test_a_reply_is_retried_while_the_server_is_down_and_its_writer_told_when_refused(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    notices: list[dict[str, Any]] = []
    monkeypatch.setattr(realtime, "on_commit_publish", lambda group, event: notices.append(event))
    connect(workspace_a)
    assert post(workspace_a, message()[0].as_bytes()).status_code == 204
    workspace_a.activate()
    inbound_id = global_id("Interaction", Interaction.objects.get().pk)

    settings.EMAIL_BACKEND = f"{__name__}.UnreachableServer"
    with django_capture_on_commit_callbacks(execute=True):
        done = mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": "Quote attached."}, REPLY)
    assert done["errors"] == []  # the reply is on the timeline; its sending goes on in the background
    workspace_a.activate()
    reply = ChannelMessage.objects.get(direction="outbound")
    assert (reply.status, reply.attempts) == ("queued", 1) and "connection refused" in reply.error
    assert outbox.send_due() == 0  # not due yet: the retry waits out its backoff
    assert reply.next_attempt_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_due(now=reply.next_attempt_at) == 1
    reply.refresh_from_db()
    assert (reply.status, reply.attempts, reply.error) == ("sent", 2, "") and len(mail.outbox) == 1

    settings.EMAIL_BACKEND = f"{__name__}.RefusingServer"
    with django_capture_on_commit_callbacks(execute=True):
        mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": "Anyone there?"}, REPLY)
    workspace_a.activate()
    refused = ChannelMessage.objects.get(direction="outbound", status="failed")
    assert refused.attempts == 1 and "No such user" in refused.error  # final: no retry
    [told] = [e for e in notices if e.get("kind") == outbox.MESSAGE_FAILED]
    assert "mei@customer.example.com" in told["message"] and told["payload"]["channel"] == "email"


def test_a_reply_whose_write_rolls_back_is_never_sent(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    assert post(workspace_a, message()[0].as_bytes()).status_code == 204
    workspace_a.activate()
    inbound = Interaction.objects.get()
    membership = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        integrations.reply_by_email(membership, inbound.pk, "Quote attached.")
        raise RuntimeError("a later step of the same write failed")
    assert not mail.outbox and not ChannelMessage.objects.filter(direction="outbound").exists()


def test_another_workspace_cannot_reply_to_this_inbox(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    connect(workspace_b, token="bravo-inbox")
    assert post(workspace_a, message()[0].as_bytes()).status_code == 204
    workspace_a.activate()
    foreign = global_id("Interaction", Interaction.objects.get().pk)
    refused = mutate(workspace_b, "replyByEmail", {"interactionId": foreign, "body": "Hi"}, REPLY)
    assert refused["errors"] == [{"field": "interactionId", "code": "not_found"}] and not mail.outbox


INBOX = "inbox { address enabled unknownSenders inboundUrl } secret"


def test_an_admin_connects_the_inbox_and_sees_the_secret_once(workspace_a: Workspace, workspace_b: Workspace) -> None:
    bad = mutate(workspace_a, "connectEmailInbox", {"address": "not an address"}, INBOX)
    assert bad["errors"] == [{"field": "address", "code": "invalid_format"}]
    made = mutate(workspace_a, "connectEmailInbox", {"address": "Sales@alpha.example.com"}, INBOX)
    assert made["errors"] == [] and made["secret"].startswith("whsec_")
    inbox = made["inbox"]
    assert inbox["address"] == "sales@alpha.example.com" and inbox["unknownSenders"] == "CONTACT"
    assert "alpha." in inbox["inboundUrl"] and "/integrations/email/" in inbox["inboundUrl"]
    token = inbox["inboundUrl"].rstrip("/").rsplit("/", 1)[1]
    assert post(workspace_a, message()[0].as_bytes(), token=token, secret=made["secret"]).status_code == 204

    changed = mutate(
        workspace_a, "connectEmailInbox", {"address": "sales@alpha.example.com", "unknownSenders": "LEAD"}, INBOX
    )
    assert changed["secret"] is None and changed["inbox"]["unknownSenders"] == "LEAD"  # shown once
    rotated = mutate(
        workspace_a, "connectEmailInbox", {"address": "sales@alpha.example.com", "rotateSecret": True}, INBOX
    )
    assert rotated["secret"] not in (None, made["secret"])
    assert post(workspace_a, message()[0].as_bytes(), token=token, secret=made["secret"]).status_code == 403
    read = workspace_a.api.data("{ emailInbox { address inboundUrl } }")["emailInbox"]
    assert read["inboundUrl"] == inbox["inboundUrl"]
    assert workspace_b.api.data("{ emailInbox { address } }")["emailInbox"] is None

    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    assert sales.api.error_codes("{ emailInbox { address } }") == ["FORBIDDEN"]
    refused = mutate(sales, "connectEmailInbox", {"address": "evil@alpha.example.com"}, INBOX)
    assert refused["errors"] == [{"field": None, "code": "permission_denied"}]
    workspace_a.activate()
    assert ChannelConnection.objects.get().address == "sales@alpha.example.com"


TIMELINE = (
    "query($id: ID!) { node(id: $id) { ... on Contact {"
    " interactions { edges { node { subject kind direction channel } } } } } }"
)


def test_the_timeline_tells_an_inbox_mail_from_one_logged_by_hand(workspace_a: Workspace) -> None:
    """Only an e-mail that came through the inbox (or a reply sent from it) says so: the web client offers
    "Reply by e-mail" on that one, not on an inbound e-mail a member logged by hand."""
    connect(workspace_a)
    assert post(workspace_a, message(subject="Through the inbox")[0].as_bytes()).status_code == 204
    workspace_a.activate()
    inbound = Interaction.objects.get()
    contact_id = global_id("Contact", inbound.contact_id)
    logged = workspace_a.api.data(
        "mutation($input: LogInteractionInput!) { logInteraction(input: $input) { errors { code } } }",
        {"input": {"kind": "EMAIL", "direction": "INBOUND", "subject": "Typed in", "contactId": contact_id}},
    )
    assert logged["logInteraction"]["errors"] == []
    done = mutate(
        workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
    )
    assert done["errors"] == []
    edges = workspace_a.api.data(TIMELINE, {"id": contact_id})["node"]["interactions"]["edges"]
    channels = {e["node"]["subject"]: (e["node"]["direction"], e["node"]["channel"]) for e in edges}
    assert channels == {
        "Through the inbox": ("INBOUND", "EMAIL_INBOX"),
        "Re: Through the inbox": ("OUTBOUND", "EMAIL_INBOX"),
        "Typed in": ("INBOUND", None),
    }
    # What a member logs never claims a connector, whatever the input says.
    sneaky = workspace_a.api.execute(
        "mutation($input: LogInteractionInput!) { logInteraction(input: $input) { errors { code } } }",
        {"input": {"kind": "EMAIL", "direction": "INBOUND", "contactId": contact_id, "channel": "EMAIL_INBOX"}},
    )
    assert sneaky.get("errors")  # not an input field
