"""Every root field of both schemas, fuzzed: no input may end in a 5xx or a masked internal error.

The root fields are read from the schemas when the tests are collected, so a new module's
queries and mutations are fuzzed without a line here. Values are hostile on purpose: NUL and
odd Unicode, huge and negative numbers, NaN, naive and out-of-range dates, global ids of
interfaces, unknown types and other record types (and real ids of the workspace's records).

Bounded and reproducible: ``derandomize`` (the same examples on every run) and
``FUZZ_EXAMPLES`` examples per root field. For a longer hunt, raise ``FUZZ_EXAMPLES`` and set
``FUZZ_SEED`` to any number: other examples, still reproducible by the same seed.
"""

from __future__ import annotations

import json
import os
from typing import Any

import graphql
import hypothesis_graphql
import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis_graphql import nodes
from strawberry.relay import to_base64

from graphql_schema.core.core_schema import core_schema
from graphql_schema.schema import public_schema, tenant_schema
from tenants import services
from tests.conftest import Workspace

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SEED = os.environ.get("FUZZ_SEED")

SCHEMAS = {"tenant": core_schema(tenant_schema), "public": core_schema(public_schema)}


def root_fields() -> list[tuple[str, str, str]]:
    fields = []
    for schema_name, schema in SCHEMAS.items():
        for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
            if root is not None:
                fields += [(schema_name, kind, name) for name in sorted(root.fields)]
    return fields


HOSTILE_TEXT = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\u202eevil",
    "\ufeff",
    "💥" * 50,
    "中文名字",
    "x" * 5000,
    "%",
    "_",
    "\\",
    "'; DROP TABLE contacts; --",
    "<script>alert(1)</script>",
    "null",
    "NaN",
    "-1",
    "1e400",
    "2026-02-30",
    "owner@alpha.example.com",
    "crm_notakey",
    "arrayconnection:-1",
]
HOSTILE_DATETIMES = [
    "2026-01-31T09:00:00Z",
    "2026-01-31T09:00:00+08:00",
    "2026-01-31T09:00:00",  # no time zone
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-12:00",
    "2026-13-45T25:61:00Z",
    "yesterday",
    "",
]
HOSTILE_DATES = ["2026-01-31", "0001-01-01", "9999-12-31", "2026-02-30", "31/01/2026", ""]
HOSTILE_TIMES = ["09:00", "23:59:59", "24:00", "25:61", "9am", "", "00:00:00.000001"]
HOSTILE_DECIMALS = ["NaN", "-NaN", "sNaN", "Infinity", "-Infinity", "1e400", "1e-400", "-0", "0.005", "123.45", "x"]


def text_values() -> st.SearchStrategy[graphql.ValueNode]:
    nul_inside = st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda parts: "\x00".join(parts))
    return st.one_of(st.sampled_from(HOSTILE_TEXT), nul_inside, st.text(max_size=40)).map(nodes.String)


def id_values(real_ids: list[str]) -> st.SearchStrategy[graphql.ValueNode]:
    forged = [
        to_base64("Node", "1"),  # the interface
        to_base64("NoSuchType", "1"),
        to_base64("Contact", "not-a-uuid"),
        to_base64("Contact", "00000000-0000-0000-0000-000000000000"),
        to_base64("AuditEntry", "x:1"),
        "!!!not base64!!!",
        "",
    ]
    return st.one_of(st.sampled_from(real_ids + forged), st.text(max_size=20)).map(nodes.String)


def scalar_values(real_ids: list[str]) -> dict[str, st.SearchStrategy[graphql.ValueNode]]:
    numbers = st.one_of(
        st.sampled_from(HOSTILE_DECIMALS).map(nodes.String),
        st.integers(min_value=-(10**30), max_value=10**30).map(nodes.Int),
        st.floats(allow_nan=False, allow_infinity=False).map(nodes.Float),
    )
    json_leaves = st.one_of(
        st.none(), st.booleans(), st.integers(), st.text(max_size=10), st.sampled_from(HOSTILE_TEXT)
    )
    json_values = st.recursive(
        json_leaves, lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children)
    )
    return {
        "String": text_values(),
        "ID": id_values(real_ids),
        "DateTime": st.sampled_from(HOSTILE_DATETIMES).map(nodes.String),
        "Date": st.sampled_from(HOSTILE_DATES).map(nodes.String),
        "Time": st.sampled_from(HOSTILE_TIMES).map(nodes.String),
        "Decimal": numbers,
        "JSON": json_values.map(lambda value: graphql.parse_value(json_literal(value))),
    }


