"""Keyset cursors (graphql_schema/core/keyset.py): pages that hold while the list changes under them."""

from __future__ import annotations

import base64
import datetime
import json
import random
from typing import Any

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphql_schema.core import keyset, limits
from saas.access.registry import RECORD_TYPES
from saas.customers.models import Company, Contact
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member
from tests.query_count import assert_num_queries

pytestmark = pytest.mark.django_db

CONTACTS = """query($first: Int, $after: String, $last: Int, $before: String, $order: [ContactOrder!]) {
  contacts(first: $first, after: $after, last: $last, before: $before, orderBy: $order) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id firstName lastName } }
  }
}"""

ORDERINGS = [
    [{"lastName": "ASC"}],
    [{"lastName": "DESC"}, {"firstName": "ASC"}],
    [{"lastInteractionAt": "ASC"}],  # NULLs last
    [{"lastInteractionAt": "DESC"}],  # NULLs first
    [{"lastInteractionAt": "ASC_NULLS_FIRST"}],
    [{"lastInteractionAt": "DESC_NULLS_LAST"}, {"lastName": "DESC"}],
    None,  # the default: newest first
]

NAMES = ["Lee", "Kim", "Ng", "Abe", "Zhu", ""]  # few, so many rows tie on the name


def add_contacts(ws: Workspace, count: int, rng: random.Random) -> list[Contact]:
    ws.activate()
    start = timezone.now()
    contacts = []
    for _ in range(count):
        touched = None if rng.random() < 0.3 else start - datetime.timedelta(days=rng.randrange(5))
        contacts.append(
            Contact(
                first_name=rng.choice(NAMES) or "X",
                last_name=rng.choice(NAMES),
                last_interaction_at=touched,
                created_at=start - datetime.timedelta(seconds=rng.randrange(3)),
            )
        )
    return Contact.objects.bulk_create(contacts)


def page(ws: Workspace, **variables: Any) -> dict[str, Any]:
    return ws.api.data(CONTACTS, variables)["contacts"]


def ids(connection: dict[str, Any]) -> list[str]:
    return [e["node"]["id"] for e in connection["edges"]]


def every_id(ws: Workspace, order: Any) -> list[str]:
    return ids(page(ws, first=100, order=order))


# --- paging through a list that does not change ------------------------------------------------------


def test_page_info_cursors_are_the_same_whether_or_not_the_edges_cursors_are_asked_for(
    workspace_a: Workspace,
) -> None:
    add_contacts(workspace_a, 12, random.Random(3))
    with_edges = page(workspace_a, first=5)
    without = workspace_a.api.data(
        "{ contacts(first: 5) { pageInfo { startCursor endCursor } edges { node { id } } } }"
    )["contacts"]
    assert without["pageInfo"] == {k: with_edges["pageInfo"][k] for k in ("startCursor", "endCursor")}
    assert with_edges["pageInfo"]["endCursor"] == with_edges["edges"][-1]["cursor"]
    middle = with_edges["edges"][2]["cursor"]  # every edge's cursor is given out when asked for
    assert ids(page(workspace_a, first=2, after=middle)) == ids(with_edges)[3:5]
    fragment = "{ contacts(first: 5) { ... on ContactConnection { edges { cursor } } } }"
    assert all(edge["cursor"] for edge in workspace_a.api.data(fragment)["contacts"]["edges"])


@pytest.mark.parametrize("order", ORDERINGS, ids=[json.dumps(o) for o in ORDERINGS])
def test_pages_forwards_and_backwards_cover_the_list_once_in_order(workspace_a: Workspace, order: Any) -> None:
    add_contacts(workspace_a, 23, random.Random(7))
    whole = every_id(workspace_a, order)
    assert len(whole) == 23

    forwards: list[str] = []
    after = None
    while True:
        connection = page(workspace_a, first=5, after=after, order=order)
        assert connection["totalCount"] == 23
        forwards += ids(connection)
        assert connection["pageInfo"]["hasPreviousPage"] == (after is not None)
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert forwards == whole

    backwards: list[str] = []
    before = None
    while True:
        connection = page(workspace_a, last=4, before=before, order=order)
        backwards = ids(connection) + backwards
        assert connection["pageInfo"]["hasNextPage"] == (before is not None)
        if not connection["pageInfo"]["hasPreviousPage"]:
            break
        before = connection["pageInfo"]["startCursor"]
    assert backwards == whole


