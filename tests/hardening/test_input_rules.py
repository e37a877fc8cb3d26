"""Hostile input is refused with a typed error naming where it was, before anything runs or is stored."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from strawberry.relay import from_base64, to_base64

from saas.customers.models import Company, Contact
from saas.json_values import MAX_JSON_BYTES
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

CREATE_CONTACT = (
    "mutation($input: CreateContactInput!) { createContact(input: $input) { contact { id } errors { field code } } }"
)
CREATE_COMPANY = (
    "mutation($input: CreateCompanyInput!) { createCompany(input: $input) { company { id } errors { field code } } }"
)
LOG_IN = "mutation($input: LogInInput!) { logIn(input: $input) { token errors { field code } } }"


def refusal(result: dict[str, Any]) -> tuple[str, str]:
    """(field, reason) of the one BAD_USER_INPUT error a refused request gets."""
    assert result.get("data") is None, result
    [error] = result["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    return error["extensions"]["field"], error["extensions"]["reason"]


def contacts_in(workspace: Workspace) -> int:
    workspace.activate()
    return Contact.all_objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "reason"),
    [("Ann\x00", "nul_character"), ("\ud800nn", "invalid_unicode"), ("A\udfffnn", "invalid_unicode")],
    ids=["nul", "lone-high-surrogate", "lone-low-surrogate"],
)
def test_nul_and_lone_surrogates_are_refused_in_names_emails_filters_and_log_in(
    workspace_a: Workspace, value: str, reason: str
) -> None:
    api = workspace_a.api
    before = contacts_in(workspace_a)
    assert refusal(api.execute(CREATE_CONTACT, {"input": {"firstName": value, "lastName": "Lee"}})) == (
        "$input.firstName",
        reason,
    )
    assert refusal(api.execute(CREATE_CONTACT, {"input": {"firstName": "Ann", "emails": ["a@b.cn", value]}})) == (
        "$input.emails.1",
        reason,
    )
    assert contacts_in(workspace_a) == before  # nothing stored
    assert (
        refusal(
            api.execute(
                "query($f: ContactFilter) { contacts(filter: $f) { totalCount } }",
                {"f": {"OR": {"firstName": {"contains": value}}}},
            )
        )[1]
        == reason
    )
    assert refusal(api.execute("query($s: String) { contacts(search: $s) { totalCount } }", {"s": value})) == (
        "$s",
        reason,
    )
    assert refusal(GraphQLClient().execute(LOG_IN, {"input": {"email": value, "password": PASSWORD}})) == (
        "$input.email",
        reason,
    )


@pytest.mark.django_db
def test_literals_in_the_document_are_held_to_the_same_rules(workspace_a: Workspace) -> None:
    for _ in range(2):  # documents that passed are remembered; one that failed is checked every time
        result = workspace_a.api.execute('{ contacts(search: "a\\u0000b") { totalCount } }')
        assert refusal(result) == ("search", "nul_character")
        assert workspace_a.api.data('{ contacts(search: "ab") { totalCount } }')["contacts"]["totalCount"] == 0
    result = workspace_a.api.execute('{ customerStatistics(since: "2026-01-01T00:00:00") { __typename } }')
    assert refusal(result) == ("since", "time_zone_required")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2026-01-31T09:00:00", "time_zone_required"),
        ("0001-01-01T00:00:00Z", "year_out_of_range"),
        ("9999-12-31T23:59:59-12:00", "year_out_of_range"),
    ],
)
def test_datetimes_need_a_time_zone_and_a_sane_year(workspace_a: Workspace, value: str, reason: str) -> None:
    query = "query($d: DateTime) { customerStatistics(since: $d) { __typename } }"
    assert refusal(workspace_a.api.execute(query, {"d": value})) == ("$d", reason)
    ok = workspace_a.api.execute(query, {"d": "2026-01-31T09:00:00+08:00"})
    assert "errors" not in ok, ok


@pytest.mark.django_db
@pytest.mark.parametrize("birthday", ["0001-01-01", "9999-12-31"])
def test_dates_out_of_range_are_refused(workspace_a: Workspace, birthday: str) -> None:
    result = workspace_a.api.execute(CREATE_CONTACT, {"input": {"firstName": "Ann", "birthday": birthday}})
    assert refusal(result) == ("$input.birthday", "year_out_of_range")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("amount", "reason"),
    [
        ("NaN", "not_a_number"),
        ("sNaN", "not_a_number"),
        ("-Infinity", "not_a_number"),
        ("1e400", "too_large"),
        ("1" * 60, "too_large"),
        ("0." + "1" * 60, "too_many_digits"),
    ],
)
def test_decimals_must_be_finite_and_bounded(workspace_a: Workspace, amount: str, reason: str) -> None:
    workspace_a.activate()
    before = Company.all_objects.count()
    result = workspace_a.api.execute(
        CREATE_COMPANY, {"input": {"name": "Costly", "creditLimit": {"amount": amount, "currency": "USD"}}}
    )
    assert refusal(result) == ("$input.creditLimit.amount", reason)
    workspace_a.activate()
    assert Company.all_objects.count() == before


@pytest.mark.django_db
def test_json_fields_have_a_size_and_depth_limit(workspace_a: Workspace) -> None:
    api = workspace_a.api
    big = {"notes": "x" * MAX_JSON_BYTES}
    assert refusal(api.execute(CREATE_CONTACT, {"input": {"firstName": "Ann", "preferences": big}})) == (
        "$input.preferences",
        "too_large",
    )
    deep: dict[str, Any] = {}
    for _ in range(20):
        deep = {"a": deep}
    assert refusal(api.execute(CREATE_CONTACT, {"input": {"firstName": "Ann", "preferences": deep}}))[1] == "too_deep"
    assert refusal(api.execute(CREATE_CONTACT, {"input": {"firstName": "Ann", "preferences": {"k\x00": 1}}}))[1] == (
        "nul_character"
    )
    fine = api.data(CREATE_CONTACT, {"input": {"firstName": "Ann", "preferences": {"language": "zh", "n": [1, 2]}}})
    assert fine["createContact"]["errors"] == []


@pytest.mark.django_db
def test_input_nested_deeper_than_the_limit_is_refused_before_resolvers_run(workspace_a: Workspace) -> None:
    condition: dict[str, Any] = {"firstName": {"eq": "Ann"}}
    for _ in range(20):
        condition = {"AND": condition}
    query = "query($f: ContactFilter) { contacts(filter: $f) { totalCount } }"
    field, reason = refusal(workspace_a.api.execute(query, {"f": condition}))
    assert reason == "too_deep" and field.startswith("$f.AND.AND.AND")
    literal = '{firstName: {eq: "Ann"}}'
    for _ in range(20):
        literal = f"{{AND: {literal}}}"
    assert refusal(workspace_a.api.execute(f"{{ contacts(filter: {literal}) {{ totalCount }} }}"))[1] == "too_deep"
    shallow = {"AND": {"OR": {"firstName": {"eq": "Ann"}, "NOT": {"lastName": {"eq": "Lee"}}}}}
    assert workspace_a.api.data(query, {"f": shallow})["contacts"]["totalCount"] == 0


@pytest.mark.django_db
def test_huge_lists_are_refused(workspace_a: Workspace) -> None:
    query = "query($e: [String!]) { contactDuplicates(emails: $e) { id } }"
    field, reason = refusal(workspace_a.api.execute(query, {"e": [f"{n}@x.cn" for n in range(1001)]}))
    assert (field, reason) == ("$e", "too_many_items")


def post_raw(workspace: Workspace, body: str) -> tuple[int, dict[str, Any]]:
    response = Client(HTTP_HOST=workspace.api.host).post(
        "/graphql/", body, content_type="application/json", headers={"Authorization": f"Bearer {workspace.token}"}
    )
    return response.status_code, json.loads(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "code"),
    [
        ('{"query": "{ __typename }", "variables": {"x": ' + "[" * 3000 + "]" * 3000 + "}}", "REQUEST_TOO_DEEP"),
        ('{"query": "{ __typename }", "variables": {"x": ' + '{"a":' * 40 + "1" + "}" * 40 + "}}", "REQUEST_TOO_DEEP"),
        ('{"query": "{ __typename }", "variables": {"x": [' + ",".join(["1"] * 100_000) + "]}}", "REQUEST_TOO_LARGE"),
        ('{"query": "{ __typename }", "variables": {"x": NaN}}', "INVALID_JSON"),
        ('{"query": "{ __typename }", "variables": {"x": ' + "9" * 5000 + "}}", "INVALID_JSON"),
        ('{"query": "{ __typename }", "operationName": "\\ud800"}', "INVALID_TEXT"),
        ('{"query": "{ __typename }"', "INVALID_JSON"),
    ],
    ids=["3000-levels", "40-levels", "100k-items", "nan", "5000-digit-int", "surrogate-name", "truncated"],
)
def test_request_bodies_past_the_limits_get_a_typed_400(workspace_a: Workspace, body: str, code: str) -> None:
    status, answer = post_raw(workspace_a, body)
    assert status == 400
    assert answer["errors"][0]["extensions"]["code"] == code


@pytest.mark.django_db
def test_global_ids_of_an_interface_an_unknown_type_or_another_type_find_nothing(workspace_a: Workspace) -> None:
    api = workspace_a.api
    contact = api.data(CREATE_CONTACT, {"input": {"firstName": "Ann", "allowDuplicate": True}})["createContact"]
    contact_id = contact["contact"]["id"]
    real_pk = from_base64(contact_id)[1]
    query = "query($id: ID!) { node(id: $id) { id } }"
    for forged in (to_base64("Node", real_pk), to_base64("NoSuchType", real_pk), to_base64("Company", real_pk)):
        answer = api.execute(query, {"id": forged})
        assert answer["data"] == {"node": None} and "errors" not in answer, answer
    assert api.data(query, {"id": contact_id})["node"] == {"id": contact_id}
    delete = "mutation($id: ID!) { deleteContact(input: {id: $id}) { errors { field code } } }"
    for forged in (to_base64("Node", real_pk), to_base64("Company", real_pk), to_base64("Contact", "x")):
        assert api.data(delete, {"id": forged})["deleteContact"]["errors"] == [{"field": "id", "code": "not_found"}]
    assert contacts_in(workspace_a) == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        ("query($d: DateTime) { customerStatistics(since: $d) { __typename } }", {"d": "yesterday"}),
        ("query($d: DateTime) { customerStatistics(since: $d) { __typename } }", {"d": 20260131}),
        (CREATE_CONTACT, {"input": {"firstName": "Ann", "birthday": "2026-02-30"}}),
        (CREATE_COMPANY, {"input": {"name": "X", "creditLimit": {"amount": "lots", "currency": "USD"}}}),
        (CREATE_COMPANY, {"input": {"name": "X", "creditLimit": {"amount": [1], "currency": "USD"}}}),
        ("query($id: ID!) { node(id: $id) { id } }", {"id": {"not": "an id"}}),
        ("query($e: [String!]) { contactDuplicates(emails: $e) { id } }", {"e": [None]}),
        (CREATE_CONTACT, {"input": {"firstName": "Ann", "\ud800": 1}}),
        (CREATE_CONTACT, {"input": {"firstName": "Ann", "preferences": {"lang": "zh"}, "lifecycleStage": "\ud800"}}),
    ],
    ids=[
        "datetime-words",
        "datetime-number",
        "date-feb-30",
        "decimal-words",
        "decimal-list",
        "id-object",
        "null-in-list",
        "surrogate-name",
        "surrogate-enum",
    ],
)
def test_values_a_scalar_cannot_read_get_a_client_error(
    workspace_a: Workspace, query: str, variables: dict[str, Any]
) -> None:
    response = Client(HTTP_HOST=workspace_a.api.host).post(
        "/graphql/",
        json.dumps({"query": query, "variables": variables}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {workspace_a.token}"},
    )
    assert response.status_code in (200, 400)
    answer = json.loads(response.content)
    assert answer.get("data") is None and answer["errors"], answer
    assert "INTERNAL_SERVER_ERROR" not in json.dumps(answer)
    assert contacts_in(workspace_a) == 0


@pytest.mark.django_db
def test_a_json_literal_may_hold_variables(workspace_a: Workspace) -> None:
    query = (
        'mutation($lang: JSON) { createContact(input: {firstName: "Ann", preferences: {language: $lang}})'
        " { contact { preferences } errors { code } } }"
    )
    created = workspace_a.api.data(query, {"lang": "zh"})["createContact"]
    assert created == {"contact": {"preferences": {"language": "zh"}}, "errors": []}
    assert refusal(workspace_a.api.execute(query, {"lang": "z\x00h"})) == ("$lang", "nul_character")
