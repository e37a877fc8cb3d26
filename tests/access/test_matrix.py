"""The permission matrix: every registered record type, every built-in role, every action.

Data-driven: a module that registers a record type (with a ``factory``, see
saas/access/registry.py) is in this matrix automatically. The expected scopes below
are the documented contract of the built-in roles; a type's ``role_overrides`` are its
declared exceptions. Everything runs through the policy functions the API uses
(``scope_queryset`` for lists and exports, ``allows``/``check`` for single records).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import pytest
from django.db import models

from saas.access import policy
from saas.access.models import Team, TeamMember
from saas.access.registry import RECORD_TYPES, RecordType
from saas.access.roles import Action
from saas.errors import ServiceError
from tenants.models import Membership, Role
from tests.access.conftest import AddPerson, SqlCount
from tests.conftest import Workspace

BUILT_IN_CONTRACT: dict[str, dict[str, str]] = {
    Role.OWNER: dict.fromkeys(["create", "read", "update", "delete", "export"], "all"),
    Role.ADMIN: dict.fromkeys(["create", "read", "update", "delete", "export"], "all"),
    Role.MANAGER: dict.fromkeys(["create", "read", "update", "delete", "export"], "team"),
    Role.SALES: {"create": "own", "read": "own", "update": "own", "delete": "own", "export": "none"},
    Role.MARKETING: {"create": "own", "read": "all", "update": "own", "delete": "none", "export": "all"},
    Role.SERVICE: {"create": "own", "read": "all", "update": "own", "delete": "none", "export": "none"},
    Role.READ_ONLY: {"create": "none", "read": "all", "update": "none", "delete": "none", "export": "none"},
}
ACTIONS: tuple[Action, ...] = ("create", "read", "update", "delete", "export")


def test_every_registered_type_can_join_the_matrix() -> None:
    missing = [name for name, rt in RECORD_TYPES.items() if rt.factory is None]
    assert not missing, f"register(..., factory=...) is required for the permission matrix: {missing}"
    assert RECORD_TYPES, "no record type registered"


def owner_may_be_empty(record_type: RecordType) -> bool:
    """Unowned records (e.g. a public pool) are part of the matrix where the owner column allows them."""
    if record_type.owner_field is None:
        return True
    return bool(record_type.model._meta.get_field(record_type.owner_field).null)


def expected_scope(record_type: RecordType, role: str, action: str) -> str:
    return record_type.role_overrides.get(role, {}).get(action) or BUILT_IN_CONTRACT[role][action]


@dataclass
class Cast:
    """One actor per role, all in one team with a teammate; an outsider in no team."""

    actors: dict[str, Membership]
    teammate: Membership
    outsider: Membership


@pytest.fixture
def cast(workspace_a: Workspace, add_person: AddPerson) -> Cast:
    workspace_a.activate()
    actors = {role: add_person(workspace_a, role).membership for role in BUILT_IN_CONTRACT if role != Role.OWNER}
    actors[Role.OWNER] = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    teammate = add_person(workspace_a, Role.SALES).membership
    outsider = add_person(workspace_a, Role.SALES).membership
    team = Team.objects.create(name="Everyone but the outsider")
    for m in [*actors.values(), teammate]:
        TeamMember.objects.create(team=team, user_id=m.user_id)
    return Cast(actors, teammate, outsider)


def visible(scope: str, record_type: RecordType, labels: list[str], action: str) -> set[str]:
    """Which of the labelled records a scope reaches."""
    if scope == "none":
        return set()
    if scope == "all" or record_type.owner_field is None:
        return set(labels)
    pool = {"nobody"} if record_type.pool and action in {"read", "update"} and "nobody" in labels else set()
    if scope == "own":
        return {"mine"} | pool
    return {"mine", "teammate"} | pool  # team


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(BUILT_IN_CONTRACT))
@pytest.mark.parametrize("type_name", sorted(RECORD_TYPES))
def test_matrix(type_name: str, role: str, cast: Cast) -> None:
    run_matrix(RECORD_TYPES[type_name], role, cast)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(BUILT_IN_CONTRACT))
def test_matrix_of_a_pool_type(role: str, cast: Cast) -> None:
    """``pool=True`` (unowned records shared by everyone, e.g. the customers' public pool)."""
    original = RECORD_TYPES["SampleDeal"]
    RECORD_TYPES["SampleDeal"] = replace(original, pool=True)
    try:
        run_matrix(RECORD_TYPES["SampleDeal"], role, cast)
    finally:
        RECORD_TYPES["SampleDeal"] = original


def run_matrix(record_type: RecordType, role: str, cast: Cast) -> None:
    type_name = record_type.name
    assert record_type.factory is not None
    model: type[models.Model] = record_type.model
    actor = cast.actors[role]
    owners: dict[str, int | None] = {
        "mine": actor.user_id,
        "teammate": cast.teammate.user_id,
        "outsider": cast.outsider.user_id,
    }
    if owner_may_be_empty(record_type):
        owners["nobody"] = None
    records = {label: record_type.factory(owner) for label, owner in owners.items()}
    label_of = {r.pk: label for label, r in records.items()}
    everything = model._default_manager.filter(pk__in=[r.pk for r in records.values()])

    for action in ACTIONS:
        scope = expected_scope(record_type, role, action)
        expected = visible(scope, record_type, list(records), action)
        where = f"{type_name} / {role} / {action} (scope {scope})"

        if action in {"read", "export"}:  # lists and exports: filtered in SQL
            got = {label_of[pk] for pk in policy.scope_queryset(actor, everything, action).values_list("pk", flat=True)}
            assert got == expected, where
        if action in {"read", "update", "delete"}:  # get / mutate one record
            got = {label for label, record in records.items() if policy.allows(actor, action, record)}
            assert got == expected, where
            for label, record in records.items():
                if label not in expected:
                    with pytest.raises(ServiceError) as refused:
                        policy.check(actor, action, record)
                    assert refused.value.errors[0].code == "permission_denied"
        if action == "create":
            assert policy.allows(actor, "create", model) == (scope != "none"), where
            for label, record in records.items():
                draft = copy.copy(record)
                draft.pk = None
                if record_type.owner_field is not None and label == "nobody" and scope in {"own", "team"}:
                    assert not policy.allows(actor, "create", draft), where
                    continue
                assert policy.allows(actor, "create", draft) == (label in expected or scope == "all"), where


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(BUILT_IN_CONTRACT))
@pytest.mark.parametrize("type_name", sorted(RECORD_TYPES))
def test_scoping_a_list_costs_no_extra_query(type_name: str, role: str, cast: Cast) -> None:
    record_type = RECORD_TYPES[type_name]
    actor = cast.actors[role]
    with SqlCount() as sql:
        list(policy.scope_queryset(actor, record_type.model._default_manager.all(), "read"))
    assert len(sql) == 1, sql.statements


