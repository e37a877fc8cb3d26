"""The one place that decides access to CRM records.

Services and resolvers never check roles by hand; they call:

- ``scope_queryset(membership, queryset, action)``: the rows this member may see (or update, delete,
  export), filtered in SQL: owner = me (own), owner in my teams (team), everything (all), plus rows
  shared with me or my teams (``RecordShare``). No extra query for built-in roles.
- ``check(membership, action, record_or_model, fields=...)``: raises ``ServiceError`` (code
  ``permission_denied``, or ``read_only_field`` per field) when the member may not do it. For a saved
  record the scope is checked in SQL with the same filter as lists (one ``EXISTS`` query unless the
  scope is ``all`` or the record is the member's own).
- ``allows(...)``: the same answer as a bool.
- ``field_rule`` / ``hidden_fields`` / ``redact``: field-level rules (hidden, read-only) for
  resolvers (see graphql_schema/access/fields.py) and exports.

Models not registered in ``saas.access.registry`` keep the simple rule: any active member reads,
``read_only`` writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from saas import modules
from saas.errors import FieldError, ServiceError
from tenants.models import Membership, Role

from .registry import RECORD_TYPES, RecordType, record_type_of
from .roles import ADMIN_ROLES, BUILTIN_GRANTS, Action, FieldRule, Grants, Scope

__all__ = [
    "WRITE_ACTIONS",
    "Action",
    "allows",
    "can_read",
    "check",
    "check_owner",
    "export_rows",
    "field_rule",
    "forget_cached_grants",
    "grants_of",
    "hidden_by_record_type",
    "hidden_fields",
    "is_admin",
    "owner_in_scope",
    "redact",
    "scope_for",
    "scope_q",
    "scope_queryset",
    "shared_with",
]

WRITE_ACTIONS: frozenset[str] = frozenset({"create", "update", "delete"})
# Shares widen these actions only; ``can_edit`` shares also widen ``update``.
SHARED_ACTIONS: frozenset[str] = frozenset({"read", "export"})
# On a ``pool`` record type, unowned records are reachable with an own/team scope for these.
POOL_ACTIONS: frozenset[str] = frozenset({"read", "update"})

QuerySetT = TypeVar("QuerySetT", bound=models.QuerySet[Any])

_GRANTS_CACHE = "_access_grants"
_TEAMMATES_CACHE = "_access_teammates"
_FIELD_RULES_CACHE = "_access_field_rules"
_CUSTOM_RULES_CACHE = "_access_custom_field_rules"
_HIDDEN_BY_TYPE_CACHE = "_access_hidden_by_type"


def forget_cached_grants(membership: Membership) -> None:
    """After a role change on this very object (caches live on the membership for one request)."""
    for key in (_GRANTS_CACHE, _TEAMMATES_CACHE, _FIELD_RULES_CACHE, _CUSTOM_RULES_CACHE, _HIDDEN_BY_TYPE_CACHE):
        membership.__dict__.pop(key, None)


# --- who holds what ------------------------------------------------------------------


def is_active(membership: Membership | None) -> bool:
    return membership is not None and membership.is_active


def is_admin(membership: Membership | None) -> bool:
    """Owners and admins manage the workspace (users, roles, teams, keys)."""
    return is_active(membership) and membership.role in ADMIN_ROLES  # type: ignore[union-attr]


def grants_of(membership: Membership) -> Grants:
    """The grants of the member's role; a custom role is read once per request (cached on the membership)."""
    cached = getattr(membership, _GRANTS_CACHE, None)
    if cached is not None:
        return cached
    if membership.role == Role.CUSTOM:
        from .models import CustomRole

        role = CustomRole.objects.filter(pk=membership.custom_role_id).first() if membership.custom_role_id else None
        grants = Grants(role.permissions, role.field_rules) if role is not None else Grants()
    else:
        grants = BUILTIN_GRANTS.get(membership.role, Grants())
    setattr(membership, _GRANTS_CACHE, grants)
    return grants


