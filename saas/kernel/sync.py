"""The change feed for mobile and offline clients, and record versions for optimistic concurrency.

Every kit write leaves an audit entry (``services.written``) in the writing transaction, and the
database stamps each entry with that transaction's id (``AuditEntry.xact``). The feed pages through
entries in ``(xact, id)`` order and hands out only those of transactions older than the oldest one
still running (``pg_snapshot_xmin(pg_current_snapshot())``): every such transaction has committed or
rolled back, so no entry can appear later *behind* a position already handed out. A transaction that
runs long (or commits late) holds the feed back until it ends; it is never jumped over. (The horizon
is the database cluster's, so any long transaction, of any workspace, delays the feed: it never
loses a change.)

Writes that leave no audit entry per record (an import's ``COPY`` batches, an import's undo) leave one
``BulkChange`` per batch in the same transaction instead, listing the records (and their owners); the
feed reads both in one query, in ``(xact, audit entries first, bulk change id, place)`` order, so each
imported row comes once, like an audited write, and an undo's rows as deletions.

A feed starts with a snapshot: the records the member may read now, type by type in key order, each
as ``created`` (also those no entry tells of: demo data). The snapshot notes the
horizon when it starts; the entries from that horizon on follow it, so what changed while the
snapshot was read comes after it. A client that keeps only some records (an offline web client: its
own and those recently opened) asks a first pass of just those (``FirstPass``).

A page collapses the entries of one record into one change carrying the record's state *now*,
read for the member: records they cannot read never appear, hidden fields are left out, and a record
that is gone (deleted, or no longer theirs to read) comes as ``deleted`` only if they could read it
before (its owner before the change, or the row's own scope for a record in the recycle bin). The
state may be newer than the entries of the page; the later entries bring the same record again, so
replaying pages in order always ends at the database's state.

A record's ``version`` is the number of its audit entries and bulk changes: it grows with every write, and
``check_version`` (under the row's lock) refuses a write made against an older one (``CONFLICT``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db import connection, models
from django.db.models import Count, Func, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Coalesce

from saas.access import policy
from saas.access.registry import RECORD_TYPES, RecordType, record_type_of
from saas.audit.models import AuditEntry
from saas.errors import ErrorCode, FieldError, ServiceError
from tenants.models import Membership

from .changes import CUSTOM_FIELDS, snapshot
from .models import BulkChange
from .services import BAD_KEY

MAX_PAGE = 100
ChangeAction = Literal["created", "updated", "deleted"]

VERSION = "_sync_version"


@dataclass(frozen=True, order=True)
class Position:
    """Where a member's feed stands: the last entry handed out, as ``(transaction id, entry id)``.

    A record of a bulk change (``BulkChange``) is ``(transaction id, 0, bulk change id, its place)``:
    within a transaction, its audit entries come first, then its bulk changes, each record in order.
    """

    xact: int = 0
    entry: int = 0
    bulk: int = 0
    part: int = 0


@dataclass(frozen=True)
class Snapshot:
    """Where a feed's first pass stands: the horizon it started at, the type it reads, the last key given."""

    horizon: int
    record_type: str = ""  # "" before the first type
    after: str = ""  # "" before the type's first record


@dataclass(frozen=True)
class Change:
    """One record's change as the member may see it; ``values`` by model field (None when ``deleted``)."""

    record_type: str
    record_id: str
    action: ChangeAction
    version: int
    values: dict[str, Any] | None
    position: Position | None  # None: from the snapshot


@dataclass(frozen=True)
class Page:
    changes: list[Change]
    position: Position | Snapshot  # where the next page starts (the given one when nothing new)
    has_more: bool  # more entries are ready now: ask again at once


@dataclass
class _Touched:
    """The entries of one record on a page."""

    record_type: str
    record_id: str
    created: bool = False
    last: Position = field(default_factory=Position)
    owners: set[int] = field(default_factory=set)


def feed_types(types: Collection[str] | None) -> list[str]:
    """The registered record types a feed covers (all of them by default), sorted."""
    return sorted(set(types) & RECORD_TYPES.keys() if types else RECORD_TYPES)


