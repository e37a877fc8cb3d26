"""Realtime subscriptions (graphql-transport-ws on ``/graphql/`` of a tenant host).

How a module adds its own subscription (no channel-layer code of its own):

1. Register its record types once, in its ``AppConfig.ready``:
   ``saas.access.registry.register(Deal, owner_field="owner", sensitive_fields=("amount",))``.
   ``recordChanged(types: ["Deal"])`` then works, with read checks and field hiding per event.
2. Emit events from its services, after writing (they are published on commit):
   ``realtime.events.emit("updated", "Deal", deal.pk, {"stage": ..., "pipelineId": ...})``;
   ``realtime.events.notify(user_id, "assigned", "Deal X was assigned to you", {"dealId": ...})``.
3. For a tailored subscription, filter the record stream in ``graphql_schema/<module>/subscriptions.py``::

       @strawberry.type
       class SalesSubscription:
           @strawberry.subscription
           async def pipeline_board_changed(
               self, info: Info, pipeline_id: strawberry.ID
           ) -> AsyncGenerator[RecordChange, None]:
               async for event in record_events(
                   info, types=["Deal"], where=lambda e: str(e["payload"].get("pipelineId")) == pipeline_id
               ):
                   yield RecordChange.of(event)

   and add ``SalesSubscription`` to the bases of ``Subscription`` in ``graphql_schema/schema.py``.
"""

from realtime.streams import record_events

from .subscriptions import RealtimeSubscription
from .types import ChangeAction, Notification, RecordChange, RecordViewer

__all__ = ["ChangeAction", "Notification", "RealtimeSubscription", "RecordChange", "RecordViewer", "record_events"]
