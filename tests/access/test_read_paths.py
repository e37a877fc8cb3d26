"""Nothing a role may not see leaks through any read path: one data-driven matrix.

Every registered record type x every role (the built-in ones and a custom role with hidden and
read-only rules) x every read path. For each member, two worlds are compared that differ *only* in
what that member may not see: world B gives the fields its role hides other values (planted words,
other numbers, dates and choices, in an order opposite to world A's) and adds records outside its
read scope (holding the planted values too). Every read path must then answer exactly the same in
both worlds (a refusal such as ``FIELD_HIDDEN`` counts as an answer):

- list: the whole node selection of the type's root connection, and ``totalCount``;
- node: ``node(id:)`` with every field and nested list (``history``, the timeline...); out-of-scope
  ids find nothing;
- filter: every field of the list's ``filter:`` input, one at a time, with a value that tells a set
  field from an empty one (``isNull``, every enum value, a planted prefix, a planted e-mail...);
- orderBy: every field of its ``orderBy:`` input, ascending and descending;
- search: planted words and the records' own words;
- duplicates: every ``…Duplicates`` root field of the type, with planted and real values;
- audit log, statistics (every ``…Statistics`` root field);
- the change feed's first pass (``changes(types: [<type>])``: every record the member reads now, with
  its readable fields);
- realtime: the event gate's decision for updates (hidden names and values gone from ``fields``,
  the payload and the payload's own ``fields``) and for deletes of records out of scope (none).

Discovery comes from the registry and the tenant schema itself (which connection lists a type, its
filter and order fields, the duplicate and statistics fields), so a module that registers a new
record type is covered without touching this file. A type without a GraphQL list (the test-only
``SampleDeal``) still runs the realtime and audit paths.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.postgres.fields import ArrayField
from django.db import models, transaction
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLSchema,
    build_schema,
    get_named_type,
    get_nullable_type,
)

from graphql_schema.core import sqlpages
from realtime import events
from realtime.gate import decide
from saas.access import policy
from saas.access.models import CustomRole, Team, TeamMember
from saas.access.registry import RECORD_TYPES, RecordType
from saas.audit import services as audit
from saas.audit.models import AuditEntry
from tenants.models import Membership, Role
from tests.access.conftest import AddPerson, Person, gid
from tests.conftest import Workspace

pytestmark = pytest.mark.django_db

PLANTED_WORD = "hiddenleak"
PLANTED_EMAIL = "hiddenleak@leak.example"
PLANTED_PHONE = "+15550009999"
CUSTOM = "custom"
ROLES = [*(role for role in Role if role != Role.CUSTOM), CUSTOM]


# --- what the tenant schema offers for a record type ------------------------------------------------------


@functools.cache
def api() -> GraphQLSchema:
    from graphql_schema.schema import tenant_schema

    return build_schema(tenant_schema.as_str())


def node_type_of_connection(field: GraphQLField) -> str | None:
    connection = get_named_type(field.type)
    if not isinstance(connection, GraphQLObjectType) or "edges" not in connection.fields:
        return None
    edge = get_named_type(connection.fields["edges"].type)
    if not isinstance(edge, GraphQLObjectType) or "node" not in edge.fields:
        return None
    return get_named_type(edge.fields["node"].type).name


def required_args(field: GraphQLField) -> bool:
    return any(arg.type != get_nullable_type(arg.type) and arg.default_value is None for arg in field.args.values())


@dataclass(frozen=True)
class Surface:
    """The read paths the API offers for one record type."""

    node_type: GraphQLObjectType | None
    list_name: str | None
    list_field: GraphQLField | None
    duplicate_fields: dict[str, GraphQLField]
    statistics_fields: list[str]


def surface_of(type_name: str) -> Surface:
    schema = api()
    query = schema.query_type
    assert query is not None
    node_type = schema.type_map.get(type_name)
    lists = sorted(
        (name for name, f in query.fields.items() if node_type_of_connection(f) == type_name and not required_args(f)),
        key=len,
    )
    duplicates = {
        name: f
        for name, f in query.fields.items()
        if name.endswith("Duplicates") and get_named_type(f.type).name == type_name
    }
    statistics = [name for name, f in query.fields.items() if name.endswith("Statistics") and not required_args(f)]
    return Surface(
        node_type if isinstance(node_type, GraphQLObjectType) else None,
        lists[0] if lists else None,
        query.fields[lists[0]] if lists else None,
        duplicates,
        statistics,
    )


def selection(type_: Any, depth: int = 2) -> str:
    """Every field without arguments: scalars, and objects ``depth`` levels down; connections left out."""
    named = get_named_type(type_)
    if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
        return ""
    if depth == 0 or not isinstance(named, GraphQLObjectType):
        return "__typename"
    parts = []
    for name, field in named.fields.items():
        if required_args(field) or node_type_of_connection(field) is not None:
            continue
        inner = selection(field.type, depth - 1)
        parts.append(f"{name} {{ {inner} }}" if inner else name)
    return " ".join(parts) or "__typename"


def filter_probes(filter_type: GraphQLInputObjectType) -> list[dict[str, Any]]:
    """One filter per field, with a value that tells a set value from an empty one."""
    probes = []
    for name, field in filter_type.fields.items():
        if name in {"AND", "OR", "NOT"}:
            continue
        value = probe_value(get_nullable_type(field.type))
        if value is not None:
            probes.append({name: value})
    return probes


def probe_value(type_: Any) -> Any:
    if isinstance(type_, GraphQLScalarType):
        return {"Boolean": True, "String": PLANTED_EMAIL}.get(type_.name)
    if isinstance(type_, GraphQLList):
        inner = get_named_type(type_)
        return [PLANTED_EMAIL, PLANTED_PHONE] if inner.name == "String" else None
    if not isinstance(type_, GraphQLInputObjectType):
        return None
    fields = type_.fields
    value: dict[str, Any] = {}
    if "isNull" in fields:
        value["isNull"] = False
    if "in" in fields and isinstance(options := get_named_type(fields["in"].type), GraphQLEnumType):
        value["in"] = list(options.values)
    if "startsWith" in fields:
        value["startsWith"] = PLANTED_WORD
    if "eq" in fields and get_named_type(fields["eq"].type).name == "Boolean":
        value["eq"] = True
    return value or None


def order_probes(order_type: GraphQLInputObjectType) -> list[dict[str, str]]:
    return [
        {name: direction}
        for name, field in order_type.fields.items()
        if isinstance(get_named_type(field.type), GraphQLEnumType)
        for direction in ("ASC", "DESC")
    ]


# --- the cast and the two worlds -------------------------------------------------------------------------


def planted(field: models.Field[Any, Any], rank: int) -> Any:
    """A value for a hidden field; ``rank`` 0 sorts after 1, opposite to creation order (None: not plantable)."""
    if field.choices:
        values = sorted(str(v) for v, _ in field.flatchoices if v)
        return values[-1 - min(rank, len(values) - 1)] if values else None
    if isinstance(field, ArrayField):
        return [PLANTED_EMAIL, PLANTED_PHONE]
    if isinstance(field, (models.CharField, models.TextField)):
        return f"{PLANTED_WORD}{'zyx'[rank]}"
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(9000 - 1000 * rank)
    if isinstance(field, (models.IntegerField, models.FloatField)):
        return 9000 - rank
    if isinstance(field, models.DateTimeField):
        return datetime.datetime(2001, 1, 20 - rank, tzinfo=datetime.UTC)
    if isinstance(field, models.DateField):
        return datetime.date(2001, 1, 20 - rank)
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.JSONField):
        return {PLANTED_WORD: rank}
    return None


def plant(record: models.Model, names: set[str], rank: int) -> None:
    changed = False
    for name in names:
        field = record._meta.get_field(name)
        value = planted(field, rank)  # type: ignore[arg-type]
        if value is not None:
            setattr(record, field.attname, value)  # type: ignore[union-attr]
            changed = True
    if not changed:
        return
    # Timestamps are visible: saving must not move them (only hidden data differs between the worlds).
    stamps = {
        f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields if getattr(f, "auto_now", False)
    }
    record.save()  # models that denormalise (search text) rebuild it from the planted values
    if stamps:
        type(record)._base_manager.filter(pk=record.pk).update(**stamps)
        for attname, value in stamps.items():
            setattr(record, attname, value)


@dataclass
class Cast:
    workspace: Workspace
    people: dict[str, Person]
    outsider: Person


@pytest.fixture
def cast(workspace_a: Workspace, add_person: AddPerson) -> Cast:
    """One person per role, all in one team; the custom role hides and locks sensitive fields of every type."""
    workspace_a.activate()
    hide_and_lock = {
        name: {field: ("hidden" if i % 2 == 0 else "read_only") for i, field in enumerate(rt.sensitive_fields)}
        for name, rt in RECORD_TYPES.items()
        if rt.sensitive_fields
    }
    custom = CustomRole.objects.create(
        name="Field agent",
        permissions={"*": {"create": "own", "read": "team", "update": "own", "delete": "none", "export": "none"}},
        field_rules=hide_and_lock,
    )
    people = {role: add_person(workspace_a, role) for role in ROLES if role not in {Role.OWNER, CUSTOM}}
    people[CUSTOM] = add_person(workspace_a, Role.CUSTOM, custom_role_id=custom.pk)
    owner = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    from tenants import services

    people[Role.OWNER] = Person(
        workspace_a.owner, owner, workspace_a.token, services.tenant_host(workspace_a.subdomain)
    )
    team = Team.objects.create(name="Everyone but the outsider")
    for person in people.values():
        TeamMember.objects.create(team=team, user_id=person.user.pk)
    return Cast(workspace_a, people, add_person(workspace_a, Role.SALES))


@dataclass
class World:
    records: list[models.Model]
    out_of_scope: list[models.Model]


def hidden_of(membership: Membership, record_type: RecordType) -> set[str]:
    return set(policy.hidden_fields(membership, "read", record_type.model))


def make_world_a(record_type: RecordType, actor: Membership) -> World:
    assert record_type.factory is not None
    owner = actor.user_id if record_type.owner_field is not None else None
    records = [record_type.factory(owner), record_type.factory(owner)]
    for record in records:
        audit.record(
            actor=None,
            action="update",
            record_type=record_type.name,
            record_id=str(record.pk),
            changes={name: {"old": None, "new": "before"} for name in record_type.sensitive_fields},
        )
    return World(records, [])


def make_world_b(record_type: RecordType, actor: Membership, outsider: Membership, world: World) -> World:
    """What the actor may not see changes: hidden values, and records out of its read scope appear."""
    assert record_type.factory is not None
    hidden = hidden_of(actor, record_type)
    for rank, record in enumerate(world.records):
        plant(record, hidden, rank)
        AuditEntry.objects.filter(record_type=record_type.name, record_id=str(record.pk)).update(
            changes={
                name: {"old": None, "new": PLANTED_WORD if name in hidden else "before"}
                for name in record_type.sensitive_fields
            }
        )
    out_of_scope = []
    if record_type.owner_field is not None:
        stranger = record_type.factory(outsider.user_id)
        if policy.can_read(actor, record_type.name, stranger.pk):
            type(stranger)._base_manager.filter(pk=stranger.pk).delete()
        else:
            plant(stranger, set(record_type.sensitive_fields), 0)
            audit.record(
                actor=None,
                action="update",
                record_type=record_type.name,
                record_id=str(stranger.pk),
                changes={"name": {"old": None, "new": PLANTED_WORD}},
            )
            out_of_scope.append(stranger)
    return World(world.records, out_of_scope)


# --- asking every read path ------------------------------------------------------------------------


Answer = tuple[Any, list[tuple[str, str]]]


def answer(person: Person, query: str, variables: dict[str, Any] | None = None) -> Answer:
    result = person.api.execute(query, variables)
    errors = sorted(
        (".".join(str(p) for p in e.get("path") or []), e.get("extensions", {}).get("code", ""))
        for e in result.get("errors") or []
    )
    # A refusal is an answer; anything else (a malformed probe, a crash) would make the comparison vacuous.
    assert {code for _, code in errors} <= {"FIELD_HIDDEN", "FORBIDDEN"}, (query, variables, result)
    return result.get("data"), errors


def probes(record_type: RecordType, world: World) -> list[tuple[str, str, dict[str, Any]]]:
    """(what, query, variables) for every API read path of the type."""
    surface = surface_of(record_type.name)
    found: list[tuple[str, str, dict[str, Any]]] = []
    if surface.node_type is not None:
        node = selection(surface.node_type)
        for name, field in surface.node_type.fields.items():  # nested lists: history, timeline, contacts...
            if node_type_of_connection(field) is not None and not required_args(field):
                inner = "action changes" if name == "history" else "id"
                node += f" {name}(first: 20) {{ totalCount edges {{ node {{ {inner} }} }} }}"
        for i, record in enumerate(world.records):
            query = f"query($id: ID!) {{ node(id: $id) {{ ... on {record_type.name} {{ {node} }} }} }}"
            found.append((f"node {i}", query, {"id": gid(record_type.name, record.pk)}))
    found += list_probes(surface, world)
    for name, field in surface.duplicate_fields.items():
        for value in duplicate_arguments(field, world.records[0]):
            declared = ", ".join(f"${a}: {field.args[a].type}" for a in value)
            passed = ", ".join(f"{a}: ${a}" for a in value)
            found.append((f"{name} {value}", f"query({declared}) {{ {name}({passed}) {{ id }} }}", value))
    if surface.node_type is not None:
        # The change feed's first pass (graphql_schema/sync): every record of the type the member reads now.
        enum_value = re.sub(r"(?<!^)(?=[A-Z])", "_", record_type.name).upper()
        found.append(
            (
                "changes",
                f"{{ changes(types: [{enum_value}], first: 100) {{ changes {{ recordId action version values }} }} }}",
                {},
            )
        )
        found.append(
            ("auditLog", "{ auditLog(first: 100) { edges { node { recordType recordId action changes } } } }", {})
        )
        query_type = api().query_type
        assert query_type is not None
        for name in surface.statistics_fields:
            found.append((name, f"{{ {name} {{ {selection(query_type.fields[name].type)} }} }}", {}))
    return found


def list_probes(surface: Surface, world: World) -> list[tuple[str, str, dict[str, Any]]]:
    """The root list of the type, with every filter field, order field and search word."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    if surface.list_field is None or surface.node_type is None:
        return found
    name, args = surface.list_name, surface.list_field.args
    nodes = f"totalCount edges {{ node {{ {selection(surface.node_type)} }} }}"
    found.append(("list", f"{{ {name}(first: 20) {{ {nodes} }} }}", {}))
    # Ids only: a page PostgreSQL builds itself (graphql_schema/core/sqlpages.py), scope re-stated in SQL.
    found.append(
        ("list built in SQL", f"{{ {name}(first: 20) {{ totalCount edges {{ node {{ id __typename }} }} }} }}", {})
    )
    if "filter" in args:
        kind = str(args["filter"].type)
        for value in filter_probes(get_named_type(args["filter"].type)):  # type: ignore[arg-type]
            query = f"query($v: {kind}) {{ {name}(first: 20, filter: $v) {{ edges {{ node {{ id }} }} }} }}"
            found.append((f"filter {value}", query, {"v": value}))
    if "orderBy" in args:
        kind = str(args["orderBy"].type)
        for value in order_probes(get_named_type(args["orderBy"].type)):  # type: ignore[arg-type]
            query = f"query($v: {kind}) {{ {name}(first: 20, orderBy: $v) {{ edges {{ node {{ id }} }} }} }}"
            found.append((f"orderBy {value}", query, {"v": [value]}))
    if "search" in args:
        for words in words_of(world.records[0]):
            query = f"query($v: String) {{ {name}(first: 20, search: $v) {{ edges {{ node {{ id }} }} }} }}"
            found.append((f"search {words}", query, {"v": words}))
    return found


