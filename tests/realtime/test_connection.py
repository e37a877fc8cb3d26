"""Connecting: tenant from the host, credentials at connection_init, membership of that tenant."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.test import Client

from tests.conftest import PASSWORD, Workspace
from tests.realtime.helpers import Subscriber


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["ghost.localhost", "localhost", "tenant-template.localhost"])
def test_unknown_and_public_hosts_are_refused_at_the_handshake(workspace_a: Workspace, host: str) -> None:
    async def scenario() -> bool:
        return await Subscriber(host).handshake()

    assert async_to_sync(scenario)() is False


@pytest.mark.django_db
def test_other_paths_are_refused(workspace_a: Workspace) -> None:
    async def scenario() -> bool:
        return await Subscriber("alpha.localhost", path="/elsewhere/").handshake()

    assert async_to_sync(scenario)() is False


@pytest.mark.django_db
@pytest.mark.parametrize("payload_key", ["authToken", "Authorization"])
def test_a_member_connects_with_a_token(workspace_a: Workspace, payload_key: str) -> None:
    token = workspace_a.token if payload_key == "authToken" else f"Bearer {workspace_a.token}"

    async def scenario() -> dict[str, object]:
        client = Subscriber("alpha.localhost")
        answer = await client.start({payload_key: token})
        await client.stop()
        return answer

    assert async_to_sync(scenario)() == {"type": "connection_ack"}


@pytest.mark.django_db
def test_no_garbage_or_foreign_credentials_are_closed_with_4403(workspace_a: Workspace, workspace_b: Workspace) -> None:
    async def answer(payload: dict[str, str]) -> dict[str, object]:
        return await Subscriber("alpha.localhost").start(payload)

    async def scenario() -> list[dict[str, object]]:
        # Nothing; garbage; a valid token of bravo's owner (no seat in alpha).
        return [await answer(p) for p in ({}, {"authToken": "garbage"}, {"authToken": workspace_b.token})]

    for result in async_to_sync(scenario)():
        assert result["type"] == "websocket.close"
        assert result["code"] == 4403


@pytest.mark.django_db
def test_the_web_client_connects_with_its_session_cookie(workspace_a: Workspace) -> None:
    browser = Client(HTTP_HOST="alpha.localhost")
    assert browser.login(email=workspace_a.owner.email, password=PASSWORD)
    cookie = f"sessionid={browser.cookies['sessionid'].value}"

    async def scenario() -> tuple[dict[str, object], dict[str, object]]:
        on_alpha = Subscriber("alpha.localhost", cookie=cookie)
        accepted = await on_alpha.start()
        await on_alpha.stop()
        stale = await Subscriber("alpha.localhost", cookie="sessionid=not-a-session").start()
        return accepted, stale

    accepted, stale = async_to_sync(scenario)()
    assert accepted == {"type": "connection_ack"}
    assert stale["code"] == 4403


@pytest.mark.django_db
def test_subscribing_before_connection_init_is_refused(workspace_a: Workspace) -> None:
    async def scenario() -> int:
        client = Subscriber("alpha.localhost")
        assert await client.handshake()
        await client.subscribe("subscription { notifications { kind } }")
        return await client.close_code()

    assert async_to_sync(scenario)() == 4401


@pytest.mark.django_db
def test_only_the_graphql_transport_ws_protocol_is_spoken(workspace_a: Workspace) -> None:
    async def scenario() -> int:
        client = Subscriber("alpha.localhost")
        client.communicator.scope["subprotocols"] = ["graphql-ws"]  # the legacy protocol
        assert await client.handshake()
        return await client.close_code()

    assert async_to_sync(scenario)() == 4406


@pytest.mark.django_db
def test_pages_of_other_sites_cannot_open_a_websocket_with_the_users_cookie(workspace_a: Workspace) -> None:
    async def handshake(origin: str) -> bool:
        client = Subscriber("alpha.localhost")
        client.communicator.scope["headers"].append((b"origin", origin.encode()))
        return await client.handshake()

    async def scenario() -> tuple[bool, bool, bool]:
        return (
            await handshake("http://evil.example.com"),
            await handshake("http://bravo.localhost"),  # another tenant's pages
            await handshake("http://alpha.localhost"),
        )

    assert async_to_sync(scenario)() == (False, False, True)
