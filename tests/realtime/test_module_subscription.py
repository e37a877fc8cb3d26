"""The pattern a CRM module follows for a subscription of its own (graphql_schema/realtime/__init__.py)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

import pytest
import strawberry
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.routing import URLRouter
from django.urls import re_path
from strawberry.types import Info

from graphql_schema.extensions import Schema
from graphql_schema.realtime import RealtimeSubscription, RecordChange, record_events
from graphql_schema.schema import Mutation, Query
from realtime.consumer import TenantGraphQLWSConsumer
from realtime.events import records_group
from realtime.middleware import TenantFromHostMiddleware
from tests.conftest import Workspace
from tests.realtime.helpers import Subscriber, wait_for_group, write_record


@strawberry.type
class ThingsSubscription:
    """What a module would write in graphql_schema/<module>/subscriptions.py."""

    @strawberry.subscription
    async def things_of_colour(self, info: Info, colour: str) -> AsyncGenerator[RecordChange, None]:
        async for event in record_events(
            info, types=["AuditEntry"], where=lambda e: e["payload"].get("colour") == colour
        ):
            yield RecordChange.shared(event)


@strawberry.type
class Subscription(ThingsSubscription, RealtimeSubscription):
    pass


application = TenantFromHostMiddleware(
    URLRouter(
        [
            re_path(
                r"^graphql/$",
                TenantGraphQLWSConsumer.as_asgi(
                    schema=Schema(query=Query, mutation=Mutation, subscription=Subscription)
                ),
            )
        ]
    )
)


@pytest.mark.django_db
def test_a_module_subscription_filters_the_record_stream(workspace_a: Workspace, workspace_b: Workspace) -> None:
    write = database_sync_to_async(write_record)

    async def scenario() -> list[dict[str, Any]]:
        client = Subscriber("alpha.localhost", app=application)
        await client.start({"authToken": workspace_a.token})
        await client.subscribe('subscription { thingsOfColour(colour: "red") { recordId payload } }')
        await wait_for_group(records_group("alpha"))
        await write(workspace_b.tenant, "created", 1, {"colour": "red"})  # another tenant
        await write(workspace_a.tenant, "created", 2, {"colour": "blue"})
        await write(workspace_a.tenant, "created", 3, {"colour": "red"})
        got = [await client.next_data("thingsOfColour")]
        assert await client.nothing(0.2)
        await client.stop()
        return got

    assert async_to_sync(scenario)() == [{"recordId": "3", "payload": {"colour": "red"}}]
