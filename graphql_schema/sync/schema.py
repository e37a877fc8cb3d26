"""The ``changes`` query: what changed since a cursor, in commit order, as the member may see it.

A cursor is ``django.core.signing`` of ``{"x": transaction id, "e": audit entry id, "t": the types'
fingerprint}`` (``{"s": [horizon, record type, last key], "t": ...}`` while the first pass, the snapshot,
is read), salted with the workspace's schema (like the keyset cursors of lists): one the API did
not give out, another workspace's, or one asked with other ``types`` is ``INVALID_CURSOR``.
"""

from __future__ import annotations

import enum
import hashlib
import re
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from django.core import signing
from django.core.exceptions import ValidationError
from graphql import GraphQLError
from strawberry.relay import from_base64, to_base64
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.permissions import require_membership
from graphql_schema.realtime.types import ChangeAction
from graphql_schema.realtime.values import graphql_change
from saas.access.registry import RECORD_TYPES
from saas.kernel import sync
from tenants.db import connection

SALT = "graphql_schema.sync"


def _enum_name(type_name: str) -> str:
    """``LeadActivity`` → ``LEAD_ACTIVITY``."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type_name).upper()


if TYPE_CHECKING:  # for mypy a plain Enum; its members exist only at run time
    RecordType = enum.Enum
else:  # built once the modules are installed (the API is imported after Django's apps are ready)
    RecordType = strawberry.enum(
        enum.Enum(
            "RecordType",
            {
                _enum_name(name): name
                for name, record_type in sorted(RECORD_TYPES.items())
                # the shipped apps' types only: the test suite's sample module must not change the schema
                if record_type.model._meta.app_config.name.startswith("saas.")
            },
        ),
        name="RecordType",
        description="A record type of the workspace: its GraphQL type name in upper snake case "
        "(`LEAD_ACTIVITY` is `LeadActivity`).",
    )


class InvalidSyncCursor(GraphQLError):
    def __init__(self, reason: str = "") -> None:
        super().__init__(
            f"`since` is not a cursor `changes` gave out in this workspace{reason}.",
            extensions={"code": "INVALID_CURSOR", "argument": "since"},
        )


def _salt() -> str:
    return f"{SALT}:{getattr(connection, 'schema_name', '')}"


def _types_fingerprint(types: list[str] | None, mine: bool = False) -> str:
    """The asked ``types`` (None: all, also those a later release adds) and ``mine`` as a cursor keeps them."""
    text = ("*" if types is None else ",".join(sorted(types))) + ("|mine" if mine else "")
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def encode_cursor(position: sync.Position | sync.Snapshot, types: list[str] | None, mine: bool = False) -> str:
    fingerprint = _types_fingerprint(types, mine)
    if isinstance(position, sync.Snapshot):
        data: dict[str, Any] = {"s": [position.horizon, position.record_type, position.after], "t": fingerprint}
    else:
        data = {"x": position.xact, "e": position.entry, "t": fingerprint}
        if position.bulk:  # within a bulk change (an import's batch): which one, and how far
            data.update(b=position.bulk, p=position.part)
    return signing.Signer(salt=_salt()).sign_object(data)


def decode_cursor(
    cursor: str | None, types: list[str] | None, mine: bool = False
) -> sync.Position | sync.Snapshot | None:
    """The position a cursor names (None for no cursor: from the beginning); ``INVALID_CURSOR`` otherwise."""
    if cursor is None:
        return None
    try:
        data = signing.Signer(salt=_salt()).unsign_object(cursor) if len(cursor) <= 1024 else None
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        data = None
    if not isinstance(data, dict):
        raise InvalidSyncCursor()
    if data.get("t") != _types_fingerprint(types, mine):
        raise InvalidSyncCursor(
            " for these `types` and `mine` (start again without `since`, or ask with the same ones)"
        )
    snapshot = data.get("s")
    if isinstance(snapshot, list) and len(snapshot) == 3:
        horizon, record_type, after = snapshot
        if isinstance(horizon, int) and isinstance(record_type, str) and isinstance(after, str):
            return sync.Snapshot(horizon, record_type, after)
    if isinstance(data.get("x"), int) and isinstance(data.get("e"), int):
        bulk, part = data.get("b", 0), data.get("p", 0)
        if isinstance(bulk, int) and isinstance(part, int):
            return sync.Position(data["x"], data["e"], bulk, part)
    raise InvalidSyncCursor()


@strawberry.type(description="One record's change since the cursor: its state now, as you may see it.")
class SyncChange:
    id: strawberry.ID = strawberry.field(description="The record's global (Relay) id, for `node(id:)`.")
    record_id: strawberry.ID = strawberry.field(description="The record's database id.")
    record_type: str = strawberry.field(description="The record's GraphQL type name, e.g. `Company`.")
    action: ChangeAction = strawberry.field(
        description="`CREATED` (it was created since the cursor), `UPDATED`, or `DELETED` (deleted, in the "
        "recycle bin, or no longer yours to read: drop your copy)."
    )
    version: int | None = strawberry.field(
        description="The record's version now: pass it as `expectedVersion` when updating it. Null when deleted."
    )
    values: JSON | None = strawberry.field(
        description="The record's fields you may read, by GraphQL name and shaped as its type answers them (enums "
        "by name, related records by global id, money as `{amount, currency}`, custom fields as "
        '`customFields.<key>`), e.g. `{"name": "Globex", "lifecycleStage": "ACTIVE", "owner": "VXNlcjo3"}`. '
        "Hidden fields are absent. Null when deleted."
    )


@strawberry.type(description="A page of the change feed.")
class ChangesPage:
    changes: list[SyncChange] = strawberry.field(
        description="In commit order (a record appears once per page, at its latest change)."
    )
    cursor: str = strawberry.field(description="Pass it as `since` for what comes next (also when the page is empty).")
    has_more: bool = strawberry.field(description="More changes are ready now: ask again at once. False: caught up.")


def _first_pass(mine: bool, ids: list[strawberry.ID] | None) -> sync.FirstPass:
    """``mine`` and ``ids`` as the feed's first pass takes them; an id that names no record type is refused."""
    if ids is None:
        return sync.FirstPass(mine=mine)
    keys: dict[str, set[str]] = {}
    for given in ids:
        try:
            type_name, key = from_base64(given)
            record_type = RECORD_TYPES[type_name]
            record_type.model._meta.pk.to_python(key)
        except (ValueError, TypeError, KeyError, ValidationError):
            raise GraphQLError(f"`ids`: {given!r} is no record's id.", extensions={"code": "BAD_USER_INPUT"}) from None
        keys.setdefault(type_name, set()).add(str(key))
    return sync.FirstPass(mine=mine, ids={name: frozenset(found) for name, found in keys.items()})


