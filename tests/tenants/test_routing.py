"""Host names select tenants; unknown hosts get a clean 404."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tenants.db import connection
from tests.conftest import Workspace


@pytest.mark.django_db
def test_unknown_host_is_a_clean_404() -> None:
    response = Client(HTTP_HOST="ghost.localhost").post(
        "/graphql/", {"query": "{ me { email } }"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "No workspace at ghost.localhost."}
    assert b"Traceback" not in response.content


@pytest.mark.django_db
def test_base_domain_serves_the_public_schema_and_tenant_hosts_the_tenant_schema(workspace_a: Workspace) -> None:
    public = Client(HTTP_HOST="localhost").post(
        "/graphql/", {"query": "{ __schema { mutationType { fields { name } } } }"}, content_type="application/json"
    )
    public_mutations = {f["name"] for f in public.json()["data"]["__schema"]["mutationType"]["fields"]}
    assert "signUp" in public_mutations

    tenant = Client(HTTP_HOST="alpha.localhost").post(
        "/graphql/", {"query": "{ __schema { queryType { fields { name } } } }"}, content_type="application/json"
    )
    tenant_queries = {f["name"] for f in tenant.json()["data"]["__schema"]["queryType"]["fields"]}
    assert {"me", "currentTenant"} <= tenant_queries
    assert "subdomainAvailability" not in tenant_queries


@pytest.mark.django_db
def test_health_reports_the_tenant_of_the_host(workspace_a: Workspace) -> None:
    assert Client(HTTP_HOST="alpha.localhost").get("/healthz").json() == {"status": "ok", "tenant": "alpha"}
    assert Client(HTTP_HOST="localhost").get("/healthz").json() == {"status": "ok", "tenant": "public"}


@pytest.mark.django_db
def test_template_schema_is_not_reachable_by_host(settings: object) -> None:
    from tenants.models import Domain, Tenant

    template = Tenant.objects.get(is_template=True)
    Domain.objects.create(domain="tenant-template.localhost", tenant=template)
    assert Client(HTTP_HOST="tenant-template.localhost").get("/healthz").status_code == 404


@pytest.mark.django_db
def test_tenant_resolution_is_cached_and_cleared_when_domains_change(workspace_a: Workspace) -> None:
    from tenants.middleware import domain_cache
    from tenants.models import Domain

    domain_cache.clear()
    with CaptureQueriesContext(connection) as first:
        assert domain_cache.get("alpha.localhost") == workspace_a.tenant
    with CaptureQueriesContext(connection) as second:
        assert domain_cache.get("alpha.localhost") == workspace_a.tenant
    selects = [q["sql"] for q in first.captured_queries if q["sql"].startswith("SELECT")]
    assert len(selects) == 1 and "tenants_domain" in selects[0]
    assert second.captured_queries == []

    Domain.objects.filter(domain="alpha.localhost").update(domain="alpha-renamed.localhost")
    Domain.objects.get(domain="alpha-renamed.localhost").save()  # signals clear this process's cache
    assert domain_cache.get("alpha.localhost") is None
    assert domain_cache.get("alpha-renamed.localhost") == workspace_a.tenant


@pytest.mark.django_db
def test_cache_keys_are_per_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    from django.core.cache import cache

    workspace_a.activate()
    cache.set("dashboard", "alpha figures")
    workspace_b.activate()
    assert cache.get("dashboard") is None
    workspace_a.activate()
    assert cache.get("dashboard") == "alpha figures"
    cache.delete("dashboard")


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept_language", "language", "heading", "link"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN", "此工作区不存在", "查找您的工作区"),
        ("de-DE,de;q=0.9,en;q=0.5,zh;q=0.4", "en", "This workspace does not exist", "Find your workspace"),
        ("en;q=0.3, zh-TW", "zh-CN", "此工作区不存在", "查找您的工作区"),
        ("", "en", "This workspace does not exist", "Find your workspace"),
    ],
)
def test_a_browser_at_an_unknown_address_gets_a_page_to_find_its_workspace(
    accept_language: str, language: str, heading: str, link: str
) -> None:
    browser = Client(HTTP_HOST="ghost.localhost", HTTP_ACCEPT=BROWSER_ACCEPT, HTTP_ACCEPT_LANGUAGE=accept_language)
    response = browser.get("/some/page")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert "<code>ghost.localhost</code>" in page
    find = f'href="{settings.PUBLIC_URL_SCHEME}://{settings.BASE_DOMAIN}'
    assert (
        f'{find}{":" + settings.PUBLIC_URL_PORT if settings.PUBLIC_URL_PORT else ""}/find-workspace">{link}</a>' in page
    )
    assert '"error"' not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path", "accept"),
    [
        ("get", "/", "application/json"),
        ("get", "/", "*/*"),  # curl and most HTTP libraries
        ("get", "/graphql/", BROWSER_ACCEPT),  # GraphiQL-ish browsers still talk to the API
        ("post", "/graphql/", BROWSER_ACCEPT),
        ("get", "/api/docs", BROWSER_ACCEPT),
    ],
)
def test_api_clients_at_an_unknown_address_still_get_the_typed_json_error(method: str, path: str, accept: str) -> None:
    client = Client(HTTP_HOST="ghost.localhost", HTTP_ACCEPT=accept, HTTP_ACCEPT_LANGUAGE="zh-CN")
    response = getattr(client, method)(path)
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "No workspace at ghost.localhost."}
