"""What subscribers receive."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import Enum
from typing import Any

import strawberry
from strawberry.relay import to_base64
from strawberry.scalars import JSON

from realtime.presence import Viewer

from .execution import share_results
from .values import graphql_change


@strawberry.enum(description="What happened to the record (or, for an import and its undo, to many records at once).")
class ChangeAction(Enum):
    CREATED = "created"
    UPDATED = "updated"
    DELETED = "deleted"
    IMPORTED = strawberry.enum_value(
        "imported",
        description="Records of the type were imported (created or updated): one event per import, `recordId` "
        "empty, `payload` `{importId}`. Read the list again.",
    )
    IMPORT_UNDONE = strawberry.enum_value(
        "import_undone",
        description="An import of the type was undone (its records deleted or put back): one event, `recordId` "
        "empty, `payload` `{importId}`. Read the list again.",
    )


def _time(event: dict[str, Any]) -> datetime:
    return datetime.fromtimestamp(float(event.get("published_at") or 0), tz=UTC)


@strawberry.type(description="A record of this workspace was created, updated or deleted.")
class RecordChange:
    action: ChangeAction = strawberry.field(description="What happened to the record.")
    record_type: str = strawberry.field(description="The GraphQL type name, e.g. `Company`.")
    record_id: strawberry.ID = strawberry.field(description="The record's database id.")
    id: strawberry.ID = strawberry.field(description="The record's global (Relay) id, for `node(id:)`.")
    fields: list[str] = strawberry.field(
        description='GraphQL names of the changed fields you may see, e.g. `["name", "creditLimit"]`.'
    )
    payload: JSON = strawberry.field(
        description="The new values of the changed fields you may see, by GraphQL name, shaped as the record type "
        "answers them (enums by name, related records by global id, money as `{amount, currency}`), e.g. "
        '`{"name": "Globex", "lifecycleStage": "ACTIVE", "owner": "VXNlcjo3"}`.'
    )
    occurred_at: datetime = strawberry.field(description="When the change was committed and published.")

    @classmethod
    def shared(cls, event: dict[str, Any]) -> RecordChange:
        """One object per visible event, so subscribers of one process share its execution (see execution.py)."""
        change = event.get("_record_change")
        if not isinstance(change, RecordChange):
            change = event["_record_change"] = share_results(cls.of(event))
        return change

    @classmethod
    def of(cls, event: dict[str, Any]) -> RecordChange:
        fields, payload = graphql_change(event["record_type"], list(event["fields"]), event["payload"])
        return cls(
            action=ChangeAction(event["action"]),
            record_type=event["record_type"],
            record_id=strawberry.ID(event["record_id"]),
            id=strawberry.ID(to_base64(event["record_type"], event["record_id"])),
            fields=fields,
            payload=payload,  # type: ignore[arg-type]  # JSON is a scalar alias of any JSON value
            occurred_at=_time(event),
        )


@strawberry.type(description="Something for the signed-in member: an assignment, a mention, a reminder.")
class Notification:
    id: strawberry.ID
    kind: str = strawberry.field(description="Stable, machine-readable kind, e.g. `assigned`, `mentioned`.")
    message: str = strawberry.field(description="What to show the member.")
    payload: JSON = strawberry.field(description="Details that depend on `kind` (e.g. which record).")
    created_at: datetime = strawberry.field(description="When it happened.")

    @classmethod
    def of(cls, event: dict[str, Any]) -> Notification:
        return cls(
            id=strawberry.ID(event["id"]),
            kind=event["kind"],
            message=event["message"],
            payload=event["payload"],
            created_at=_time(event),
        )


@strawberry.type(description="A member viewing a record right now.")
class RecordViewer:
    user_id: strawberry.ID = strawberry.field(description="The viewer's user id (database id).")
    full_name: str = strawberry.field(description="The viewer's full name.")
    email: str = strawberry.field(description="The viewer's e-mail.")
    since: datetime = strawberry.field(description="When they opened the record.")

    @classmethod
    def of(cls, viewer: Viewer) -> RecordViewer:
        return cls(
            user_id=strawberry.ID(str(viewer.user_id)),
            full_name=viewer.full_name,
            email=viewer.email,
            since=datetime.fromtimestamp(viewer.since, tz=UTC),
        )
