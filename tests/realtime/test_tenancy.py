"""The database thread never keeps a tenant's schema, and rolled-back writes announce nothing."""

from __future__ import annotations

import pytest
from asgiref.sync import async_to_sync
from django.db import transaction

from realtime import events
from realtime.events import records_group
from realtime.tenancy import in_tenant, tenant_schema
from saas.audit.models import AuditEntry
from tenants.db import connection
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, committed, wait_for_group


@pytest.mark.django_db
def test_in_tenant_runs_in_the_tenants_schema_and_always_puts_public_back(workspace_a: Workspace) -> None:
    def schema_and_count() -> tuple[str, int]:
        return connection.schema_name, AuditEntry.objects.count()

    def fail() -> None:
        raise ValueError("boom")

    async def scenario() -> tuple[str, int]:
        seen = await in_tenant(workspace_a.tenant, schema_and_count)
        with pytest.raises(ValueError):
            await in_tenant(workspace_a.tenant, fail)
        return seen

    assert async_to_sync(scenario)() == ("alpha", 0)
    assert connection.schema_name == "public"


@pytest.mark.django_db
def test_a_rolled_back_write_announces_nothing(workspace_a: Workspace) -> None:
    def rolled_back() -> None:
        with tenant_schema(workspace_a.tenant), pytest.raises(RuntimeError), transaction.atomic():
            AuditEntry.objects.create(id=1, action="create", record_type="Thing")
            events.emit("created", "AuditEntry", 1, {"name": "never"})
            raise RuntimeError("validation failed after the write")

    async def scenario() -> bool:
        client = Subscriber("alpha.localhost")
        await client.start({"authToken": workspace_a.token})
        await client.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"))
        from channels.db import database_sync_to_async

        await database_sync_to_async(lambda: committed(rolled_back))()
        silent = await client.nothing(0.3)
        await client.stop()
        return silent

    assert async_to_sync(scenario)()
