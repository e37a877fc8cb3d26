"""The CRM record types that access rules, realtime events and the permission test matrix know of.

Each module registers its models once (in its ``AppConfig.ready``)::

    register(
        Company,
        owner_field="owner",                      # FK to tenants.User or an integer user id; None = no owner
        sensitive_fields=("credit_limit",),       # fields roles may hide / make read-only
        factory=lambda owner_id: Company.objects.create(name="Acme", owner_id=owner_id),
        reassign=reassign_companies,              # optional: bulk owner transfer (see ``register_reassigner``)
    )

``factory(owner_id)`` saves and returns one valid record owned by that user id
(or unowned for ``None``), inside the current tenant schema. The permission
matrix test (tests/access/test_matrix.py) runs every built-in role against every
registered type through it, so a type without a factory fails that test.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.db.models import Q

# (from_user_id, to_user_id, actor) -> number of records moved. Called inside a transaction.
Reassigner = Callable[[int, int, Any], int]
RecordFactory = Callable[[int | None], models.Model]
# (membership, action) -> a condition every row must also meet, or None: e.g. activities only of records
# the member may read. ANDed with the role's scope on every path (lists, get, can_read, exports).
Narrowing = Callable[[Any, str], Q | None]


@dataclass(frozen=True)
class RecordType:
    model: type[models.Model]
    name: str
    owner_field: str | None = "owner"
    sensitive_fields: tuple[str, ...] = field(default_factory=tuple)
    factory: RecordFactory | None = None
    # role → {action: scope}: how a built-in role differs from its default on this type.
    role_overrides: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    # role → {field: "hidden" | "read_only" | None}: a built-in role's field rules differing on this type.
    field_overrides: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    # Unowned records form a public pool: any own/team scope also reaches them for read and update (claiming).
    pool: bool = False
    # Rows matching this are readable by every member with any read scope (e.g. ``Q(shared=True)`` saved views).
    readable_when: Q | Callable[[Any], Q] | None = None
    # Rows must also meet this condition (see ``Narrowing``), whatever the role's scope.
    narrowed_by: Narrowing | None = None
    # Sensitive field → "Type.field" whose rule it takes unless the role names this field itself:
    # a quote's total is hidden wherever the deal amount is.
    sensitive_like: Mapping[str, str] = field(default_factory=dict)

    @property
    def owner_attname(self) -> str | None:
        """The column holding the owner's user id (``owner_id`` for an FK ``owner``)."""
        if self.owner_field is None:
            return None
        return self.model._meta.get_field(self.owner_field).attname  # type: ignore[union-attr]

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.model._meta.concrete_fields)


RECORD_TYPES: dict[str, RecordType] = {}
REASSIGNERS: dict[str, Reassigner] = {}


def register(
    model: type[models.Model],
    *,
    name: str | None = None,
    owner_field: str | None = "owner",
    sensitive_fields: tuple[str, ...] = (),
    factory: RecordFactory | None = None,
    role_overrides: Mapping[str, Mapping[str, str]] | None = None,
    field_overrides: Mapping[str, Mapping[str, str | None]] | None = None,
    reassign: Reassigner | None = None,
    pool: bool = False,
    readable_when: Q | Callable[[Any], Q] | None = None,
    narrowed_by: Narrowing | None = None,
    sensitive_like: Mapping[str, str] | None = None,
) -> RecordType:
    """Make ``model`` a CRM record type under its GraphQL type name (the model's name by default).

    Built-in roles treat every sensitive field alike (sales: read-only; marketing, service,
    read-only: hidden); ``field_overrides={"sales": {"amount": None}}`` lets sales edit a deal's amount.
    ``pool=True``: records without an owner are a shared pool every own/team scope can read and claim.
    ``readable_when=Q(shared=True)``: such rows are readable by anyone who may read the type at all
    (the factory must make rows that don't match it, or the matrix test's expectations break); a function of
    the membership gives a condition per member (``SalesTarget``: the targets of the member's teams).
    ``narrowed_by=fn``: ``fn(membership, action)`` gives a condition rows must also meet (a record linked to
    another one the member cannot read stays out of sight, whatever its own scope); the factory's rows must
    meet it for any member (the matrix test's expectations).
    ``sensitive_like={"total": "Deal.amount"}``: ``total`` is sensitive and, unless a role names a rule for
    it (a custom role's field rule, or a built-in role's ``field_overrides`` on this type), takes the member's
    rule on ``Deal.amount`` (figures derived from a sensitive one stay as secret).
    """
    record_type = RecordType(
        model,
        name or model.__name__,
        owner_field,
        tuple(dict.fromkeys((*sensitive_fields, *(sensitive_like or {})))),
        factory,
        dict(role_overrides or {}),
        dict(field_overrides or {}),
        pool,
        readable_when,
        narrowed_by,
        dict(sensitive_like or {}),
    )
    RECORD_TYPES[record_type.name] = record_type
    if reassign is not None:
        REASSIGNERS[record_type.name] = reassign
    elif owner_field is not None:
        REASSIGNERS.setdefault(record_type.name, _reassign_by_owner_field(record_type))
    return record_type


def unregister(name: str) -> None:
    """For tests that register a throw-away type."""
    RECORD_TYPES.pop(name, None)
    REASSIGNERS.pop(name, None)


def register_reassigner(name: str, reassign: Reassigner) -> None:
    """Bulk owner transfer for a record type (or for anything else keyed to a user, e.g. open tasks)."""
    REASSIGNERS[name] = reassign


def record_type_of(model: type[models.Model]) -> RecordType | None:
    # Asked several times per request: remembered per model, and trusted only while ``RECORD_TYPES`` still
    # holds that very entry (tests swap entries in and out of it directly).
    known = _record_type_by_model.get(model)
    if known is not None and RECORD_TYPES.get(known.name) is known:
        return known
    found = next((rt for rt in RECORD_TYPES.values() if rt.model is model), None)
    if found is not None:
        _record_type_by_model[model] = found
    return found


_record_type_by_model: dict[type[models.Model], RecordType] = {}


def _reassign_by_owner_field(record_type: RecordType) -> Reassigner:
    """Default transfer: one UPDATE of the owner column. Modules with events/audit pass their own."""

    def reassign(from_user_id: int, to_user_id: int, actor: Any) -> int:
        attname = record_type.owner_attname
        assert attname is not None
        return record_type.model._default_manager.filter(**{attname: from_user_id}).update(**{attname: to_user_id})

    return reassign