def words_of(record: models.Model) -> list[str]:
    """The planted word, and the first word of each of the record's own short texts."""
    texts = [
        str(getattr(record, f.attname))
        for f in record._meta.concrete_fields
        if isinstance(f, models.CharField) and f.editable and not f.choices and getattr(record, f.attname)
    ]
    return [PLANTED_WORD, *dict.fromkeys(t.split()[0] for t in texts if t.split())][:4]


def duplicate_arguments(field: GraphQLField, record: models.Model) -> list[dict[str, Any]]:
    values: list[dict[str, Any]] = []
    for word in [
        PLANTED_EMAIL,
        *(
            str(getattr(record, f.attname))
            for f in record._meta.concrete_fields
            if isinstance(f, models.CharField) and f.editable and getattr(record, f.attname)
        ),
    ][:3]:
        value: dict[str, Any] = {}
        for name, arg in field.args.items():
            kind = get_nullable_type(arg.type)
            if isinstance(kind, GraphQLList):
                value[name] = [PLANTED_EMAIL, PLANTED_PHONE]
            elif get_named_type(kind).name == "String":
                value[name] = word
        if value:
            values.append(value)
    return values


def emitted(action: str, record_type: RecordType, pk: Any, payload: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event ``realtime.events.emit`` would publish after commit (taken as it is handed over)."""
    captured: list[dict[str, Any]] = []
    original = events.on_commit_publish
    events.on_commit_publish = lambda group, event: captured.append(event)
    try:
        events.emit(action, record_type.name, pk, payload)  # type: ignore[arg-type]
    finally:
        events.on_commit_publish = original
    return captured[0]


def delivered(actor: Membership, record_type: RecordType, record: models.Model, action: str = "updated") -> Any:
    """What the event gate lets through to this member of an event as services emit it."""
    # What a service's audit snapshot holds: the editable fields (not derived text such as a search index).
    fields = sorted((f for f in record._meta.concrete_fields if f.editable), key=lambda f: f.name)
    names = [f.name for f in fields]
    payload = {f.name: str(getattr(record, f.attname)) for f in fields}
    event = emitted(action, record_type, record.pk, {**payload, "fields": names})
    seen = decide(event, [actor])[actor.pk]
    if seen is None:
        return None
    return {key: value for key, value in seen.items() if key not in {"id", "owner_before"}}


# ``query($v: T) { field(...$v...) { ... } }``: one root field and one variable, so several can share a request.
BATCHABLE = re.compile(r"^query\(\$v: (?P<kind>[^)]+)\) \{ (?P<field>(?P<name>\w+)\(.*\}) \}$")
BATCH = 8


def answer_batch(person: Person, batch: list[tuple[str, str, dict[str, Any]]]) -> dict[str, Answer]:
    """Several list probes in one request (aliases); when any is refused, nothing: they are asked one by one.

    A refusal of one root field nulls the whole response, so only all-successful batches count.
    """
    declared, fields, variables = [], [], {}
    for i, (_, query, value) in enumerate(batch):
        match = BATCHABLE.match(query)
        assert match is not None
        declared.append(f"$v{i}: {match['kind']}")
        fields.append(f"p{i}: " + match["field"].replace("$v", f"$v{i}"))
        variables[f"v{i}"] = value["v"]
    result = person.api.execute(f"query({', '.join(declared)}) {{ {' '.join(fields)} }}", variables)
    if result.get("errors") or not result.get("data"):
        return {}
    answers: dict[str, Answer] = {}
    for i, (what, query, _) in enumerate(batch):
        match = BATCHABLE.match(query)
        assert match is not None
        answers[what] = ({match["name"]: result["data"][f"p{i}"]}, [])
    return answers


def read_everything(
    person: Person, record_type: RecordType, world: World, asked: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    one_list = [p for p in asked if BATCHABLE.match(p[1])]
    for start in range(0, len(one_list), BATCH):
        answers.update(answer_batch(person, one_list[start : start + BATCH]))
    for what, query, variables in asked:
        if what not in answers:
            answers[what] = answer(person, query, variables)
    answers = {what: answers[what] for what, _, _ in asked}  # in the order asked: the first difference is reported
    cast_activate(person)
    actor = Membership.objects.get(pk=person.membership.pk)
    answers["realtime"] = [delivered(actor, record_type, record) for record in world.records]
    return answers


def assert_no_hidden_names(event: dict[str, Any] | None, hidden: set[str], where: str) -> None:
    if event is None:
        return
    camel = {policy._camel(n) for n in hidden} | hidden  # the API's own spelling of a field
    assert not camel & set(event["fields"]), where
    assert not camel & set(event["payload"]), where
    assert not camel & set(event["payload"].get("fields", [])), where


# --- the matrix ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("type_name", sorted(RECORD_TYPES))
def test_nothing_hidden_leaks_on_any_read_path(type_name: str, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    record_type = RECORD_TYPES[type_name]
    assert record_type.factory is not None
    built_in_sql = count_pages_built_in_sql(monkeypatch)
    outsider = cast.outsider.membership
    compared = 0
    for role in representatives(record_type, cast):
        person = cast.people[role]
        actor = person.membership
        cast.workspace.activate()
        savepoint = transaction.savepoint()
        try:
            world = make_world_a(record_type, actor)
            asked = probes(record_type, world)
            before = read_everything(person, record_type, world, asked)
            cast.workspace.activate()
            world = make_world_b(record_type, actor, outsider, world)
            hidden = hidden_of(actor, record_type)
            if not hidden and not world.out_of_scope:
                continue  # nothing is invisible to this role on this type
            after = read_everything(person, record_type, world, asked)
            for what in before:
                assert after[what] == before[what], (
                    f"{type_name} / {role} / {what}: hidden data changed the answer: "
                    f"{first_difference(before[what], after[what])}"
                )
            compared += 1
            cast.workspace.activate()
            for event in after["realtime"]:
                assert_no_hidden_names(event, hidden, f"{type_name} / {role} / realtime")
            check_out_of_scope(person, record_type, world, f"{type_name} / {role}")
        finally:
            cast.workspace.activate()
            transaction.savepoint_rollback(savepoint)
    if record_type.owner_field is not None or record_type.sensitive_fields:
        assert compared, f"{type_name}: no role had anything hidden, the matrix compared nothing"
    if compared and surface_of(type_name).list_field is not None:
        assert built_in_sql, f"{type_name}: no list page went through the SQL-page fast path"


def count_pages_built_in_sql(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one for every page PostgreSQL builds (sqlpages), so the matrix covers it too."""
    built: list[int] = []
    build = sqlpages._built_nodes

    def counting(*args: Any) -> Any:
        built.append(1)
        return build(*args)

    monkeypatch.setattr(sqlpages, "_built_nodes", counting)
    return built


def representatives(record_type: RecordType, cast: Cast) -> list[str]:
    """One role per way of reading the type (read scope, hidden fields); roles that see everything are left out.

    Roles that read a type alike answer alike on every read path, so one of them stands for all
    (e.g. marketing, service and read-only all read every contact without its personal data).
    """
    cast.workspace.activate()
    chosen: dict[tuple[str, frozenset[str]], str] = {}
    for role in ROLES:
        actor = cast.people[role].membership
        hidden = frozenset(hidden_of(actor, record_type))
        everything = policy.scope_q(actor, record_type, "read") is None
        if everything and not hidden:
            continue  # nothing is invisible to this role on this type
        chosen.setdefault((policy.scope_for(actor, record_type, "read"), hidden), role)
    return list(chosen.values())


def first_difference(a: Any, b: Any, path: str = "") -> str:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(a.keys() | b.keys(), key=str):
            if a.get(key) != b.get(key):
                return first_difference(a.get(key), b.get(key), f"{path}.{key}")
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {a!r} != {b!r}"


def check_out_of_scope(person: Person, record_type: RecordType, world: World, where: str) -> None:
    """Records out of scope: no node, no update event, no delete event (soft or hard)."""
    actor = Membership.objects.get(pk=person.membership.pk)
    for stranger in world.out_of_scope:
        if surface_of(record_type.name).node_type is not None:
            data, _ = answer(
                person, "query($id: ID!) { node(id: $id) { id } }", {"id": gid(record_type.name, stranger.pk)}
            )
            assert data == {"node": None}, where
        cast_activate(person)
        assert delivered(actor, record_type, stranger) is None, f"{where}: update event of an unreadable record"
        assert delivered(actor, record_type, stranger, "deleted") is None, f"{where}: deleted event (row still there)"
        event = emitted("deleted", record_type, stranger.pk)
        type(stranger)._base_manager.filter(pk=stranger.pk).delete()
        assert decide(event, [actor])[actor.pk] is None, f"{where}: deleted event (row gone)"


def cast_activate(person: Person) -> None:
    from tenants.db import connection

    connection.set_tenant(person.membership.tenant)
