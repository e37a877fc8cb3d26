"""Subscriptions every workspace has: record changes, notifications, presence."""

from __future__ import annotations

from collections.abc import AsyncGenerator

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
        types: list[str] | None = None,
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
        self, info: Info, record_type: str, record_id: strawberry.ID
    ) -> AsyncGenerator[list[RecordViewer], None]:
        async for viewers in presence_updates(info, record_type, record_id):
            yield [RecordViewer.of(v) for v in viewers]
