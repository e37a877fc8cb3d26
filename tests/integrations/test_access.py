"""Webhooks are the admins': other roles and other workspaces neither see nor change them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saas.integrations.models import WebhookDelivery, WebhookEndpoint
from tenants.models import Role
from tests.conftest import Workspace

from .conftest import Receiver, add_endpoint, create_company, deliveries, member, mutate

Capture = Callable[..., Any]

LISTS = [
    "{ webhookEndpoints { edges { node { id } } } }",
    "{ webhookDeliveries { edges { node { id } } } }",
    "{ webhookEventTypes }",
]


@pytest.fixture
def hooked(workspace_a: Workspace, receiver: Receiver, django_capture_on_commit_callbacks: Capture) -> dict[str, str]:
    """Workspace A's endpoint and one delivery to it."""
    endpoint = add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks)
    [delivery] = deliveries(workspace_a)
    return {"endpoint": endpoint["id"], "delivery": delivery["id"]}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.SALES, Role.MARKETING, Role.SERVICE, Role.READ_ONLY])
def test_only_owners_and_admins_manage_webhooks(workspace_a: Workspace, hooked: dict[str, str], role: str) -> None:
    someone = member(workspace_a, f"{role}@alpha.example.com", role)
    for query in LISTS:
        assert someone.api.error_codes(query) == ["FORBIDDEN"], query
    for type_name in ("endpoint", "delivery"):
        assert someone.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": hooked[type_name]})["node"] is None
    attempts: list[tuple[str, dict[str, Any]]] = [
        ("createWebhookEndpoint", {"url": "https://x.example.com", "eventTypes": ["Company.created"]}),
        ("updateWebhookEndpoint", {"id": hooked["endpoint"], "enabled": False}),
        ("rotateWebhookSecret", {"id": hooked["endpoint"]}),
        ("deleteWebhookEndpoint", {"id": hooked["endpoint"]}),
        ("redeliverWebhook", {"id": hooked["delivery"]}),
    ]
    for name, given in attempts:
        assert [e["code"] for e in mutate(someone, name, given)["errors"]] == ["permission_denied"], name
    workspace_a.activate()
    assert WebhookEndpoint.objects.get().enabled is True and WebhookDelivery.objects.get().attempts == 1


def test_an_admin_manages_webhooks(workspace_a: Workspace, hooked: dict[str, str]) -> None:
    admin = member(workspace_a, "admin@alpha.example.com", Role.ADMIN)
    assert len(deliveries(admin)) == 1
    renamed = mutate(
        admin,
        "updateWebhookEndpoint",
        {"id": hooked["endpoint"], "description": "CRM sync"},
        "endpoint { description }",
    )
    assert renamed == {"endpoint": {"description": "CRM sync"}, "errors": []}
    deleted = mutate(admin, "deleteWebhookEndpoint", {"id": hooked["endpoint"]}, "deletedId")
    assert deleted == {"deletedId": hooked["endpoint"], "errors": []}
    workspace_a.activate()
    assert not WebhookDelivery.objects.exists()  # the log goes with its endpoint


def test_another_workspace_cannot_reach_them(
    workspace_a: Workspace,
    workspace_b: Workspace,
    hooked: dict[str, str],
    receiver: Receiver,
    django_capture_on_commit_callbacks: Capture,
) -> None:
    for query in LISTS[:2]:
        data = workspace_b.api.data(query)
        assert next(iter(data.values()))["edges"] == []
    for type_name in ("endpoint", "delivery"):
        assert (
            workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": hooked[type_name]})["node"] is None
        )
    attempts = [
        ("updateWebhookEndpoint", {"id": hooked["endpoint"], "url": "https://evil.example.com"}),
        ("rotateWebhookSecret", {"id": hooked["endpoint"]}),
        ("deleteWebhookEndpoint", {"id": hooked["endpoint"]}),
        ("redeliverWebhook", {"id": hooked["delivery"]}),
    ]
    for name, given in attempts:
        assert [e["code"] for e in mutate(workspace_b, name, given)["errors"]] == ["not_found"], name
    filtered = workspace_b.api.data(
        "query($id: ID!) { webhookDeliveries(endpointId: $id) { totalCount } }", {"id": hooked["endpoint"]}
    )
    assert filtered["webhookDeliveries"]["totalCount"] == 0

    # B's changes never reach A's endpoint; A's reach only A's.
    sent_before = len(receiver.requests)
    create_company(workspace_b, django_capture_on_commit_callbacks, "Bravo Secret")
    assert len(receiver.requests) == sent_before
    add_endpoint(workspace_b, "https://bravo.example.com/hook")
    create_company(workspace_a, django_capture_on_commit_callbacks, "Alpha Only")
    assert [r.url.host for r in receiver.requests[sent_before:]] == ["hooks.example.com"]
    assert all(b"Bravo" not in r.content for r in receiver.requests)
    workspace_a.activate()
    assert WebhookEndpoint.objects.get().url == "https://hooks.example.com/crm"
