"""Subscriptions every workspace has: record changes, notifications, presence."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry
from strawberry.types import Info

from realtime.streams import notification_events, presence_updates, record_payloads

from .types import Notification, RecordChange, RecordViewer


@strawberry.type
class RealtimeSubscription:
    @strawberry.subscription(
        description="Changes to records of this workspace that you may read, optionally only of some "
        "record types and/or some records (database or global ids)."
    )
    async def record_changed(
        self,
        info: Info,
        types: Annotated[
            list[str] | None, strawberry.argument(description="GraphQL type names, e.g. `Company`; null: every type.")
        ] = None,
        ids: list[strawberry.ID] | None = None,
    ) -> AsyncGenerator[RecordChange, None]:
        # Every change yielded as is: the connection may deliver shared frames from the hub (record_payloads).
        async for change in record_payloads(info, RecordChange.shared, types=types, ids=ids):
            yield change

    @strawberry.subscription(description="Your notifications in this workspace, as they happen.")
    async def notifications(self, info: Info) -> AsyncGenerator[Notification, None]:
        async for event in notification_events(info):
            yield Notification.of(event)

    @strawberry.subscription(
        description="Who is viewing this record: the list now, then again whenever someone comes or goes. "
        "While subscribed, you are one of the viewers."
    )
    async def presence(
        self,
        info: Info,
        record_type: Annotated[str, strawberry.argument(description="The record's GraphQL type name, e.g. `Company`.")],
        record_id: Annotated[strawberry.ID, strawberry.argument(description="The record's database or global id.")],
    ) -> AsyncGenerator[list[RecordViewer], None]:
        async for viewers in presence_updates(info, record_type, record_id):
            yield [RecordViewer.of(v) for v in viewers]
