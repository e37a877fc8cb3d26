"""SSRF: webhooks reach public addresses only (names resolved when sending), and never follow redirects."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saas.integrations import addresses
from saas.integrations.models import WebhookDelivery
from tests.conftest import Workspace

from .conftest import Receiver, add_endpoint, create_company, deliveries, mutate

Capture = Callable[..., Any]


@pytest.fixture(autouse=True)
def _production_rules(settings: Any) -> None:
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = False


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",  # loopback
        "https://10.1.2.3/hook",  # private
        "https://192.168.0.10/hook",
        "https://172.16.5.4/hook",
        "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
        "https://[::1]/hook",
        "https://[fe80::1]/hook",
        "https://[fd00::1]/hook",  # unique local
        "https://[::ffff:127.0.0.1]/hook",  # IPv4-mapped loopback
        "https://224.0.0.1/hook",  # multicast
        "https://240.0.0.1/hook",  # reserved
        "https://0.0.0.0/hook",
        "https://100.64.0.1/hook",  # shared address space (carrier NAT)
        "http://hooks.example.com/hook",  # not HTTPS
    ],
)
def test_non_public_addresses_are_refused_when_saved(workspace_a: Workspace, url: str) -> None:
    payload = mutate(
        workspace_a, "createWebhookEndpoint", {"url": url, "eventTypes": ["Company.created"]}, "endpoint { id }"
    )
    assert payload == {"endpoint": None, "errors": [{"field": "url", "code": "invalid"}]}


@pytest.mark.parametrize("address", ["127.0.0.1", "10.0.0.8", "169.254.169.254", "::1", "fc00::5"])
def test_a_name_resolving_to_a_private_address_is_never_sent_to(
    workspace_a: Workspace,
    receiver: Receiver,
    dns: dict[str, list[str]],
    django_capture_on_commit_callbacks: Capture,
    address: str,
) -> None:
    dns["rebind.example.com"] = ["93.184.216.34"]  # public when saved...
    add_endpoint(workspace_a, "https://rebind.example.com/hook")
    dns["rebind.example.com"] = ["93.184.216.34", address]  # ...one private answer when sending
    create_company(workspace_a, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    [logged] = deliveries(workspace_a)
    assert logged["status"] == "RETRYING" and logged["responseCode"] is None
    assert "non-public" in logged["error"]


def test_an_unresolvable_name_fails_the_attempt(
    workspace_a: Workspace, receiver: Receiver, dns: dict[str, list[str]], django_capture_on_commit_callbacks: Capture
) -> None:
    add_endpoint(workspace_a, "https://nowhere.example.com/hook")
    create_company(workspace_a, django_capture_on_commit_callbacks)
    assert receiver.requests == []
    assert "does not resolve" in deliveries(workspace_a)[0]["error"]


def test_a_public_name_is_sent_to_the_address_that_was_checked(
    workspace_a: Workspace, receiver: Receiver, dns: dict[str, list[str]], django_capture_on_commit_callbacks: Capture
) -> None:
    dns["hooks.example.com"] = ["93.184.216.34"]
    add_endpoint(workspace_a, "https://hooks.example.com:8443/crm")
    create_company(workspace_a, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert request.url.host == "93.184.216.34" and request.url.port == 8443 and request.url.path == "/crm"
    assert request.headers["Host"] == "hooks.example.com:8443"
    assert request.extensions["sni_hostname"] == "hooks.example.com"  # TLS checks the name's certificate


def test_redirects_are_not_followed(
    workspace_a: Workspace, receiver: Receiver, dns: dict[str, list[str]], django_capture_on_commit_callbacks: Capture
) -> None:
    dns["hooks.example.com"] = ["93.184.216.34"]
    receiver.statuses = [302]
    receiver.redirect_to = "http://127.0.0.1:8000/admin"
    add_endpoint(workspace_a)
    create_company(workspace_a, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    [logged] = deliveries(workspace_a)
    assert logged["responseCode"] == 302 and logged["status"] == "RETRYING"
    workspace_a.activate()
    assert WebhookDelivery.objects.get().attempt_log.get().succeeded is False


def test_the_check_is_off_only_when_the_setting_says_so(settings: Any) -> None:
    assert addresses.check_url("https://127.0.0.1/x") is not None
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert addresses.check_url("https://127.0.0.1/x") is None
    assert addresses.check_url("http://127.0.0.1:9000/x") is None
    assert addresses.public_address("localhost", 443) is None  # connect by name
