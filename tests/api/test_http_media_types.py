"""GraphQL over HTTP: the media-type matrix, request-error statuses, typed codes and ``locations``."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.test.client import RequestFactory

from graphql_schema.views import wants_graphql_response
from tests.conftest import Workspace

GQL = "application/graphql-response+json"
OK = "{ companies(first: 1) { totalCount } }"
PARSE = "{ companies(first: 1) { totalCount }"
INVALID = "{ companies(first: 1) { noSuchField } }"
VARIABLE: tuple[str, dict[str, Any]] = ("query($first: Int!) { companies(first: $first) { totalCount } }", {})
PAGE = "{ companies(first: 101) { totalCount } }"
CURSOR = '{ companies(first: 1, after: "nonsense") { totalCount } }'


def post(ws: Workspace, query: str, variables: dict[str, Any] | None = None, accept: str | None = None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ws.token}"}
    if accept is not None:
        headers["HTTP_ACCEPT"] = accept
    client = Client(HTTP_HOST=ws.api.host)
    body = {"query": query, "variables": variables or {}}
    return client.post("/graphql/", body, content_type="application/json", **headers)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("accept", "graphql_response"),
    [
        (None, False),
        ("", False),
        ("*/*", False),
        ("application/json", False),
        (GQL, True),
        (f"{GQL}, application/json", True),
        (f"application/json;q=0.9, {GQL}", True),
        (f"{GQL};q=0.5, application/json", False),
        (f"{GQL};q=0, application/json", False),
        (f"{GQL}; charset=utf-8", True),
    ],
)
def test_accept_header_picks_the_media_type(accept: str | None, graphql_response: bool) -> None:
    headers = {} if accept is None else {"HTTP_ACCEPT": accept}
    assert wants_graphql_response(RequestFactory().post("/graphql/", **headers)) is graphql_response  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "variables", "code"),
    [
        (PARSE, None, "GRAPHQL_PARSE_FAILED"),
        (INVALID, None, "GRAPHQL_VALIDATION_FAILED"),
        (VARIABLE[0], VARIABLE[1], "BAD_USER_INPUT"),
        (PAGE, None, "PAGE_SIZE_OUT_OF_RANGE"),
        (CURSOR, None, "INVALID_CURSOR"),
    ],
)
@pytest.mark.parametrize("accept", [None, "application/json", GQL])
def test_request_errors_per_media_type(
    workspace_a: Workspace, accept: str | None, query: str, variables: dict[str, Any] | None, code: str
) -> None:
    response = post(workspace_a, query, variables, accept)
    body = json.loads(response.content)
    assert [e["extensions"]["code"] for e in body["errors"]] == [code]
    if code != "BAD_USER_INPUT":  # a variable's value is not in the document
        assert body["errors"][0]["locations"], body
    if accept == GQL:
        assert response.status_code == 400
        assert response["Content-Type"].startswith(GQL)
        assert "data" not in body
    else:  # older clients: unchanged
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        assert body["data"] is None


@pytest.mark.parametrize("accept", [None, "application/json", GQL])
def test_a_successful_request_is_200_in_every_media_type(workspace_a: Workspace, accept: str | None) -> None:
    response = post(workspace_a, OK, accept=accept)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(GQL if accept == GQL else "application/json")
    assert json.loads(response.content)["data"] == {"companies": {"totalCount": 0}}


def test_a_field_error_keeps_data_and_200(workspace_a: Workspace) -> None:
    """Execution errors are not request errors: ``data`` is there (null where the field failed), status 200."""
    response = post(workspace_a, '{ companies(first: 1) { totalCount } node(id: "bm90aGluZw==") { id } }', accept=GQL)
    body = json.loads(response.content)
    assert response.status_code == 200
    assert "data" in body


def test_an_unreadable_body_is_400_without_data_for_new_clients(workspace_a: Workspace) -> None:
    client = Client(HTTP_HOST=workspace_a.api.host)
    response = client.post("/graphql/", "{nope", content_type="application/json", HTTP_ACCEPT=GQL)
    assert response.status_code == 400
    assert response["Content-Type"].startswith(GQL)
    body = json.loads(response.content)
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "INVALID_JSON"
    legacy = client.post("/graphql/", "{nope", content_type="application/json")
    assert legacy.status_code == 400 and json.loads(legacy.content)["data"] is None
