"""A local webhook receiver (an httpx transport: no network) and helpers for the webhook tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from saas.integrations import addresses
from saas.integrations.connectors import replaced_transport
from tenants import services
from tenants.models import Membership, Role, User
from tests.conftest import Workspace

ENDPOINT_FIELDS = "id url description eventTypes enabled consecutiveFailures disabledReason secretHint"


@dataclass
class Receiver:
    """Answers every request with the next of ``statuses`` (the last one repeats) and keeps the requests."""

    statuses: list[int] = field(default_factory=lambda: [200])
    requests: list[httpx.Request] = field(default_factory=list)
    redirect_to: str | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status = self.statuses[min(len(self.requests) - 1, len(self.statuses) - 1)]
        headers = {"Location": self.redirect_to} if self.redirect_to else {}
        return httpx.Response(status, text=f"answer {len(self.requests)} " + "x" * 3000, headers=headers)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    with replaced_transport(httpx.MockTransport(found)):
        yield found


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Names the webhook resolver knows (no DNS in tests); unknown names do not resolve."""
    table: dict[str, list[str]] = {}

    def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise OSError(f"unknown host {host}")
        return table[host]

    monkeypatch.setattr(addresses, "resolver", resolve)
    return table


def member(ws: Workspace, email: str, role: str = Role.SALES) -> Workspace:
    user = User.objects.create_user(email=email, password="a-strong-test-password-2026")
    Membership.objects.create(user=user, tenant=ws.tenant, role=role)
    return Workspace(ws.tenant, user, services.issue_token(user), ws.subdomain)


def mutate(ws: Workspace, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = name[0].upper() + name[1:] + "Input"
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field code }} }} }}"
    return ws.api.data(query, {"input": input})[name]


def add_endpoint(ws: Workspace, url: str = "https://hooks.example.com/crm", **fields: Any) -> dict[str, Any]:
    payload = mutate(
        ws,
        "createWebhookEndpoint",
        {"url": url, "eventTypes": ["Company.created", "Company.updated"], **fields},
        f"secret endpoint {{ {ENDPOINT_FIELDS} }}",
    )
    assert payload["errors"] == [], payload["errors"]
    return {**payload["endpoint"], "secret": payload["secret"]}


def create_company(ws: Workspace, capture: Callable[..., Any], name: str = "Acme") -> dict[str, Any]:
    with capture(execute=True):
        payload = mutate(ws, "createCompany", {"name": name, "allowDuplicate": True}, "company { id }")
    assert payload["errors"] == []
    return payload["company"]


def deliveries(ws: Workspace, args: str = "") -> list[dict[str, Any]]:
    query = (
        f"{{ webhookDeliveries{args} {{ edges {{ node {{ id eventType recordId status attempts responseCode"
        " durationMs responseBody error body endpoint { id } attemptLog { number manual succeeded responseCode } }"
        " } } }"
    )
    return [edge["node"] for edge in ws.api.data(query)["webhookDeliveries"]["edges"]]
