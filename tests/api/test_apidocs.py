"""The API reference: generated from the served schema, served at /docs/api/, descriptions ratcheted."""

from __future__ import annotations

import re

import pytest
from django.test import Client, override_settings
from graphql import build_schema

from graphql_schema import apidocs
from graphql_schema.core.core_schema import core_schema
from graphql_schema.schema import public_schema, tenant_schema
from tests.conftest import Workspace


def current_undocumented() -> set[str]:
    tenant = set(apidocs.undocumented(core_schema(tenant_schema)))
    return tenant | {f"public:{name}" for name in apidocs.undocumented(core_schema(public_schema))}


def listed_undocumented() -> set[str]:
    lines = apidocs.UNDOCUMENTED.read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.startswith("#")}


def test_the_reference_renders_every_type_and_the_guides() -> None:
    page = apidocs.render(core_schema(tenant_schema), core_schema(public_schema))
    for guide in ("authentication", "errors", "limits", "pagination", "subscriptions", "webhooks", "examples"):
        assert f'id="guide-{guide}"' in page
    for named in apidocs.named_types(core_schema(tenant_schema)):
        assert f'id="{named.name}"' in page
    assert "import requests" in page and "graphql-ws" in page  # the Python and JavaScript examples
    assert "4403" in page and "shouldRetry" in page
    assert "createContacts" in page and "RATE_LIMITED" in page and "logIn" in page
    assert "API changelog" in page


@pytest.mark.django_db
def test_the_reference_is_served_at_docs_api(workspace_a: Workspace) -> None:
    for host in ("localhost", workspace_a.api.host):
        response = Client(HTTP_HOST=host).get("/docs/api/")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert b"CRM GraphQL API reference" in response.content


@pytest.mark.django_db
@override_settings(GRAPHQL_ANONYMOUS_INTROSPECTION=False)
def test_strangers_get_no_reference_when_introspection_is_closed_to_them(workspace_a: Workspace) -> None:
    assert Client(HTTP_HOST=workspace_a.api.host).get("/docs/api/").status_code == 403
    signed_in = Client(HTTP_HOST=workspace_a.api.host, HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}")
    assert signed_in.get("/docs/api/").status_code == 200


def test_the_undocumented_list_only_shrinks() -> None:
    now, listed = current_undocumented(), listed_undocumented()
    new = sorted(now - listed)
    assert not new, f"describe these (strawberry.field(description=...)): {new}"
    stale = sorted(listed - now)
    assert not stale, f"documented now: delete these lines from docs/api/undocumented.txt: {stale}"


def test_every_deprecation_says_what_instead_and_when_it_goes() -> None:
    found = list(apidocs.deprecations(core_schema(tenant_schema))) + list(
        apidocs.deprecations(core_schema(public_schema))
    )
    assert found, "the check must see the deprecated fields"
    bad = [(where, reason) for where, reason in found if not apidocs.DEPRECATION_REASON.match(reason)]
    assert not bad, f"end each reason with 'Removal: YYYY-MM-DD.': {bad}"


def test_the_deprecation_rule_refuses_a_reason_without_a_date() -> None:
    schema = build_schema(
        'type Query { a: Int @deprecated(reason: "Use b.") b: Int @deprecated(reason: "Use c. Removal: 2027-01-31.") }'
    )
    reasons = dict(apidocs.deprecations(schema))
    assert not apidocs.DEPRECATION_REASON.match(reasons["Query.a"])
    assert apidocs.DEPRECATION_REASON.match(reasons["Query.b"])


def test_conventional_descriptions_fill_only_what_modules_left_blank() -> None:
    mutation = core_schema(tenant_schema).mutation_type
    assert mutation is not None
    assert (
        mutation.fields["createContacts"].args["input"].description
        == "What `createContacts` needs; see the input type."
    )
    assert re.match(r"Create up to 100 contacts", mutation.fields["createContacts"].description or "")
    contacts = core_schema(tenant_schema).query_type.fields["contacts"]  # type: ignore[union-attr]
    assert contacts.args["first"].description and contacts.args["filter"].description
