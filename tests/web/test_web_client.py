"""Django serves the built web client: every page path gets index.html with the site it is on."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tenants.models import AuthToken
from tests.conftest import Workspace
from tests.graphql_client import GraphQLClient

START_SESSION = "mutation { startSession { me { email role } errors { code } } }"
ME = "{ me { email } currentTenant { name } }"


@pytest.fixture
def built_index(tmp_path: Path, settings: Any) -> Iterator[Path]:
    """A stand-in frontend/dist/index.html, so these tests don't need a Vite build."""
    base = tmp_path
    (base / "frontend" / "dist").mkdir(parents=True)
    index = base / "frontend" / "dist" / "index.html"
    index.write_text("<!doctype html><head><!--crm-site--></head><div id=root></div>")
    settings.BASE_DIR = base
    yield index


def site_of(html: str) -> dict[str, str]:
    match = re.search(r'<meta name="crm-site" content="([^"]*)">', html)
    assert match, html
    return json.loads(match.group(1).replace("&quot;", '"'))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/signup", "/login"])
def test_public_pages_get_the_client_marked_public(built_index: Path, path: str) -> None:
    response = Client(HTTP_HOST=settings.BASE_DOMAIN).get(path)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-cache"
    assert site_of(response.content.decode())["site"] == "public"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/settings", "/customers/companies/123"])
def test_tenant_pages_get_the_client_marked_tenant(built_index: Path, workspace_a: Workspace, path: str) -> None:
    response = Client(HTTP_HOST="alpha.localhost").get(path)
    assert response.status_code == 200
    site = site_of(response.content.decode())
    assert site["site"] == "tenant"
    assert site["baseDomain"] == settings.BASE_DOMAIN


@pytest.mark.django_db
def test_unknown_workspace_host_gets_no_client(built_index: Path) -> None:
    assert Client(HTTP_HOST="nobody.localhost").get("/").status_code == 404


@pytest.mark.django_db
def test_start_session_trades_the_token_for_a_cookie(workspace_a: Workspace) -> None:
    http = Client(HTTP_HOST="alpha.localhost")
    response = http.post(
        "/graphql/",
        {"query": START_SESSION},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {workspace_a.token}",
    )
    payload = response.json()["data"]["startSession"]
    assert payload == {"me": {"email": workspace_a.owner.email, "role": "owner"}, "errors": []}
    # The cookie now signs the browser in; the hand-off token is dead.
    me = http.post("/graphql/", {"query": ME}, content_type="application/json").json()
    assert me["data"]["currentTenant"]["name"] == "Alpha Industries"
    assert not AuthToken.objects.filter(user=workspace_a.owner, revoked_at__isnull=True).exists()
    assert workspace_a.api.error_codes(ME) == ["UNAUTHENTICATED"]


@pytest.mark.django_db
def test_start_session_needs_a_member_token(workspace_a: Workspace, workspace_b: Workspace) -> None:
    assert GraphQLClient("alpha.localhost").error_codes(START_SESSION) == ["UNAUTHENTICATED"]
    # Bravo's owner has no seat at Alpha: no session there, and the token stays valid at Bravo.
    assert GraphQLClient("alpha.localhost", workspace_b.token).error_codes(START_SESSION) == ["UNAUTHENTICATED"]
    assert workspace_b.api.data(ME)["currentTenant"]["name"] == "Bravo Logistics"