def test_after_and_before_together_give_what_lies_between(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 12, random.Random(3))
    order = [{"lastName": "ASC"}]
    edges = page(workspace_a, first=12, order=order)["edges"]
    between = page(workspace_a, first=20, after=edges[2]["cursor"], before=edges[8]["cursor"], order=order)
    assert ids(between) == [e["node"]["id"] for e in edges[3:8]]
    assert not between["pageInfo"]["hasNextPage"]
    limited = page(workspace_a, last=2, after=edges[2]["cursor"], before=edges[8]["cursor"], order=order)
    assert ids(limited) == [e["node"]["id"] for e in edges[6:8]]


# --- a list that changes between pages ---------------------------------------------------------------


def test_an_insert_or_delete_before_the_cursor_neither_repeats_nor_skips(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 10, random.Random(1))
    order = [{"lastName": "ASC"}, {"firstName": "ASC"}]
    first = page(workspace_a, first=4, order=order)
    seen = ids(first)
    workspace_a.activate()
    Contact.objects.create(first_name="A", last_name="")  # sorts before everything seen
    Contact.objects.filter(pk=keyset_pk(seen[0])).delete()  # a seen one goes
    rest = page(workspace_a, first=100, after=first["pageInfo"]["endCursor"], order=order)
    assert not set(ids(rest)) & set(seen)
    assert len(seen) + len(ids(rest)) == 10  # nothing skipped (the new one sorts before the cursor)
    assert rest["totalCount"] == 10 and rest["pageInfo"]["hasPreviousPage"]


def test_the_cursor_row_itself_may_go(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 6, random.Random(2))
    order = [{"lastName": "ASC"}]
    whole = every_id(workspace_a, order)
    first = page(workspace_a, first=3, order=order)
    workspace_a.activate()
    Contact.objects.filter(pk=keyset_pk(whole[2])).delete()
    assert ids(page(workspace_a, first=10, after=first["pageInfo"]["endCursor"], order=order)) == whole[3:]


@pytest.mark.parametrize("fast", [True, False], ids=["sql-page", "normal-path"])
def test_page_info_is_exact_on_the_cursor_side_in_both_directions(workspace_a: Workspace, fast: bool) -> None:
    """hasPreviousPage after ``after`` and hasNextPage before ``before`` say whether a record lies on the
    cursor's side, not merely that a cursor was given: once the cursor's row and all before it are gone,
    they turn false."""
    from contextlib import nullcontext

    from graphql_schema.core import sqlpages

    add_contacts(workspace_a, 6, random.Random(8))
    order = [{"lastName": "ASC"}, {"firstName": "ASC"}]
    with nullcontext() if fast else sqlpages.sql_pages_disabled():
        whole = page(workspace_a, first=6, order=order)["edges"]
        second = page(workspace_a, first=2, after=whole[0]["cursor"], order=order)
        assert ids(second) == [e["node"]["id"] for e in whole[1:3]]
        assert second["pageInfo"]["hasPreviousPage"] and second["pageInfo"]["hasNextPage"]
        head = page(workspace_a, last=2, before=whole[-1]["cursor"], order=order)
        assert ids(head) == [e["node"]["id"] for e in whole[3:5]]
        assert head["pageInfo"]["hasNextPage"] and head["pageInfo"]["hasPreviousPage"]
        beyond_the_end = page(workspace_a, first=2, after=whole[-1]["cursor"], order=order)  # empty page
        assert beyond_the_end["edges"] == [] and beyond_the_end["pageInfo"]["hasPreviousPage"]
        before_the_start = page(workspace_a, last=2, before=whole[0]["cursor"], order=order)
        assert before_the_start["edges"] == [] and before_the_start["pageInfo"]["hasNextPage"]

        workspace_a.activate()
        Contact.objects.filter(pk__in=[keyset_pk(whole[0]["node"]["id"]), keyset_pk(whole[-1]["node"]["id"])]).delete()
        second = page(workspace_a, first=2, after=whole[0]["cursor"], order=order)
        assert ids(second) == [e["node"]["id"] for e in whole[1:3]]
        assert not second["pageInfo"]["hasPreviousPage"]  # nothing left at or before the cursor
        head = page(workspace_a, last=2, before=whole[-1]["cursor"], order=order)
        assert ids(head) == [e["node"]["id"] for e in whole[3:5]]
        assert not head["pageInfo"]["hasNextPage"]  # nothing left at or after the cursor
        (only,) = page(workspace_a, first=1, after=whole[1]["cursor"], order=order)["edges"]
        assert only["node"]["id"] == whole[2]["node"]["id"]
        from_second = page(workspace_a, first=1, after=whole[1]["cursor"], order=order)
        assert from_second["pageInfo"]["hasPreviousPage"]  # the cursor's own row is still there

        workspace_a.activate()
        Contact.objects.all().delete()
        empty = page(workspace_a, first=2, after=whole[2]["cursor"], order=order)
        assert empty["edges"] == [] and not empty["pageInfo"]["hasPreviousPage"]
        empty = page(workspace_a, last=2, before=whole[2]["cursor"], order=order)
        assert empty["edges"] == [] and not empty["pageInfo"]["hasNextPage"]