def scope_for(membership: Membership | None, record_type: RecordType, action: str) -> Scope:
    if not is_active(membership):
        return "none"
    assert membership is not None
    override = record_type.role_overrides.get(membership.role, {}).get(action)
    if override is not None and membership.role != Role.CUSTOM:
        return override  # type: ignore[return-value]
    return grants_of(membership).scope(record_type.name, action)


def _my_team_ids(user_id: int) -> models.QuerySet[Any]:
    from .models import TeamMember

    return TeamMember.objects.filter(user_id=user_id).values("team_id")


def _teammate_ids(user_id: int) -> models.QuerySet[Any]:
    """Everyone in any team I belong to (me included when I'm in a team): a subquery, not a fetch."""
    from .models import TeamMember

    return TeamMember.objects.filter(team_id__in=_my_team_ids(user_id)).values("user_id")


def _shared_ids(record_type: RecordType, user_id: int, *, editable: bool) -> models.QuerySet[Any]:
    from .models import RecordShare

    shares = RecordShare.objects.filter(record_type=record_type.name).filter(
        Q(user_id=user_id) | Q(team_id__in=_my_team_ids(user_id))
    )
    if editable:
        shares = shares.filter(can_edit=True)
    # record_id is text (any pk type); cast on the share side so the record's pk index is used.
    return shares.annotate(rid=Cast("record_id", output_field=_pk_type(record_type.model))).values("rid")


def _pk_type(model: type[models.Model]) -> models.Field[Any, Any]:
    pk = model._meta.pk
    if isinstance(pk, models.IntegerField):
        return models.BigIntegerField()
    if isinstance(pk, models.UUIDField):
        return models.UUIDField()
    return models.CharField()


def scope_q(membership: Membership | None, record_type: RecordType, action: str) -> Q | None:
    """The SQL condition for ``action`` on ``record_type``: None = every row, ``Q(pk__in=[])`` = none."""
    condition = _role_scope_q(membership, record_type, action)
    if record_type.narrowed_by is None or not is_active(membership):
        return condition
    narrowed = record_type.narrowed_by(membership, action)
    if narrowed is None:
        return condition
    return narrowed if condition is None else condition & narrowed


def _role_scope_q(membership: Membership | None, record_type: RecordType, action: str) -> Q | None:
    """``scope_q`` from the role's scope, pools, shares and ``readable_when`` alone."""
    scope = scope_for(membership, record_type, action)
    nothing = Q(pk__in=[])
    if not is_active(membership):
        return nothing
    assert membership is not None
    user_id = membership.user_id
    owner = record_type.owner_attname
    if scope == "all" or (scope != "none" and owner is None):
        return None  # record types without an owner: any granted scope means all of them
    condition = nothing
    if owner is None:  # scope "none" on an owner-less type: only shares can widen it
        pass
    elif scope == "own":
        condition = Q(**{owner: user_id})
    elif scope == "team":
        condition = Q(**{owner: user_id}) | Q(**{f"{owner}__in": _teammate_ids(user_id)})
    if owner is not None and scope in {"own", "team"} and record_type.pool and action in POOL_ACTIONS:
        condition |= Q(**{f"{owner}__isnull": True})
    if record_type.readable_when is not None and action == "read" and scope != "none":
        readable = record_type.readable_when
        condition |= readable if isinstance(readable, Q) else readable(membership)
    if action in SHARED_ACTIONS or action == "update":
        if action == "export" and scope == "none":
            return condition
        condition |= Q(pk__in=_shared_ids(record_type, user_id, editable=action == "update"))
    return condition


def scope_queryset(membership: Membership | None, queryset: QuerySetT, action: Action = "read") -> QuerySetT:
    """The rows of ``queryset`` this member may ``action``, filtered in SQL."""
    record_type = record_type_of(queryset.model)
    if record_type is None:
        return queryset if _allows_unregistered(membership, action) else queryset.none()
    condition = scope_q(membership, record_type, action)
    if condition is None:
        return queryset
    return queryset.filter(condition)


# --- single records and mutations --------------------------------------------------------


