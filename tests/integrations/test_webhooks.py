"""Outgoing webhooks: signed deliveries of record events, retries, disabling, redelivery, the log."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, cast

import pytest
from django.utils import timezone

from graphql_schema.apidocs import WEBHOOK_VERIFY_EXAMPLE
from saas.integrations import services, signing
from saas.integrations.models import WebhookDelivery, WebhookEndpoint
from saas.integrations.tasks import deliver_webhook
from tenants.models import Role
from tests.conftest import Workspace
from tests.query_count import assert_num_queries

from .conftest import Receiver, add_endpoint, create_company, deliveries, member, mutate

Capture = Callable[..., Any]


def _documented_recipe() -> Callable[..., bool]:
    """The verification recipe exactly as the API reference prints it (an integrator's code, not ours)."""
    scope: dict[str, Any] = {}
    exec(WEBHOOK_VERIFY_EXAMPLE, scope)
    return cast(Callable[..., bool], scope["verify"])


verify_like_a_receiver = _documented_recipe()


def test_a_change_is_delivered_signed_by_the_documented_recipe(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint = add_endpoint(workspace_a)
    assert endpoint["secret"].startswith("whsec_") and endpoint["secretHint"] == "…" + endpoint["secret"][-4:]
    company = create_company(workspace_a, django_capture_on_commit_callbacks, "Signed Co")

    [request] = receiver.requests
    body = request.content
    header = request.headers["X-Crm-Signature"]
    assert verify_like_a_receiver(endpoint["secret"], header, body)
    assert signing.verify(endpoint["secret"], header, body)
    # Tampered, wrong secret, or replayed later: refused.
    assert not verify_like_a_receiver(endpoint["secret"], header, body.replace(b"Signed", b"Forged"))
    assert not signing.verify("whsec_other", header, body)
    assert not signing.verify(endpoint["secret"], header, body, now=time.time() + 3600)

    sent = json.loads(body)
    assert sent["type"] == "Company.created" and request.headers["X-Crm-Event"] == "Company.created"
    assert sent["data"]["recordId"] == company["id"] and sent["data"]["values"]["name"] == "Signed Co"
    assert request.headers["Content-Type"] == "application/json"

    [logged] = deliveries(workspace_a)
    assert logged["status"] == "SUCCEEDED" and logged["responseCode"] == 200 and logged["attempts"] == 1
    assert logged["recordId"] == company["id"] and logged["body"] == body.decode()
    assert len(logged["responseBody"]) == 2000  # truncated
    assert request.headers["X-Crm-Delivery"]


def test_only_subscribed_events_reach_enabled_endpoints(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    add_endpoint(workspace_a, "https://contacts.example.com/", eventTypes=["Contact.created"])
    add_endpoint(workspace_a, "https://off.example.com/", enabled=False)
    updates = add_endpoint(workspace_a, "https://updates.example.com/", eventTypes=["Company.updated"])
    company = create_company(workspace_a, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    with django_capture_on_commit_callbacks(execute=True):
        mutate(workspace_a, "updateCompany", {"id": company["id"], "name": "Renamed"})
    [request] = receiver.requests
    assert request.url.host == "updates.example.com"
    sent = json.loads(request.content)
    assert sent["type"] == "Company.updated" and sent["data"]["fields"] == ["name"]
    assert sent["data"]["values"] == {"name": "Renamed"}
    assert [d["endpoint"]["id"] for d in deliveries(workspace_a)] == [updates["id"]]


def test_failed_attempts_are_retried_with_exponential_backoff_then_given_up(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.WEBHOOKS_MAX_ATTEMPTS = 3
    receiver.statuses = [500]
    add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks)
    workspace_a.activate()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "retrying" and delivery.attempts == 1 and delivery.response_code == 500
    start = delivery.attempt_log.get().at
    assert delivery.next_attempt_at == start + timedelta(seconds=30)

    assert services.send_due(now=start + timedelta(seconds=29)) == 0  # not due yet
    assert services.send_due(now=start + timedelta(seconds=31)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "retrying" and delivery.attempts == 2
    assert delivery.next_attempt_at == start + timedelta(seconds=31 + 60)  # doubled
    assert services.send_due(now=start + timedelta(seconds=200)) == 1
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.attempts == 3 and delivery.next_attempt_at is None
    assert services.send_due(now=start + timedelta(days=1)) == 0
    assert len(receiver.requests) == 3
    log = deliveries(workspace_a)[0]
    assert log["status"] == "FAILED"
    assert [(a["number"], a["responseCode"], a["succeeded"]) for a in log["attemptLog"]] == [
        (3, 500, False),
        (2, 500, False),
        (1, 500, False),
    ]


def test_a_success_after_failures_resets_the_count(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    receiver.statuses = [503, 200]
    add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks)
    workspace_a.activate()
    assert WebhookEndpoint.objects.get().consecutive_failures == 1
    services.send_due(now=timezone.now() + timedelta(minutes=5))
    assert WebhookDelivery.objects.get().status == "succeeded"
    assert WebhookEndpoint.objects.get().consecutive_failures == 0


def test_an_endpoint_failing_again_and_again_is_disabled_and_admins_are_told(
    workspace_a: Workspace,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Capture,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 3
    told: list[tuple[int, str]] = []
    monkeypatch.setattr(
        "realtime.events.notify", lambda user_id, kind, message, payload=None: told.append((user_id, kind))
    )
    admin = member(workspace_a, "admin@alpha.example.com", Role.ADMIN)
    sales = member(workspace_a, "sales@alpha.example.com", Role.SALES)
    receiver.statuses = [500]
    endpoint = add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks, "One")
    create_company(workspace_a, django_capture_on_commit_callbacks, "Two")
    workspace_a.activate()
    services.send_due(now=timezone.now() + timedelta(minutes=1))  # the third failure in a row
    state = workspace_a.api.data(
        "{ webhookEndpoints { edges { node { enabled consecutiveFailures disabledReason } } } }"
    )
    node = state["webhookEndpoints"]["edges"][0]["node"]
    assert node["enabled"] is False and node["consecutiveFailures"] == 3 and "3 failed" in node["disabledReason"]
    assert sorted(told) == sorted([(workspace_a.owner.pk, "webhook_disabled"), (admin.owner.pk, "webhook_disabled")])
    assert sales.owner.pk not in [user_id for user_id, _ in told]
    workspace_a.activate()
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"failed"}  # nothing left waiting

    sent_before = len(receiver.requests)
    create_company(workspace_a, django_capture_on_commit_callbacks, "Three")
    assert len(receiver.requests) == sent_before  # a disabled endpoint hears nothing
    workspace_a.activate()
    assert services.send_due(now=timezone.now() + timedelta(days=1)) == 0

    receiver.statuses = [200]
    enabled = mutate(
        workspace_a,
        "updateWebhookEndpoint",
        {"id": endpoint["id"], "enabled": True},
        "endpoint { enabled consecutiveFailures }",
    )
    assert enabled == {"endpoint": {"enabled": True, "consecutiveFailures": 0}, "errors": []}
    create_company(workspace_a, django_capture_on_commit_callbacks, "Four")
    assert len(receiver.requests) == sent_before + 1


def test_redelivery_sends_the_same_body_with_a_fresh_signature(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture, settings: Any
) -> None:
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    receiver.statuses = [500, 200]
    endpoint = add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks)
    [failed] = deliveries(workspace_a)
    assert failed["status"] == "FAILED"
    with django_capture_on_commit_callbacks(execute=True):
        payload = mutate(workspace_a, "redeliverWebhook", {"id": failed["id"]}, "delivery { id }")
    assert payload == {"delivery": {"id": failed["id"]}, "errors": []}
    first, second = receiver.requests
    assert first.content == second.content
    assert verify_like_a_receiver(endpoint["secret"], second.headers["X-Crm-Signature"], second.content)
    [logged] = deliveries(workspace_a)
    assert logged["status"] == "SUCCEEDED" and logged["attempts"] == 2
    assert [(a["number"], a["manual"], a["succeeded"]) for a in logged["attemptLog"]] == [
        (2, True, True),
        (1, False, False),
    ]


def test_a_rotated_secret_signs_from_then_on(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    endpoint = add_endpoint(workspace_a)
    rotated = mutate(workspace_a, "rotateWebhookSecret", {"id": endpoint["id"]}, "secret endpoint { secretHint }")
    assert rotated["errors"] == [] and rotated["secret"] != endpoint["secret"]
    assert rotated["endpoint"]["secretHint"] == "…" + rotated["secret"][-4:]
    create_company(workspace_a, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert verify_like_a_receiver(rotated["secret"], request.headers["X-Crm-Signature"], request.content)
    assert not verify_like_a_receiver(endpoint["secret"], request.headers["X-Crm-Signature"], request.content)
    # The secret is never readable again.
    listed = workspace_a.api.execute("{ webhookEndpoints { edges { node { secret } } } }")
    assert listed.get("errors")


def test_bad_input_is_a_typed_error_and_writes_nothing(workspace_a: Workspace) -> None:
    cases = [
        ({"url": "", "eventTypes": ["Company.created"]}, [("url", "required")]),
        ({"url": "not a url", "eventTypes": ["Company.created"]}, [("url", "invalid")]),
        ({"url": "https://ok.example.com", "eventTypes": []}, [("eventTypes", "required")]),
        ({"url": "https://ok.example.com", "eventTypes": ["Company.exploded"]}, [("eventTypes", "invalid_choice")]),
        ({"url": "https://user:pw@ok.example.com", "eventTypes": ["Company.created"]}, [("url", "invalid")]),
    ]
    for given, expected in cases:
        payload = mutate(workspace_a, "createWebhookEndpoint", given, "secret")
        assert [(e["field"], e["code"]) for e in payload["errors"]] == expected, given
        assert payload["secret"] is None
    workspace_a.activate()
    assert not WebhookEndpoint.objects.exists()


def test_every_registered_record_type_can_be_subscribed(workspace_a: Workspace) -> None:
    from saas.access.registry import RECORD_TYPES

    offered = set(workspace_a.api.data("{ webhookEventTypes }")["webhookEventTypes"])
    assert {f"{name}.{action}" for name in RECORD_TYPES for action in ("created", "updated", "deleted")} == offered


def test_deleted_records_are_delivered(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    add_endpoint(workspace_a, eventTypes=["Company.deleted"])
    company = create_company(workspace_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        workspace_a.api.data(
            "mutation($id: ID!) { deleteCompany(input: {id: $id}) { errors { code } } }", {"id": company["id"]}
        )
    [request] = receiver.requests
    sent = json.loads(request.content)
    assert sent["type"] == "Company.deleted" and sent["data"]["recordId"] == company["id"]


LOG_QUERIES = 3  # the member, the page with its count, the attempts of the page


def test_the_delivery_log_takes_a_fixed_number_of_queries(
    workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture
) -> None:
    receiver.statuses = [500]
    add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks, "First")
    query = "{ webhookDeliveries { totalCount edges { node { id status endpoint { url } attemptLog { number } } } } }"

    with assert_num_queries(LOG_QUERIES):
        workspace_a.api.data(query)
    for n in range(4):
        create_company(workspace_a, django_capture_on_commit_callbacks, f"More {n}")
    assert len(deliveries(workspace_a)) == 5
    with assert_num_queries(LOG_QUERIES):
        workspace_a.api.data(query)


def test_a_delivery_task_refuses_to_run_outside_a_tenant() -> None:
    with pytest.raises(RuntimeError):
        deliver_webhook.apply(args=["00000000-0000-0000-0000-000000000000"]).get()


def test_the_retry_sweep_runs_in_every_workspace_on_its_own_deliveries(
    workspace_a: Workspace,
    workspace_b: Workspace,
    receiver: Receiver,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    from saas.integrations.tasks import send_due_webhooks_everywhere

    receiver.statuses = [500, 500, 200]
    add_endpoint(workspace_a, "https://alpha.example.com/hook")
    add_endpoint(workspace_b, "https://bravo.example.com/hook")
    create_company(workspace_a, django_capture_on_commit_callbacks, "Alpha Co")
    create_company(workspace_b, django_capture_on_commit_callbacks, "Bravo Co")
    for ws in (workspace_a, workspace_b):  # both retries are due now
        ws.activate()
        WebhookDelivery.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    assert send_due_webhooks_everywhere.apply().get() >= 2
    retried = receiver.requests[2:]
    assert sorted(r.url.host for r in retried) == ["alpha.example.com", "bravo.example.com"]
    for request in retried:  # each workspace's delivery went to its own endpoint only
        name = json.loads(request.content)["data"]["values"]["name"]
        assert name == ("Alpha Co" if request.url.host == "alpha.example.com" else "Bravo Co")