def test_the_cursor_side_probe_is_in_the_pages_own_query(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 8, random.Random(10))
    order = [{"lastName": "ASC"}]
    first = page(workspace_a, first=3, order=order)
    with assert_num_queries(2):  # the token with its membership, then the page with its total and probe
        after = page(workspace_a, first=3, after=first["pageInfo"]["endCursor"], order=order)
    with assert_num_queries(2):
        before = page(workspace_a, last=3, before=after["pageInfo"]["endCursor"], order=order)
    assert after["pageInfo"]["hasPreviousPage"] and before["pageInfo"]["hasNextPage"]


def keyset_pk(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,  # the same schedules on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 2**16),
    order=st.sampled_from(ORDERINGS),
    size=st.integers(1, 6),
    backwards=st.booleans(),
    writes=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=12),
)
def test_pages_fetched_while_others_write_never_repeat_or_skip_a_record_present_throughout(
    workspace_a: Workspace,
    seed: int,
    order: Any,
    size: int,
    backwards: bool,
    writes: list[tuple[int, int]],
) -> None:
    """Between two page fetches, others insert and delete (the writes a page fetch can see: each page is
    one statement, so what lands while it runs is either before or after it). Every record that exists
    from the first page to the last is seen exactly once; no record is seen twice."""
    workspace_a.activate()
    Contact.all_objects.all().delete()  # hypothesis runs every example in the one test's transaction
    rng = random.Random(seed)
    initial = add_contacts(workspace_a, rng.randrange(0, 25), rng)
    present = {str(c.pk) for c in initial}
    seen: list[str] = []
    cursor = None
    for step in range(60):
        if backwards:
            connection = page(workspace_a, last=size, before=cursor, order=order)
            seen += ids(connection)[::-1]
            more, cursor = connection["pageInfo"]["hasPreviousPage"], connection["pageInfo"]["startCursor"]
        else:
            connection = page(workspace_a, first=size, after=cursor, order=order)
            seen += ids(connection)
            more, cursor = connection["pageInfo"]["hasNextPage"], connection["pageInfo"]["endCursor"]
        if not more:
            break
        inserts, deletes = writes[step % len(writes)]
        add_contacts(workspace_a, inserts, rng)
        alive = list(Contact.objects.values_list("pk", flat=True))
        for pk in rng.sample(alive, min(deletes, len(alive))):
            Contact.objects.filter(pk=pk).delete()
            present.discard(str(pk))
    seen_pks = [keyset_pk(g) for g in seen]
    assert len(seen_pks) == len(set(seen_pks)), "a record was repeated"
    assert present <= set(seen_pks), "a record present throughout was skipped"


# --- what a cursor is --------------------------------------------------------------------------------


def test_a_cursor_of_another_ordering_is_refused_not_a_wrong_page(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 5, random.Random(4))
    cursor = page(workspace_a, first=2, order=[{"lastName": "ASC"}])["pageInfo"]["endCursor"]
    result = workspace_a.api.execute(CONTACTS, {"first": 2, "after": cursor, "order": [{"firstName": "ASC"}]})
    assert result["data"] is None
    error = result["errors"][0]
    assert error["extensions"] == {"code": "INVALID_CURSOR", "argument": "after"}
    assert error["locations"] and "ordering" in error["message"]