def _allows_unregistered(membership: Membership | None, action: str) -> bool:
    if not is_active(membership):
        return False
    return not (action in WRITE_ACTIONS and membership.role == Role.READ_ONLY)  # type: ignore[union-attr]


def _teammates(membership: Membership) -> set[int]:
    cached = getattr(membership, _TEAMMATES_CACHE, None)
    if cached is None:
        cached = set(_teammate_ids(membership.user_id).values_list("user_id", flat=True))
        setattr(membership, _TEAMMATES_CACHE, cached)
    return cached


def owner_in_scope(membership: Membership, scope: Scope, owner_id: int | None) -> bool:
    """Whether a record owned by ``owner_id`` is within ``scope`` for this member (own / team / all)."""
    return _owner_in_scope(membership, scope, owner_id)


def shared_with(membership: Membership, record_type: RecordType, record_id: Any) -> bool:
    """Whether the record is shared with the member or one of its teams (one query)."""
    from .models import RecordShare

    return bool(
        RecordShare.objects.filter(record_type=record_type.name, record_id=str(record_id))
        .filter(Q(user_id=membership.user_id) | Q(team_id__in=_my_team_ids(membership.user_id)))
        .exists()
    )


def _owner_in_scope(membership: Membership, scope: Scope, owner_id: int | None) -> bool:
    if scope == "all":
        return True
    if scope == "own":
        return owner_id == membership.user_id
    if scope == "team":
        return owner_id == membership.user_id or (owner_id is not None and owner_id in _teammates(membership))
    return False


def allows(
    membership: Membership | None,
    action: Action,
    record: models.Model | type[models.Model],
) -> bool:
    """May this member ``action`` this record (or, given a model class, records of this type at all)?

    For ``create`` with an unsaved instance, the instance's owner must be within the scope
    (own: me; team: me or a teammate; all: anyone).
    """
    model = record if isinstance(record, type) else type(record)
    record_type = record_type_of(model)
    if record_type is None:
        return _allows_unregistered(membership, action)
    if not is_active(membership):
        return False
    assert membership is not None
    scope = scope_for(membership, record_type, action)
    if isinstance(record, type):
        return scope != "none"
    owner_attname = record_type.owner_attname
    owner_id = getattr(record, owner_attname) if owner_attname else None
    if action == "create" or record.pk is None:
        if scope == "none":
            return False
        return owner_attname is None or _owner_in_scope(membership, scope, owner_id)
    if record_type.narrowed_by is not None:
        # The narrowing is a condition on the row (its links): only the database can answer (the base
        # manager: a record in the recycle bin is still asked about when restoring it).
        return scope_queryset(membership, model._base_manager.filter(pk=record.pk), action).exists()
    if scope == "all" or (scope != "none" and owner_attname is None):
        return True
    if scope == "own" and owner_id == membership.user_id:
        return True
    if record_type.pool and owner_id is None and scope in {"own", "team"} and action in POOL_ACTIONS:
        return True
    if scope == "none" and action not in SHARED_ACTIONS and action != "update":
        return False  # no share widens delete
    return scope_queryset(membership, model._default_manager.filter(pk=record.pk), action).exists()


def check(
    membership: Membership | None,
    action: Action,
    record: models.Model | type[models.Model],
    *,
    fields: Iterable[str] = (),
) -> None:
    """Raise ``ServiceError`` unless the member may ``action`` the record.

    ``fields``: the model fields a create/update sets; a hidden or read-only one is refused
    (code ``read_only_field``, one error per field).
    """
    model = record if isinstance(record, type) else type(record)
    if not allows(membership, action, record):
        raise ServiceError(
            FieldError(None, f"Your role may not {action} this {model._meta.verbose_name}.", "permission_denied")
        )
    if fields and action in {"create", "update"}:
        locked = hidden_fields(membership, action, model)
        refused = [f for f in fields if f in locked]
        if refused:
            raise ServiceError(
                [FieldError(_camel(f), "Your role may not change this field.", "read_only_field") for f in refused]
            )