def json_literal(value: Any) -> str:
    """A JSON value written as a GraphQL literal (objects without quoted keys)."""
    if isinstance(value, dict):  # names made unique: a literal may not repeat one
        return "{" + " ".join(f"{_name(k)}{n}: {json_literal(v)}" for n, (k, v) in enumerate(value.items())) + "}"
    if isinstance(value, list):
        return "[" + " ".join(json_literal(v) for v in value) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)


def _name(key: str) -> str:
    cleaned = "".join(c for c in key if c.isascii() and (c.isalnum() or c == "_"))
    return f"k{cleaned}_"


@pytest.fixture
def seeded(workspace_a: Workspace) -> tuple[Workspace, list[str]]:
    """A workspace with one record of each kind the fuzzer's ids may name ."""
    api = workspace_a.api
    company = api.data('mutation { createCompany(input: {name: "Fuzz Co", allowDuplicate: true}) { company { id } } }')
    contact = api.data(
        'mutation { createContact(input: {firstName: "Fu", lastName: "Zz", emails: ["fu@zz.example.com"],'
        " allowDuplicate: true}) { contact { id } } }"
    )
    tag = api.data('mutation { createTag(input: {name: "fuzzed"}) { tag { id } } }')
    me = api.data("{ users(first: 1) { edges { node { id } } } }")
    ids = [
        company["createCompany"]["company"]["id"],
        contact["createContact"]["contact"]["id"],
        tag["createTag"]["tag"]["id"],
        me["users"]["edges"][0]["node"]["id"],
    ]
    return workspace_a, ids


def post(client: Client, token: str, query: str) -> tuple[int, dict[str, Any] | None]:
    response = client.post(
        "/graphql/",
        json.dumps({"query": query}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        return response.status_code, json.loads(response.content)
    except ValueError:
        return response.status_code, None


@pytest.mark.django_db
@pytest.mark.parametrize(("schema_name", "kind", "field"), root_fields(), ids=lambda v: str(v))
def test_no_input_to_a_root_field_reaches_an_internal_error(
    seeded: tuple[Workspace, list[str]], schema_name: str, kind: str, field: str
) -> None:
    workspace, real_ids = seeded
    host = services.tenant_host(workspace.subdomain) if schema_name == "tenant" else django_settings.BASE_DOMAIN
    client = Client(HTTP_HOST=host)
    generate = hypothesis_graphql.queries if kind == "query" else hypothesis_graphql.mutations
    documents = generate(SCHEMAS[schema_name], fields=[field], custom_scalars=scalar_values(real_ids))

    @hypothesis_settings(
        max_examples=EXAMPLES,
        derandomize=SEED is None,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(document=documents)
    def no_internal_error(document: str) -> None:
        status, body = post(client, workspace.token, document)
        assert status < 500, (status, document)
        codes = [e.get("extensions", {}).get("code") for e in (body or {}).get("errors") or []]
        assert "INTERNAL_SERVER_ERROR" not in codes, (document, body)

    if SEED is not None:
        no_internal_error = seed(int(SEED))(no_internal_error)
    no_internal_error()


def test_every_root_field_is_fuzzed() -> None:
    """The list is read from the schemas: a module's new fields join without editing this file."""
    fields = root_fields()
    names = {(schema, field) for schema, _, field in fields}
    assert ("tenant", "createContact") in names and ("tenant", "contacts") in names
    assert ("public", "logIn") in names or ("public", "signUp") in names
    assert len(fields) == sum(
        len(root.fields) for s in SCHEMAS.values() for root in (s.query_type, s.mutation_type) if root is not None
    )