def test_an_edited_cursor_or_another_workspaces_cursor_is_refused(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    add_contacts(workspace_a, 3, random.Random(5))
    add_contacts(workspace_b, 3, random.Random(5))
    order = [{"lastName": "ASC"}]
    cursor = page(workspace_a, first=1, order=order)["pageInfo"]["endCursor"]
    payload, signature = cursor.rsplit(":", 1)
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data["v"][0] = "Zzz"  # move the position by hand
    edited = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    for bad in (f"{edited}:{signature}", cursor[:-2]):
        result = workspace_a.api.execute(CONTACTS, {"first": 1, "after": bad, "order": order})
        assert [e["extensions"]["code"] for e in result["errors"]] == ["INVALID_CURSOR"]
    # Tenant isolation: a cursor of workspace A means nothing in workspace B.
    assert workspace_b.api.error_codes(CONTACTS, {"first": 1, "after": cursor, "order": order}) == ["INVALID_CURSOR"]


def test_a_cursor_holds_only_the_ordering_and_the_id(workspace_a: Workspace) -> None:
    workspace_a.activate()
    Contact.objects.create(first_name="Ann", last_name="Lee", birthday=datetime.date(1990, 1, 2), emails=["a@x.io"])
    cursor = page(workspace_a, first=1, order=[{"lastName": "ASC"}])["edges"][0]["cursor"]
    payload = cursor.rsplit(":", 1)[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    workspace_a.activate()
    contact = Contact.objects.get()
    assert data["v"] == ["Lee", str(contact.pk)]


def test_no_default_ordering_reads_a_field_a_role_may_hide() -> None:
    """A cursor shows its values; sorting by a hidden field is refused (FIELD_HIDDEN), and no list's
    default order reads one, so a cursor never holds a value the member's role hides."""
    for record_type in RECORD_TYPES.values():
        keys = keyset.model_keys(record_type.model)
        columns = {record_type.model._meta.get_field(k.name).name for k in keys if not k.name.startswith("_")}
        assert not columns & set(record_type.sensitive_fields), record_type.name


def test_sorting_by_a_hidden_field_is_still_refused(workspace_a: Workspace) -> None:
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    result = marketing.api.execute(
        "query($o: [CompanyOrder!]) { companies(orderBy: $o) { edges { cursor } } }", {"o": [{"creditLimit": "ASC"}]}
    )
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FIELD_HIDDEN"]


# --- nested lists ------------------------------------------------------------------------------------

NESTED = """query($after: String, $before: String, $first: Int, $last: Int) { companies(orderBy: [{name: ASC}]) {
  edges { node { name contacts(orderBy: [{lastName: ASC}], first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { lastName } }
  } } }
} }"""


def test_nested_lists_page_by_keyset_in_one_query_for_all_parents(workspace_a: Workspace) -> None:
    workspace_a.activate()
    for name in ("A", "B"):
        company = Company.objects.create(name=name)
        for i in range(7):
            Contact.objects.create(first_name="P", last_name=f"{name}{i}", company=company)
    Company.objects.create(name="C (no contacts)")

    def nested(**variables: Any) -> list[dict[str, Any]]:
        data = workspace_a.api.data(NESTED, variables)["companies"]["edges"]
        return [e["node"]["contacts"] for e in data]

    a, b, empty = nested(first=3)
    assert [e["node"]["lastName"] for e in a["edges"]] == ["A0", "A1", "A2"]
    assert a["totalCount"] == 7 and a["pageInfo"]["hasNextPage"] and not a["pageInfo"]["hasPreviousPage"]
    assert [e["node"]["lastName"] for e in b["edges"]] == ["B0", "B1", "B2"]
    assert empty == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "hasPreviousPage": False, "startCursor": None, "endCursor": None},
        "edges": [],
    }
    # A's cursor pages A's list (B's rows all sort after it, so B's page is its tail).
    a2, b2, still_empty = nested(first=3, after=a["pageInfo"]["endCursor"])
    assert still_empty["totalCount"] == 0 and still_empty["edges"] == []
    assert [e["node"]["lastName"] for e in a2["edges"]] == ["A3", "A4", "A5"]
    assert a2["totalCount"] == 7 and a2["pageInfo"]["hasPreviousPage"] and a2["pageInfo"]["hasNextPage"]
    assert [e["node"]["lastName"] for e in b2["edges"]] == ["B0", "B1", "B2"]
    a3, _, _ = nested(last=2, before=a2["pageInfo"]["endCursor"])
    assert [e["node"]["lastName"] for e in a3["edges"]] == ["A3", "A4"]
    assert a3["pageInfo"]["hasPreviousPage"] and a3["pageInfo"]["hasNextPage"]
    tail, _, _ = nested(last=2)
    assert [e["node"]["lastName"] for e in tail["edges"]] == ["A5", "A6"] and not tail["pageInfo"]["hasNextPage"]
    past, _, _ = nested(first=3, after=tail["pageInfo"]["endCursor"])  # nothing after the last one
    assert past["edges"] == [] and past["totalCount"] == 7
    assert past["pageInfo"]["hasPreviousPage"] and not past["pageInfo"]["hasNextPage"]
    # token with its membership, companies, the contacts of all of them (windowed, one query)
    with assert_num_queries(3):
        nested(first=3, after=a["pageInfo"]["endCursor"])