@dataclass(frozen=True)
class FirstPass:
    """Which records a feed's first pass (the snapshot) reads; by default every one the member may read.

    ``mine``: only the member's own (types without an owner: none); ``ids``: only these records (by
    record type, then key). Both given: either. What is written after the snapshot began follows for
    every readable record, whatever this says (a client keeps what it asked for and drops the rest).
    """

    mine: bool = False
    ids: dict[str, frozenset[str]] | None = None

    @property
    def everything(self) -> bool:
        return not self.mine and self.ids is None


def changes_for(
    membership: Membership | None,
    since: Position | Snapshot | None,
    types: Collection[str],
    first: int,
    first_pass: FirstPass = FirstPass(),
) -> Page:
    """The next page of changes after ``since`` of ``types``, for ``membership``; None starts a snapshot.

    After the snapshot: one query for the entries, then two per record type on the page (the readable
    records with their versions; the others, to tell which were readable before they went), whatever
    the page's size. A snapshot page: one query per record type it reads (plus one for the horizon on
    the first page).
    """
    if since is None:
        since = Snapshot(current_horizon())
    if isinstance(since, Snapshot):
        return _snapshot_page(membership, since, sorted(types), first, first_pass)
    rows = _entries(since, list(types), first + 1)
    has_more = len(rows) > first
    rows = rows[:first]
    touched: dict[tuple[str, str], _Touched] = {}
    for position, action, record_type, record_id, owner_id, owner_before in rows:
        item = touched.pop((record_type, record_id), None) or _Touched(record_type, record_id)
        touched[(record_type, record_id)] = item  # re-inserted: the dict is in order of each record's last entry
        item.created = item.created or action == AuditEntry.Action.CREATE
        item.last = position
        item.owners.update(int(o) for o in (owner_id, owner_before) if o is not None and str(o).isdigit())
    by_type: dict[str, list[_Touched]] = {}
    for item in touched.values():
        by_type.setdefault(item.record_type, []).append(item)
    decided: dict[tuple[str, str], Change] = {}
    for type_name, items in by_type.items():
        decided.update(_decide(membership, RECORD_TYPES[type_name], items))
    changes = [decided[key] for key in touched if key in decided]
    position = rows[-1][0] if rows else since
    return Page(changes, position, has_more)


# The feed's writes after a position, in its order: audit entries (one record each; not those naming no
# record, such as an import's summary), then within the same
# transaction the records of bulk changes (one row each, by place). Each part is ordered and limited on
# its own (the audit part on the ``(xact, id)`` index), then both merged: one query.
_ENTRIES = """
(SELECT a.xact, 0 AS bulk, a.id AS entry, 0 AS part, a.action, a.record_type, a.record_id,
        a.owner_id::text AS owner_id, a.changes -> 'owner' ->> 'old' AS owner_before
   FROM {audit} a
  WHERE a.xact < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AND a.record_type = ANY(%(types)s)
    AND a.record_id <> ''
    AND (a.xact > %(xact)s OR (a.xact = %(xact)s AND %(bulk)s = 0 AND a.id > %(entry)s))
  ORDER BY a.xact, a.id
  LIMIT %(limit)s)
UNION ALL
(SELECT b.xact, b.id, 0, r.part::int, b.action, b.record_type, r.record_id, r.owner_id::text, NULL
   FROM {bulk} b CROSS JOIN LATERAL unnest(b.record_ids, b.owner_ids) WITH ORDINALITY AS r(record_id, owner_id, part)
  WHERE b.xact < pg_snapshot_xmin(pg_current_snapshot())::text::bigint AND b.record_type = ANY(%(types)s)
    AND (b.xact > %(xact)s OR (b.xact = %(xact)s AND (b.id > %(bulk)s OR (b.id = %(bulk)s AND r.part > %(part)s))))
  ORDER BY b.xact, b.id, r.part
  LIMIT %(limit)s)
ORDER BY 1, 2, 3, 4
LIMIT %(limit)s
"""


