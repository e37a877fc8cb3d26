"""``Interaction.delivery``: how a reply or text sent from a connected channel went out (queued, sent, failed
with the reason), on its timeline entry; null for everything else; read as the interaction is; live."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend

from bench.operations import operation
from realtime import events as realtime
from saas.customers.models import Interaction
from saas.integrations import outbox
from saas.integrations.events import global_id
from saas.integrations.models import ChannelMessage
from tenants.models import Role
from tests.api.test_plans import both_ways
from tests.api.test_sql_records import built
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries

from .conftest import member, mutate
from .test_email_inbox import connect, message, post

__all__ = ["built"]  # a fixture
RECORD_PAGE = operation("CustomerContact")  # the web client's contact page, as it sends it
Capture = Callable[..., Any]
DELIVERY = "delivery { status error attempts sentAt nextAttemptAt }"
REPLY = f"interaction {{ id direction {DELIVERY} }}"
NODE = f"query($id: ID!) {{ node(id: $id) {{ ... on Interaction {{ subject {DELIVERY} }} }} }}"
TIMELINE = (
    "query($id: ID!) { node(id: $id) { ... on Contact {"
    f" interactions(first: 20) {{ edges {{ node {{ subject direction channel {DELIVERY} }} }} }} }} }} }}"
)


class UnreachableServer(BaseEmailBackend):
    """A mail server that is down (connection refused): worth another attempt."""

    def send_messages(self, email_messages: Any) -> int:
        raise ConnectionRefusedError("connection refused")


@pytest.fixture(autouse=True)
def _fresh(settings: Any) -> None:
    cache.clear()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def inbound_mail(ws: Workspace, subject: str = "Quote for 40 units") -> Interaction:
    assert post(ws, message(subject=subject)[0].as_bytes()).status_code == 204
    ws.activate()
    return Interaction.objects.get(subject=subject)


def test_a_reply_s_delivery_reads_queued_then_sent_and_the_timeline_hears_it(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[dict[str, Any]] = []
    monkeypatch.setattr(realtime, "on_commit_publish", lambda group, event: events.append(event))
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    with django_capture_on_commit_callbacks() as after_commit:
        done = mutate(
            workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
        )
    assert done["errors"] == []
    # The payload answers before the outbox runs: queued, not tried yet.
    queued = done["interaction"]["delivery"]
    assert (queued["status"], queued["error"], queued["attempts"], queued["sentAt"]) == ("QUEUED", "", 0, None)
    assert queued["nextAttemptAt"] is not None  # due at once
    events.clear()
    for callback in after_commit:
        callback()
    assert len(mail.outbox) == 1
    sent = workspace_a.api.data(NODE, {"id": done["interaction"]["id"]})["node"]["delivery"]
    assert (sent["status"], sent["error"], sent["attempts"], sent["nextAttemptAt"]) == ("SENT", "", 1, None)
    assert sent["sentAt"] is not None
    # The outcome is an update of the interaction: the pages showing it read it again.
    workspace_a.activate()
    reply = ChannelMessage.objects.get(direction="outbound").interaction_id
    [heard] = [e for e in events if e.get("record_type") == "Interaction"]
    assert (heard["action"], heard["record_id"], heard["fields"]) == ("updated", str(reply), ["delivery"])
    assert heard["payload"]["delivery"]["status"] == "sent"

    # On the timeline: only the reply has a delivery (not the inbound mail, not one logged by hand).
    contact_id = global_id("Contact", inbound.contact_id)
    logged = workspace_a.api.data(
        "mutation($input: LogInteractionInput!) { logInteraction(input: $input) { errors { code } } }",
        {"input": {"kind": "EMAIL", "direction": "OUTBOUND", "subject": "Typed in", "contactId": contact_id}},
    )
    assert logged["logInteraction"]["errors"] == []
    edges = workspace_a.api.data(TIMELINE, {"id": contact_id})["node"]["interactions"]["edges"]
    statuses = {e["node"]["subject"]: (e["node"]["delivery"] or {}).get("status") for e in edges}
    assert statuses == {"Quote for 40 units": None, "Re: Quote for 40 units": "SENT", "Typed in": None}


def test_a_failed_attempt_shows_its_reason_while_retried_and_when_given_up(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    settings.EMAIL_BACKEND = f"{__name__}.UnreachableServer"
    with django_capture_on_commit_callbacks(execute=True):
        done = mutate(
            workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
        )
    reply_id = done["interaction"]["id"]
    retried = workspace_a.api.data(NODE, {"id": reply_id})["node"]["delivery"]
    assert (retried["status"], retried["attempts"], retried["sentAt"]) == ("QUEUED", 1, None)
    assert "connection refused" in retried["error"] and retried["nextAttemptAt"] is not None

    workspace_a.activate()
    queued = ChannelMessage.objects.get(direction="outbound")
    now = queued.next_attempt_at
    for _ in range(settings.OUTBOX_MAX_ATTEMPTS):
        outbox.send_due(now=now)
        queued.refresh_from_db()
        now = queued.next_attempt_at or now
    given_up = workspace_a.api.data(NODE, {"id": reply_id})["node"]["delivery"]
    assert (given_up["status"], given_up["attempts"], given_up["nextAttemptAt"]) == (
        "FAILED",
        settings.OUTBOX_MAX_ATTEMPTS,
        None,
    )
    assert "connection refused" in given_up["error"] and not mail.outbox


def test_another_workspace_never_reads_a_delivery(workspace_a: Workspace, workspace_b: Workspace) -> None:
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    done = mutate(
        workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
    )
    assert workspace_b.api.data(NODE, {"id": done["interaction"]["id"]})["node"] is None
    contact = global_id("Contact", inbound.contact_id)
    assert workspace_b.api.data(TIMELINE, {"id": contact})["node"] is None


def test_a_delivery_is_read_by_whoever_may_read_the_interaction(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    with django_capture_on_commit_callbacks(execute=True):
        done = mutate(
            workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
        )
    reply_id = done["interaction"]["id"]
    # Read-only reads every interaction: the delivery with it.
    reader = member(workspace_a, "reader@alpha.example.com", Role.READ_ONLY)
    assert reader.api.data(NODE, {"id": reply_id})["node"]["delivery"]["status"] == "SENT"
    # Sales reads its own interactions only: the owner's reply, and so its delivery, stays out of sight.
    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    assert sales.api.data(NODE, {"id": reply_id})["node"] is None


def test_a_timeline_reads_deliveries_in_a_fixed_number_of_queries(workspace_a: Workspace) -> None:
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    contact_id, inbound_id = global_id("Contact", inbound.contact_id), global_id("Interaction", inbound.pk)
    counts = []
    for body in ("One", "Two", "Three", "Four"):
        mutate(workspace_a, "replyByEmail", {"interactionId": inbound_id, "body": body}, REPLY)
        workspace_a.activate()
        counts.append(count_queries(lambda: workspace_a.api.data(TIMELINE, {"id": contact_id})))
    # token and membership, the contact, its interactions (one window query), their outbound messages.
    assert counts == [counts[0]] * 4
    with assert_num_queries(counts[0]) as queries:
        workspace_a.api.data(TIMELINE, {"id": contact_id})
    assert sum("integrations_channelmessage" in sql for sql in queries.statements) == 1


def test_the_client_record_page_with_a_sent_reply_stays_one_query_built_by_postgres(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, built: list[Any]
) -> None:
    connect(workspace_a)
    inbound = inbound_mail(workspace_a)
    with django_capture_on_commit_callbacks() as after_commit:
        done = mutate(
            workspace_a, "replyByEmail", {"interactionId": global_id("Interaction", inbound.pk), "body": "Hi"}, REPLY
        )
    for callback in after_commit:
        callback()
    assert done["errors"] == []
    contact = {"id": global_id("Contact", inbound.contact_id)}
    fast, normal = both_ways(workspace_a, RECORD_PAGE, contact)
    assert fast == normal and b'"SENT"' in fast and b'"errors"' not in fast
    assert len(built) == 1  # PostgreSQL wrote the page, deliveries included (no fallback to the normal path)
    with assert_num_queries(2):  # the token with its membership, then the page
        workspace_a.api.data(RECORD_PAGE, contact)
