"""Logs are JSON lines that always say which tenant they belong to."""

from __future__ import annotations

import io
import json
import logging

import pytest

from saas.logging import JsonFormatter, TenantLogFilter
from tests.conftest import Workspace


def render(message: str, **extra: object) -> dict[str, object]:
    record = logging.LogRecord("crm.test", logging.INFO, __file__, 1, message, (), None)
    for key, value in extra.items():
        setattr(record, key, value)
    TenantLogFilter().filter(record)
    return json.loads(JsonFormatter().format(record))


@pytest.mark.django_db
def test_log_line_carries_the_tenant_of_the_connection(workspace_a: Workspace) -> None:
    assert render("before")["tenant"] == "public"
    workspace_a.activate()
    line = render("deal won", deal_id=42)
    assert line["tenant"] == "alpha"
    assert line["message"] == "deal won"
    assert line["deal_id"] == 42
    assert line["level"] == "INFO"


@pytest.mark.django_db
def test_unexpected_error_in_a_request_is_logged_with_the_tenant_of_the_host(
    workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TenantLogFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("graphql")
    logger.addHandler(handler)
    try:
        workspace_a.api.with_token(None).execute("{ me { email } }")
        assert stream.getvalue() == ""  # expected errors are the client's business, not the log's

        def explode(*args: object) -> None:
            raise RuntimeError("bug")

        monkeypatch.setattr("graphql_schema.platform.types.Me.of", explode)
        workspace_a.api.execute("{ me { email } }")
    finally:
        logger.removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [(line["tenant"], line["level"], line["message"]) for line in lines] == [
        ("alpha", "ERROR", "unexpected GraphQL error")
    ]
    assert "RuntimeError: bug" in lines[0]["exception"]
