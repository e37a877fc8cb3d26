"""Signing up a company through the public GraphQL API."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django_tenants.utils import schema_exists

from tenants import provisioning, services
from tenants.models import Domain, Membership, SchemaPoolEntry, Tenant, User
from tests.conftest import PASSWORD
from tests.graphql_client import GraphQLClient

SIGN_UP = """
mutation SignUp($input: SignUpInput!) {
  signUp(input: $input) { tenant { name subdomain url } token errors { field message code } }
}
"""


def sign_up(api: GraphQLClient, **overrides: Any) -> dict[str, Any]:
    values = {
        "companyName": "Acme Corp",
        "subdomain": "acme",
        "email": "ann@acme.example.com",
        "password": PASSWORD,
        "fullName": "Ann Archer",
    } | overrides
    return api.data(SIGN_UP, {"input": values})["signUp"]


@pytest.mark.django_db
def test_sign_up_creates_workspace_owner_and_token(public_api: GraphQLClient) -> None:
    result = sign_up(public_api)

    assert result["errors"] == []
    assert result["tenant"] == {"name": "Acme Corp", "subdomain": "acme", "url": "http://acme.localhost:8000"}
    tenant = Tenant.objects.get(schema_name="acme")
    assert Domain.objects.get(tenant=tenant).domain == "acme.localhost"
    owner = User.objects.get(email="ann@acme.example.com")
    assert owner.check_password(PASSWORD)
    assert owner.password.startswith("argon2")
    assert Membership.objects.get(user=owner, tenant=tenant).role == "owner"
    assert schema_exists("acme")

    me = GraphQLClient("acme.localhost", result["token"]).data(
        "{ me { email fullName role } currentTenant { name subdomain } }"
    )
    assert me == {
        "me": {"email": "ann@acme.example.com", "fullName": "Ann Archer", "role": "owner"},
        "currentTenant": {"name": "Acme Corp", "subdomain": "acme"},
    }


@pytest.mark.django_db
def test_new_schema_is_fully_migrated_and_comes_from_the_pool(public_api: GraphQLClient) -> None:
    pool_before = SchemaPoolEntry.objects.count()
    sign_up(public_api, subdomain="north-wind")

    assert SchemaPoolEntry.objects.count() == pool_before - 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM north_wind.django_migrations")
        migrated = cursor.fetchone()[0]
        cursor.execute(f"SELECT count(*) FROM {provisioning.template_schema()}.django_migrations")
        assert migrated == cursor.fetchone()[0] > 0
        cursor.execute("SELECT count(*) FROM north_wind.audit_auditentry")
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_sign_up_clones_the_template_when_the_pool_is_empty() -> None:
    SchemaPoolEntry.objects.all().delete()  # rolled back with the test
    result = services.sign_up(
        company_name="Solo", subdomain="solo", email="s@solo.example.com", password=PASSWORD, full_name="S"
    )
    assert result.provisioned_by == "clone"
    assert schema_exists("solo")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"subdomain": "ab"}, "subdomain", "invalid_length"),
        ({"subdomain": "a" * 41}, "subdomain", "invalid_length"),
        ({"subdomain": "ac me"}, "subdomain", "invalid_format"),
        ({"subdomain": "acmé"}, "subdomain", "invalid_format"),
        ({"subdomain": "ac_me"}, "subdomain", "invalid_format"),
        ({"subdomain": "-acme"}, "subdomain", "invalid_format"),
        ({"subdomain": "acme-"}, "subdomain", "invalid_format"),
        ({"subdomain": "ac.me"}, "subdomain", "invalid_format"),
        ({"subdomain": "www"}, "subdomain", "reserved"),
        ({"subdomain": "admin"}, "subdomain", "reserved"),
        ({"subdomain": "public"}, "subdomain", "reserved"),
        ({"subdomain": "pool-abc"}, "subdomain", "reserved"),
        ({"email": "not-an-email"}, "email", "invalid"),
        ({"password": "short"}, "password", "weak_password"),
        ({"password": "password123"}, "password", "weak_password"),
        ({"companyName": "  "}, "companyName", "required"),
        ({"companyName": "x" * 101}, "companyName", "too_long"),
        ({"fullName": ""}, "fullName", "required"),
    ],
)
def test_bad_sign_up_gets_typed_error_and_creates_nothing(
    public_api: GraphQLClient, overrides: dict[str, str], field: str, code: str
) -> None:
    tenants, users, pool = Tenant.objects.count(), User.objects.count(), SchemaPoolEntry.objects.count()

    result = sign_up(public_api, **overrides)

    assert result["tenant"] is None and result["token"] is None
    assert {"field": field, "code": code} in [{"field": e["field"], "code": e["code"]} for e in result["errors"]]
    assert all(e["message"] for e in result["errors"])
    assert (Tenant.objects.count(), User.objects.count(), SchemaPoolEntry.objects.count()) == (tenants, users, pool)


@pytest.mark.django_db
def test_taken_subdomain_and_email_are_rejected(public_api: GraphQLClient) -> None:
    sign_up(public_api)
    again = sign_up(public_api, email="other@acme.example.com")
    assert [(e["field"], e["code"]) for e in again["errors"]] == [("subdomain", "taken")]
    same_email = sign_up(public_api, subdomain="acme-two")
    assert [(e["field"], e["code"]) for e in same_email["errors"]] == [("email", "taken")]
    assert not schema_exists("acme_two")


@pytest.mark.django_db
def test_all_problems_are_reported_at_once(public_api: GraphQLClient) -> None:
    result = sign_up(public_api, subdomain="x", email="nope", password="1")
    assert {e["field"] for e in result["errors"]} == {"subdomain", "email", "password"}


@pytest.mark.django_db
def test_subdomain_availability(public_api: GraphQLClient) -> None:
    query = "query($s: String!) { subdomainAvailability(subdomain: $s) { available errors { code } } }"
    assert public_api.data(query, {"s": "fresh-co"})["subdomainAvailability"] == {"available": True, "errors": []}
    sign_up(public_api, subdomain="fresh-co")
    assert public_api.data(query, {"s": "fresh-co"})["subdomainAvailability"] == {
        "available": False,
        "errors": [{"code": "taken"}],
    }


@pytest.mark.django_db
@pytest.mark.parametrize("failing_step", ["tenants.services.Membership.objects.create", "tenants.services.issue_token"])
def test_failure_in_any_step_rolls_back_everything(
    public_api: GraphQLClient, monkeypatch: pytest.MonkeyPatch, failing_step: str
) -> None:
    pool = set(SchemaPoolEntry.objects.values_list("schema_name", flat=True))
    tenants, users = Tenant.objects.count(), User.objects.count()

    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(failing_step, explode)
    with pytest.raises(RuntimeError):
        services.sign_up(
            company_name="Half", subdomain="half-made", email="h@half.example.com", password=PASSWORD, full_name="H"
        )

    assert not schema_exists("half_made")
    assert (Tenant.objects.count(), User.objects.count()) == (tenants, users)
    assert set(SchemaPoolEntry.objects.values_list("schema_name", flat=True)) == pool
    assert all(schema_exists(name) for name in pool)


@pytest.mark.django_db
def test_unexpected_failure_is_a_graphql_error_without_internals(
    public_api: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("password of db is hunter2")

    monkeypatch.setattr("tenants.services.Membership.objects.create", explode)
    result = public_api.execute(
        SIGN_UP,
        {
            "input": {
                "companyName": "X Co",
                "subdomain": "x-co",
                "email": "x@x.example.com",
                "password": PASSWORD,
                "fullName": "X",
            }
        },
    )
    assert result["data"] is None
    assert "hunter2" not in str(result)
    assert result["errors"][0]["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