@pytest.mark.django_db
def test_inactive_or_missing_membership_reaches_nothing(cast: Cast) -> None:
    for record_type in RECORD_TYPES.values():
        assert record_type.factory is not None
        record = record_type.factory(cast.actors[Role.OWNER].user_id)
        owner = cast.actors[Role.OWNER]
        owner.is_active = False
        assert not policy.allows(owner, "read", record)
        assert not policy.scope_queryset(owner, record_type.model._default_manager.all(), "read").exists()
        assert not policy.allows(None, "read", record)
        owner.is_active = True


@pytest.mark.django_db
@pytest.mark.parametrize("type_name", sorted(RECORD_TYPES))
def test_subscribers_hear_only_of_records_they_may_read(type_name: str, cast: Cast) -> None:
    record_type = RECORD_TYPES[type_name]
    assert record_type.factory is not None
    record = record_type.factory(cast.outsider.user_id)
    for role, actor in cast.actors.items():
        expected = expected_scope(record_type, role, "read") == "all" or record_type.owner_field is None
        assert policy.can_read(actor, type_name, record.pk) == expected, role


@pytest.mark.django_db
def test_readable_when_opens_matching_rows_to_every_reader(cast: Cast) -> None:
    """E.g. saved views: private to their owner unless shared."""
    from django.db.models import Q

    from tests.access.sample.models import SampleDeal

    original = RECORD_TYPES["SampleDeal"]
    RECORD_TYPES["SampleDeal"] = replace(original, readable_when=Q(title="shared"))
    try:
        other = cast.outsider.user_id
        shared = SampleDeal.objects.create(title="shared", owner_id=other)
        private = SampleDeal.objects.create(title="private", owner_id=other)
        sales = cast.actors[Role.SALES]
        assert list(policy.scope_queryset(sales, SampleDeal.objects.all(), "read")) == [shared]
        assert policy.allows(sales, "read", shared) and not policy.allows(sales, "read", private)
        assert not policy.allows(sales, "update", shared)
    finally:
        RECORD_TYPES["SampleDeal"] = original
