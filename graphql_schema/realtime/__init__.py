"""Realtime subscriptions (graphql-transport-ws on ``/graphql/`` of a tenant host).

How a module adds its own subscription (no channel-layer code of its own):

1. Register its record types once, in its ``AppConfig.ready``:
   ``saas.access.registry.register(Deal, owner_field="owner", sensitive_fields=("amount",))``.
   ``recordChanged(types: ["Deal"])`` then works, with read checks and field hiding per event.
2. Emit events from its services, after writing (they are published on commit):
   ``realtime.events.emit("updated", "Deal", deal.pk, {"stage": ..., "pipelineId": ...})``;
   ``realtime.events.notify(user_id, "assigned", "Deal X was assigned to you", {"dealId": ...})``.
3. For a tailored subscription, filter the record stream in ``graphql_schema/<module>/subscriptions.py``
   (``record_events`` listens on the tenant's group, checks read access per event and per member, drops
   hidden fields; ``where`` sees only the visible event)::

       @strawberry.type
       class SalesSubscription:
           @strawberry.subscription
           async def pipeline_board_changed(
               self, info: Info, pipeline_id: strawberry.ID
           ) -> AsyncGenerator[RecordChange, None]:
               where = lambda e: str(e["payload"].get("pipelineId")) == pipeline_id
               async for change in record_payloads(info, RecordChange.shared, types=["Deal"], where=where):
                   yield change

   and add ``SalesSubscription`` to the bases of ``Subscription`` in ``graphql_schema/schema.py``.
   ``RecordChange.shared`` lets all subscribers of a process with the same selection share one
   execution per event (see ``execution.py``); ``record_payloads`` (``record_events`` mapped to payloads,
   each yielded as is: no filter of the resolver's own) also lets the connection send that shared frame
   straight from the hub, without waking the subscription's task (``realtime.frames``). A payload type
   of your own may opt in with ``share_results(obj)`` only if its fields depend on nothing but the
   payload (not on who asks).
   ``tests/realtime/test_module_subscription.py`` shows the whole pattern.

Subscriptions run against ``websocket.websocket_schema`` (the same root types as the HTTP tenant
schema); queries and mutations sent over the socket run through the HTTP tenant schema itself
(``realtime.operations``), so they answer exactly as ``POST /graphql/`` does.
"""

from realtime.streams import record_events, record_payloads

from .subscriptions import RealtimeSubscription
from .types import ChangeAction, Notification, RecordChange, RecordViewer

__all__ = [
    "ChangeAction",
    "Notification",
    "RealtimeSubscription",
    "RecordChange",
    "RecordViewer",
    "record_events",
    "record_payloads",
]