def _entries(since: Position, types: list[str], limit: int) -> list[tuple[Position, str, str, str, Any, Any]]:
    """``(position, action, record type, record id, owner, owner before)`` of the writes after ``since``."""
    quote = connection.ops.quote_name
    sql = _ENTRIES.format(audit=quote(AuditEntry._meta.db_table), bulk=quote(BulkChange._meta.db_table))
    params: dict[str, Any] = {
        "types": types,
        "xact": since.xact,
        "entry": since.entry,
        "bulk": since.bulk,
        "part": since.part,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = cursor.fetchall()
    return [
        (Position(xact, entry, bulk, part), action, record_type, record_id, owner_id, owner_before)
        for xact, bulk, entry, part, action, record_type, record_id, owner_id, owner_before in found
    ]


def record_bulk(record_type: str, action: str, records: Iterable[tuple[Any, Any]]) -> BulkChange | None:
    """Note in the writing transaction that the records ``[(id, owner id), ...]`` were written at once.

    For writes that leave no audit entry per record (an import's ``COPY``, its undo): the change feed
    then hands each record out as it does an audited write. ``action``: ``create``, ``update`` or
    ``delete`` (the owner before it, for a delete).
    """
    pairs = [(str(pk), owner) for pk, owner in records]
    if not pairs:
        return None
    return BulkChange.objects.create(
        record_type=record_type,
        action=action,
        record_ids=[pk for pk, _ in pairs],
        owner_ids=[owner for _, owner in pairs],
    )


def current_horizon() -> int:
    """Every transaction with a smaller id has ended now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
        row = cursor.fetchone()
    return int(row[0])


def _first_pass_q(membership: Membership | None, record_type: RecordType, first_pass: FirstPass) -> models.Q | None:
    """The condition on a type's records for the first pass (None: none of them)."""
    if first_pass.everything:
        return models.Q()
    wanted = models.Q(pk__in=[])
    mine = first_pass.mine and record_type.owner_field is not None and membership is not None
    if mine:
        assert membership is not None
        wanted |= models.Q(**{record_type.owner_attname or "": membership.user_id})
    keys = (first_pass.ids or {}).get(record_type.name)
    if keys:
        wanted |= models.Q(pk__in=sorted(keys))
    return wanted if mine or keys else None


def _snapshot_page(
    membership: Membership | None, since: Snapshot, types: list[str], first: int, first_pass: FirstPass
) -> Page:
    changes: list[Change] = []
    for type_name in (t for t in types if t >= since.record_type):
        record_type = RECORD_TYPES[type_name]
        wanted = _first_pass_q(membership, record_type, first_pass)
        if wanted is None:
            continue  # nothing of this type asked: no query
        readable = policy.scope_queryset(membership, record_type.model._default_manager.filter(wanted), "read")
        if type_name == since.record_type and since.after:
            readable = readable.filter(pk__gt=since.after)
        room = first - len(changes)
        records = list(readable.annotate(**{VERSION: version_expression(type_name)}).order_by("pk")[: room + 1])
        state = _state_reader(membership, record_type)
        changes += [
            Change(type_name, str(r.pk), "created", getattr(r, VERSION), state(r), None) for r in records[:room]
        ]
        if len(records) > room or len(changes) == first:  # the page is full: on from its last record
            return Page(changes, Snapshot(since.horizon, type_name, str(records[room - 1].pk)), True)
    # Done: what was written from the snapshot's horizon on follows.
    return Page(changes, Position(since.horizon, 0), True)


def _state_reader(membership: Membership | None, record_type: RecordType) -> Callable[[models.Model], dict[str, Any]]:
    """The record's fields the member may read, by model field (custom fields as ``custom_fields.<key>``)."""
    hidden = policy.hidden_fields(membership, "read", record_type.model)
    names = [n for n in record_type.field_names if n not in ("id", CUSTOM_FIELDS)]
    return lambda record: {name: value for name, value in snapshot(record, names).items() if name not in hidden}


def _decide(
    membership: Membership | None, record_type: RecordType, items: list[_Touched]
) -> dict[tuple[str, str], Change]:
    model = record_type.model
    by_key = {item.record_id: item for item in items}
    readable = policy.scope_queryset(membership, model._default_manager.filter(pk__in=list(by_key)), "read")
    state = _state_reader(membership, record_type)
    found: dict[tuple[str, str], Change] = {}
    for record in readable.annotate(**{VERSION: version_expression(record_type.name)}):
        item = by_key.pop(str(record.pk))
        action: ChangeAction = "created" if item.created else "updated"
        found[(record_type.name, item.record_id)] = Change(
            record_type.name, item.record_id, action, getattr(record, VERSION), state(record), item.last
        )
    if not by_key:
        return found
    for item in _gone_but_seen(membership, record_type, list(by_key.values())):
        found[(record_type.name, item.record_id)] = Change(
            record_type.name, item.record_id, "deleted", 0, None, item.last
        )
    return found


def _gone_but_seen(membership: Membership | None, record_type: RecordType, items: list[_Touched]) -> Iterable[_Touched]:
    """The records among ``items`` (none of them readable now) that the member could read before.

    A row still there (in the recycle bin, or moved out of the member's scope) is judged by the scope
    on the row, then by the owners the entries name (before and after each write); a row gone for good
    only by those owners. Types readable through another record only (no owner) are refused unless the
    member reads all of them.
    """
    if not policy.is_active(membership):
        return []
    assert membership is not None
    condition = policy.scope_q(membership, record_type, "read")
    if condition is None:
        return items
    scope = policy.scope_for(membership, record_type, "read")
    rows = record_type.model._base_manager.filter(pk__in=[item.record_id for item in items])
    in_scope = {str(pk) for pk in rows.filter(condition).values_list("pk", flat=True)}
    seen = []
    for item in items:
        owned = record_type.owner_field is not None and any(
            policy.owner_in_scope(membership, scope, owner) for owner in item.owners
        )
        if item.record_id in in_scope or owned:
            seen.append(item)
    return seen


def version_expression(type_name: str) -> Any:
    """A record's version, as an annotation: the number of its audit entries and of the bulk changes naming it."""
    entries = (
        AuditEntry.objects.filter(record_type=type_name, record_id=Cast(OuterRef("pk"), models.CharField()))
        .order_by()
        .values("record_type")
        .annotate(n=Count("id"))
        .values("n")
    )
    bulk = (
        BulkChange.objects.filter(
            record_type=type_name,
            record_ids__contains=Func(
                Cast(OuterRef("pk"), models.CharField()),
                function="ARRAY",
                template="%(function)s[%(expressions)s]::varchar[]",
            ),
        )
        .order_by()
        .values("record_type")
        .annotate(n=Count("id"))
        .values("n")
    )
    return Coalesce(Subquery(entries), Value(0)) + Coalesce(Subquery(bulk), Value(0))


def version_of(type_name: str, pk: Any) -> int:
    """The record's version now (the number of its audit entries and of the bulk changes naming it)."""
    key = str(pk)
    audited = AuditEntry.objects.filter(record_type=type_name, record_id=key).count()
    return audited + BulkChange.objects.filter(record_type=type_name, record_ids__contains=[key]).count()


def check_version(membership: Membership | None, model: type[models.Model], pk: Any, expected: int) -> None:
    """Refuse (``CONFLICT``) a write made against another version than the record's; lock its row.

    Call inside the write's transaction, before the write: the row stays locked until it commits, so
    no other write of the record slips in between the check and this one. A record the member cannot
    read is left to the service (``not_found``): its version is not told.
    """
    record_type = record_type_of(model)
    if record_type is None:
        return
    readable = policy.scope_queryset(membership, model._default_manager.filter(pk=pk), "read")
    try:
        locked = list(readable.select_for_update(of=("self",)).values_list("pk", flat=True))
    except BAD_KEY:
        return  # not a key of this type: the service answers not_found
    if not locked:
        return
    current = version_of(record_type.name, pk)
    if current != expected:
        raise ServiceError(
            FieldError(
                "expectedVersion",
                f"The record changed since you read it (version {expected}, now {current}): reload it and try again.",
                ErrorCode.CONFLICT,
            )
        )
