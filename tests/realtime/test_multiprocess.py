"""Two uvicorn processes on one Redis: events reach subscribers on whichever process they are.

The processes read the test database, so this test commits its data (two signed-up
tenants) and removes it afterwards (tenants, schemas, users).
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import pytest
import redis
from asgiref.sync import async_to_sync
from django.conf import settings
from django.db import connections
from websockets.exceptions import ConnectionClosed

from realtime.events import records_group
from tenants import provisioning, services
from tenants.models import User
from tests.conftest import PASSWORD, TEST_POOL_SIZE
from tests.realtime.helpers import RECORD_CHANGED, write_record
from tests.realtime.live import LiveSubscriber, UvicornProcess, database_url

REDIS_URL = os.environ.get("REDIS_URL", "")
T = TypeVar("T")

pytestmark = [
    pytest.mark.redis,
    pytest.mark.live_server_process,
    pytest.mark.skipif(
        not REDIS_URL, reason="needs Redis for the multi-process channel layer: set REDIS_URL (.ci/run does)"
    ),
]

PRESENCE = 'subscription($id: ID!) { presence(recordType: "AuditEntry", recordId: $id) { email } }'


def committed(fn: Callable[[], T]) -> T:
    """Run ``fn`` on a thread of its own: its own connection, outside the test's transaction, so it commits."""

    def run() -> T:
        try:
            return fn()
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()


@pytest.fixture
def live_tenants(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[services.SignUpResult]]:
    """Two committed tenants with unique names (the machine's Redis may be shared), removed afterwards."""
    monkeypatch.setattr(provisioning, "refill_pool_soon", lambda: None)
    tag = secrets.token_hex(3)

    def sign_up(n: int) -> services.SignUpResult:
        return services.sign_up(
            company_name=f"Live {n}",
            subdomain=f"live-{tag}-{n}",
            email=f"owner{n}@live-{tag}.example.com",
            password=PASSWORD,
            full_name=f"Owner {n}",
        )

    results: list[services.SignUpResult] = []

    def clean_up() -> None:
        for result in results:
            result.tenant.delete(force_drop=True)
            User.objects.filter(pk=result.user.pk).delete()
        provisioning.refill_pool(TEST_POOL_SIZE)

    try:
        results.extend(committed(lambda: [sign_up(1), sign_up(2)]))
        yield results
    finally:
        committed(clean_up)


@pytest.fixture
def two_processes(live_tenants: list[services.SignUpResult]) -> Iterator[tuple[UvicornProcess, UvicornProcess]]:
    env = {
        "DATABASE_URL": database_url(settings.DATABASES["default"]),
        "REDIS_URL": REDIS_URL,
        "DJANGO_ENV": "test",
    }
    servers = (UvicornProcess(env), UvicornProcess(env))
    try:
        for server in servers:
            server.wait_ready(services.tenant_host(live_tenants[0].tenant.subdomain))
        yield servers
    finally:
        for server in servers:
            server.stop()


async def wait_for_listeners(group: str, count: int, timeout: float = 10) -> None:
    client = redis.Redis.from_url(REDIS_URL)
    deadline = asyncio.get_running_loop().time() + timeout
    while client.zcard(f"asgi:group:{group}") < count:
        assert asyncio.get_running_loop().time() < deadline, f"{group}: fewer than {count} listeners"
        await asyncio.sleep(0.05)
    client.close()


async def closed_with(subscriber: LiveSubscriber) -> int:
    try:
        while True:
            await subscriber.next(timeout=10)
    except ConnectionClosed as closed:
        assert closed.rcvd is not None
        return closed.rcvd.code


@pytest.mark.django_db
def test_events_cross_processes_and_never_tenants(
    live_tenants: list[services.SignUpResult], two_processes: tuple[UvicornProcess, UvicornProcess]
) -> None:
    first, second = live_tenants
    process_a, process_b = two_processes
    host_1, host_2 = (services.tenant_host(r.tenant.subdomain) for r in live_tenants)
    schema_1, schema_2 = first.tenant.schema_name, second.tenant.schema_name

    async def scenario() -> None:
        on_b_tenant_1 = LiveSubscriber(process_b, host_1)
        on_a_tenant_1 = LiveSubscriber(process_a, host_1)
        on_a_tenant_2 = LiveSubscriber(process_a, host_2)
        for subscriber, token in (
            (on_b_tenant_1, first.token),
            (on_a_tenant_1, first.token),
            (on_a_tenant_2, second.token),
        ):
            assert await subscriber.start(token) == {"type": "connection_ack"}
            await subscriber.subscribe(RECORD_CHANGED)
        await wait_for_listeners(records_group(schema_1), 2)
        await wait_for_listeners(records_group(schema_2), 1)

        # Committed in this process, published through Redis, delivered by both uvicorn processes.
        await asyncio.to_thread(committed, lambda: write_record(first.tenant, "created", 1, {"name": "one"}))
        await asyncio.to_thread(committed, lambda: write_record(second.tenant, "created", 1, {"name": "two"}))
        for subscriber, name in ((on_b_tenant_1, "one"), (on_a_tenant_1, "one"), (on_a_tenant_2, "two")):
            message = await subscriber.next()
            assert message["payload"]["data"]["recordChanged"]["payload"] == {"name": name}, message
        for subscriber in (on_b_tenant_1, on_a_tenant_1, on_a_tenant_2):
            with pytest.raises(TimeoutError):
                await subscriber.next(timeout=0.3)  # nothing of the other tenant

        # Presence: a viewer joining on process A shows up for the viewer on process B.
        await on_b_tenant_1.subscribe(PRESENCE, {"id": "1"}, op_id="2")
        assert (await on_b_tenant_1.next())["payload"]["data"]["presence"] == [{"email": first.user.email}]
        viewer_on_a = LiveSubscriber(process_a, host_1)
        await viewer_on_a.start(first.token)
        await viewer_on_a.subscribe(PRESENCE, {"id": "1"}, op_id="2")
        assert (await viewer_on_a.next())["payload"]["data"]["presence"] == [{"email": first.user.email}]
        await viewer_on_a.stop()  # leaving on A is announced to B
        for _ in range(2):  # "came" (possibly coalesced) and "left"
            try:
                update = await on_b_tenant_1.next(timeout=5)
            except TimeoutError:
                break
            assert update["payload"]["data"]["presence"] == [{"email": first.user.email}]

        # Logging out through process A revokes the token: the subscriber on process B is closed.
        result = await asyncio.to_thread(process_a.graphql, host_1, "mutation { logOut { ok } }", first.token)
        assert result["data"]["logOut"]["ok"] is True, result
        assert await closed_with(on_b_tenant_1) == 4403
        assert await closed_with(on_a_tenant_1) == 4403
        with pytest.raises(TimeoutError):
            await on_a_tenant_2.next(timeout=0.3)  # tenant 2's owner is unaffected
        await on_a_tenant_2.stop()

    try:
        async_to_sync(scenario)()
    except BaseException:
        print("process A:", process_a.output(), "\nprocess B:", process_b.output())
        raise