# --- query counts and the fast path ------------------------------------------------------------------


def test_a_deep_page_costs_the_same_queries_as_the_first(workspace_a: Workspace) -> None:
    add_contacts(workspace_a, 30, random.Random(6))
    query = (
        "query($after: String) { contacts(first: 10, after: $after, orderBy: [{lastName: ASC}]) {"
        " totalCount pageInfo { endCursor } edges { cursor node { id firstName lastName } } } }"
    )
    first = workspace_a.api.data(query, {"after": None})["contacts"]
    with assert_num_queries(2):  # the token with its membership, then the page with its total
        workspace_a.api.data(query, {"after": None})
    with assert_num_queries(2):
        deep = workspace_a.api.data(query, {"after": first["pageInfo"]["endCursor"]})["contacts"]
    assert deep["totalCount"] == 30 and len(deep["edges"]) == 10


# --- custom fields: an ordering by an expression -------------------------------------------------------


@pytest.mark.parametrize(
    "order",
    [
        '[{customField: {key: "score", direction: ASC}}]',
        '[{customField: {key: "score", direction: DESC_NULLS_LAST}}, {firstName: ASC}]',
        '[{customField: {key: "since", direction: ASC_NULLS_FIRST}}]',
    ],
)
def test_pages_by_a_custom_field_cover_the_list_once_in_order(workspace_a: Workspace, order: str) -> None:
    from tests.customization.conftest import defined

    defined(workspace_a, key="score", label="Score", fieldType="NUMBER")
    defined(workspace_a, key="since", label="Since", fieldType="DATE")
    workspace_a.activate()
    rng = random.Random(9)
    for i in range(13):
        custom: dict[str, Any] = {}
        if rng.random() < 0.7:
            custom["score"] = rng.choice([1, 9, 45, 90, 100])
        if rng.random() < 0.6:
            custom["since"] = f"2024-0{rng.randrange(1, 4)}-01"
        Contact.objects.create(first_name=f"P{i}", custom_fields=custom)
    query = (
        f"query($after: String) {{ contacts(first: 4, after: $after, orderBy: {order}) {{"
        " pageInfo { hasNextPage endCursor } edges { node { id } } } }"
    )
    whole = [
        e["node"]["id"] for e in workspace_a.api.data(query.replace("first: 4", "first: 100"))["contacts"]["edges"]
    ]
    seen: list[str] = []
    after = None
    while True:
        connection = workspace_a.api.data(query, {"after": after})["contacts"]
        seen += [e["node"]["id"] for e in connection["edges"]]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == whole and len(whole) == 13


def test_a_remembered_plan_is_one_workspaces_and_refusals_are_never_remembered(
    workspace_a: Workspace, workspace_b: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """core/limits.py keeps the checked document of a request sent again (the same text and variables):
    a cursor workspace A accepted is still refused in workspace B, and a refused page size stays refused."""
    walks: list[str] = []
    walk = limits.plan

    def counted(*args: Any) -> Any:
        walks.append("walk")
        return walk(*args)

    monkeypatch.setattr(limits, "plan", counted)
    add_contacts(workspace_a, 3, random.Random(6))
    order = [{"lastName": "ASC"}]
    cursor = page(workspace_a, first=1, order=order)["pageInfo"]["endCursor"]
    variables = {"first": 1, "after": cursor, "order": order}
    first = workspace_a.api.data(CONTACTS, variables)
    walked = len(walks)
    assert workspace_a.api.data(CONTACTS, variables) == first
    assert len(walks) == walked  # the same request again: not walked again
    assert workspace_b.api.error_codes(CONTACTS, variables) == ["INVALID_CURSOR"]
    for _ in range(2):
        too_many = {"first": 101, "order": order}
        assert workspace_a.api.error_codes(CONTACTS, too_many) == ["PAGE_SIZE_OUT_OF_RANGE"]
