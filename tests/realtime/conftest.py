"""Realtime tests: a fresh in-memory channel layer per test, and a record type to emit events for.

Until the CRM modules land, ``AuditEntry`` (a tenant model that exists) serves as the
test record type.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from channels.layers import channel_layers

from realtime.consumer import TenantGraphQLWSConsumer
from realtime.hub import hub
from saas.access import registry
from saas.audit.models import AuditEntry


@pytest.fixture(autouse=True)
def in_memory_channel_layer(request: pytest.FixtureRequest, settings: Any) -> Iterator[None]:
    if request.node.get_closest_marker("redis"):  # multi-process tests use the real (Redis) layer
        yield
        return
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    # Presence lives in the cache: keep it in this process too (Redis would outlive the test database).
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "realtime-tests",
            "KEY_FUNCTION": "django_tenants.cache.make_key",
        },
        "platform": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "realtime-tests",
            "KEY_FUNCTION": "tenants.cache.make_platform_key",
        },
    }
    channel_layers.backends = {}
    hub.reset()
    yield
    channel_layers.backends = {}
    hub.reset()


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """``database_sync_to_async`` closes "old" connections, which would end the test's transaction."""
    monkeypatch.setattr("channels.db.close_old_connections", lambda: None)


@pytest.fixture(autouse=True)
def audit_entries_are_a_record_type() -> Iterator[None]:
    previous = dict(registry.RECORD_TYPES)
    registry.register(AuditEntry, owner_field=None, sensitive_fields=("changes",))
    yield
    registry.RECORD_TYPES.clear()
    registry.RECORD_TYPES.update(previous)


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[TenantGraphQLWSConsumer]:
    """The server ends of the connections, in the order they were opened."""
    opened: list[TenantGraphQLWSConsumer] = []
    on_ws_connect = TenantGraphQLWSConsumer.on_ws_connect

    async def recording(self: TenantGraphQLWSConsumer, context: Any) -> Any:
        opened.append(self)
        return await on_ws_connect(self, context)

    monkeypatch.setattr(TenantGraphQLWSConsumer, "on_ws_connect", recording)
    return opened


@pytest.fixture
def stalled_writes(monkeypatch: pytest.MonkeyPatch) -> list[TenantGraphQLWSConsumer]:
    """Connections put in this list take half a second over each frame they write (a client not reading)."""
    stalled: list[TenantGraphQLWSConsumer] = []
    write_frame = TenantGraphQLWSConsumer._write

    async def stalling(self: TenantGraphQLWSConsumer, message: dict[str, Any]) -> None:
        if self in stalled:
            await asyncio.sleep(0.5)
        await write_frame(self, message)

    monkeypatch.setattr(TenantGraphQLWSConsumer, "_write", stalling)
    return stalled