def check_owner(membership: Membership | None, model: type[models.Model], owner_id: int | None) -> None:
    """Before giving a record a (new) owner: own scope → only yourself, team → a teammate, all → anyone.

    Uses the ``update`` scope (``create`` checks the draft's owner itself through ``check``).
    """
    record_type = record_type_of(model)
    if record_type is None or record_type.owner_field is None:
        return
    scope = scope_for(membership, record_type, "update")
    if membership is None or not _owner_in_scope(membership, scope, owner_id):
        raise ServiceError(
            FieldError(
                _camel(record_type.owner_field), "You may not give this record to that owner.", "permission_denied"
            )
        )


def can_read(membership: Membership | None, record_type_name: str, record_id: Any) -> bool:
    """For subscriptions and webhooks-to-users: may this member hear of this record's change?

    One ``EXISTS`` query (none for an ``all`` scope). Unknown record types: the unregistered rule.
    """
    record_type = RECORD_TYPES.get(record_type_name)
    if record_type is None:
        return _allows_unregistered(membership, "read")
    if scope_q(membership, record_type, "read") is None:
        return True
    queryset = record_type.model._default_manager.filter(pk=record_id)
    return bool(scope_queryset(membership, queryset, "read").exists())


# --- field rules -------------------------------------------------------------------------


def _field_rules(membership: Membership | None, model: type[models.Model]) -> Mapping[str, FieldRule]:
    record_type = record_type_of(model)
    if record_type is None:
        return {}
    if not is_active(membership):
        return dict.fromkeys(record_type.sensitive_fields, "hidden")
    assert membership is not None
    cache: dict[str, dict[str, FieldRule]] = membership.__dict__.setdefault(_FIELD_RULES_CACHE, {})
    if record_type.name in cache:
        return cache[record_type.name]
    grants = grants_of(membership)
    overrides = record_type.field_overrides.get(membership.role, {}) if membership.role != Role.CUSTOM else {}
    rules: dict[str, FieldRule] = {}
    named = grants.fields.get(record_type.name, {})
    for name in {*record_type.sensitive_fields, *named}:
        if name in record_type.sensitive_like and name not in named and name not in overrides:
            rule = _rule_of(membership, record_type.sensitive_like[name])
        else:
            rule = grants.field_rule(record_type.name, name, name in record_type.sensitive_fields)
            if name in overrides:
                rule = overrides[name]  # type: ignore[assignment]
        if rule is not None:
            rules[name] = rule
    cache[record_type.name] = rules
    return rules


def _rule_of(membership: Membership, type_and_field: str) -> FieldRule | None:
    """The member's rule on ``"Type.field"`` (what a ``sensitive_like`` field follows)."""
    type_name, field_name = type_and_field.split(".", 1)
    return _field_rules(membership, RECORD_TYPES[type_name].model).get(field_name)


CUSTOM_FIELD_PREFIX = "custom_fields."  # a custom field's rule name: ``custom_fields.<key>`` (saas.customization)


def _custom_field_rules(membership: Membership | None, model: type[models.Model]) -> Mapping[str, FieldRule]:
    """The role's sensitive rule on the type's custom fields marked sensitive (asked only when one is named).

    Only roles with a sensitive rule look the definitions up (once per request, ``saas.modules``), and only
    when a custom field's name is asked about: reads that never meet one cost no query for it.
    """
    record_type = record_type_of(model)
    if record_type is None:
        return {}
    if not is_active(membership):
        return dict.fromkeys(modules.sensitive_custom_fields(membership, model), "hidden")
    assert membership is not None
    cache: dict[str, Mapping[str, FieldRule]] = membership.__dict__.setdefault(_CUSTOM_RULES_CACHE, {})
    if record_type.name not in cache:
        grants = grants_of(membership)
        rule = grants.sensitive_rule
        explicit = grants.fields.get(record_type.name, {})
        found: dict[str, FieldRule] = {}
        if rule is not None:
            found = {n: rule for n in modules.sensitive_custom_fields(membership, model) if n not in explicit}
        cache[record_type.name] = found
    return cache[record_type.name]