def _change(change: sync.Change) -> SyncChange:
    values: Any = None
    if change.values is not None:
        _, values = graphql_change(change.record_type, list(change.values), change.values)
    return SyncChange(
        id=strawberry.ID(to_base64(change.record_type, change.record_id)),
        record_id=strawberry.ID(change.record_id),
        record_type=change.record_type,
        action=ChangeAction(change.action),
        version=change.version if change.action != "deleted" else None,
        values=values,
    )


@strawberry.type
class SyncQuery:
    @strawberry.field(
        description="What changed since `since` (a cursor of a previous call; left out: everything from the "
        "beginning), oldest first, for mobile and offline clients. Records you cannot read never appear; hidden "
        "fields are absent. A change is handed out once every earlier transaction has ended, so none is ever "
        "skipped, also when writes commit out of order. `first`: at most 100 (default 100)."
    )
    def changes(
        self,
        info: Info,
        since: Annotated[
            str | None,
            strawberry.argument(description="The `cursor` of the previous page; left out: from the beginning."),
        ] = None,
        types: Annotated[
            list[RecordType] | None,
            strawberry.argument(description="Only these record types (all by default); a cursor keeps them."),
        ] = None,
        first: Annotated[
            int | None,
            strawberry.argument(
                description="At most this many writes per page, 1 to 100 (a record written several times comes once)."
            ),
        ] = sync.MAX_PAGE,
        mine: Annotated[
            bool,
            strawberry.argument(
                description="True: the first pass holds only the records you own (types without an owner: none), "
                "not every one you may read; what is written afterwards still comes for every record you may read "
                "(keep what you want). A cursor keeps it: pass the same value with `since`."
            ),
        ] = False,
        ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="Only these records (global ids) in the first pass, besides your own ones with `mine`; "
                "e.g. the records a client keeps that it lacks a `version` of. Ignored after the first pass."
            ),
        ] = None,
    ) -> ChangesPage:
        membership = require_membership(info)
        size = sync.MAX_PAGE if first is None else first
        if not 1 <= size <= sync.MAX_PAGE:
            raise GraphQLError(f"`first` must be between 1 and {sync.MAX_PAGE}.", extensions={"code": "BAD_USER_INPUT"})
        asked = sorted({t.value for t in types}) if types else None
        position = decode_cursor(since, asked, mine)
        page = sync.changes_for(membership, position, sync.feed_types(asked), size, _first_pass(mine, ids))
        return ChangesPage(
            changes=[_change(c) for c in page.changes],
            cursor=encode_cursor(page.position, asked, mine),
            has_more=page.has_more,
        )