def field_rule(membership: Membership | None, model: type[models.Model], field_name: str) -> FieldRule | None:
    """``hidden``, ``read_only`` or None (visible and writable) for one field of a record type."""
    rule = _field_rules(membership, model).get(field_name)
    if rule is None and field_name.startswith(CUSTOM_FIELD_PREFIX):
        return _custom_field_rules(membership, model).get(field_name)
    return rule


class HiddenFields(Collection[str]):
    """What ``hidden_fields`` answers: the names, with custom fields' looked up only when one is asked about."""

    def __init__(self, names: frozenset[str], custom: Callable[[], frozenset[str]]) -> None:
        self.names = names
        self._custom = custom

    def __contains__(self, name: object) -> bool:
        if name in self.names:
            return True
        return isinstance(name, str) and name.startswith(CUSTOM_FIELD_PREFIX) and name in self._custom()

    def __iter__(self) -> Iterator[str]:
        return iter(self.names | self._custom())

    def __len__(self) -> int:
        return len(self.names | self._custom())

    def __bool__(self) -> bool:
        return bool(self.names) or bool(self._custom())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HiddenFields | set | frozenset):
            return frozenset(self) == frozenset(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __or__(self, other: Iterable[str]) -> HiddenFields:
        return HiddenFields(self.names | frozenset(other), self._custom)

    def __repr__(self) -> str:
        return f"HiddenFields({sorted(self)!r})"


def hidden_fields(
    membership: Membership | None, action: Action, record: models.Model | type[models.Model]
) -> HiddenFields:
    """Field names this member may not see (``read``, ``export``) or change (``create``, ``update``).

    Realtime drops these fields from the events it delivers; exports blank them. Custom fields count
    under ``custom_fields.<key>``.
    """
    model = record if isinstance(record, type) else type(record)
    rules = _field_rules(membership, model)
    writing = action in {"create", "update"}

    def custom() -> frozenset[str]:
        extra = _custom_field_rules(membership, model)
        return frozenset(n for n, r in extra.items() if writing or r == "hidden")

    if writing:
        return HiddenFields(frozenset(rules), custom)
    return HiddenFields(frozenset(name for name, rule in rules.items() if rule == "hidden"), custom)


def hidden_by_record_type(membership: Membership | None) -> Mapping[str, frozenset[str]]:
    """Every registered record type's fields this member may not read, by type name (only types hiding some).

    Lists ask it to know whether any filter or ordering needs checking, and history to drop hidden changes:
    worked out once per request (memo on the membership, kept only while the registered types are the same).
    """
    registered = tuple(map(id, RECORD_TYPES.values()))
    memo = membership.__dict__.get(_HIDDEN_BY_TYPE_CACHE) if membership is not None else None
    if memo is not None and memo[0] == registered:
        return memo[1]
    found: dict[str, frozenset[str]] = {}
    for name, record_type in RECORD_TYPES.items():
        hidden = frozenset(hidden_fields(membership, "read", record_type.model))
        if hidden:
            found[name] = hidden
    if membership is not None:
        membership.__dict__[_HIDDEN_BY_TYPE_CACHE] = (registered, found)
    return found


def export_rows(
    membership: Membership | None, queryset: models.QuerySet[Any], fields: Iterable[str]
) -> Iterator[dict[str, Any]]:
    """Rows for a CSV/XLSX export: the member's ``export`` scope, hidden fields blanked. Refuses with no scope."""
    check(membership, "export", queryset.model)
    fields = list(fields)
    hidden = hidden_fields(membership, "export", queryset.model)
    for row in scope_queryset(membership, queryset, "export").values(*fields).iterator(chunk_size=2000):
        yield {key: (None if key in hidden else value) for key, value in row.items()}


def redact(membership: Membership | None, model: type[models.Model], row: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``row`` (field name → value, e.g. one export line) with hidden fields set to None."""
    hidden = hidden_fields(membership, "read", model)
    return {key: (None if key in hidden else value) for key, value in row.items()}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
