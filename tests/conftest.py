"""Test fixtures shared by every module.

The test database holds the public tenant, the migrated template schema and a
pool of ready schemas. Tests run inside a transaction; since PostgreSQL DDL is
transactional, a tenant signed up in a test (a pool schema renamed) is undone
at the end of the test, and the pool is whole again for the next one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS
from django.test.utils import setup_databases, teardown_databases
from hypothesis import settings as hypothesis_settings

from saas import ratelimits
from tenants import provisioning, services
from tenants.bootstrap import ensure_public_tenant
from tenants.db import connection
from tenants.models import Tenant, User
from tests.graphql_client import GraphQLClient

TEST_POOL_SIZE = 8

# No time limit per example: a timing assertion fails on a busy machine, not on wrong code (speed is
# proved by the benchmarks under bench/).
hypothesis_settings.register_profile("crm", deadline=None)
hypothesis_settings.load_profile("crm")

PASSWORD = "a-strong-test-password-2026"


@pytest.fixture(scope="session")
def django_db_setup(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    request: pytest.FixtureRequest,
) -> Iterator[None]:
    made: list[tuple[Any, str, bool]] = []
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        if not is_test_database():
            # pytest-django makes the test database only when a selected test is marked django_db (or
            # asks for `db`); a test that needs only a database for a server it starts (the e2e run, run
            # alone with E2E_SPECS) gets one made here, never the development database.
            made = setup_databases(
                verbosity=request.config.option.verbose,
                interactive=False,
                aliases={DEFAULT_DB_ALIAS: False},
                serialized_aliases=set(),
                keepdb=django_db_keepdb and not django_db_createdb,
            )
        assert is_test_database(), "no test database: refusing to run against the development database"
        ensure_public_tenant()
        provisioning.refill_pool(TEST_POOL_SIZE)
    yield
    if made and not django_db_keepdb:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            teardown_databases(made, verbosity=request.config.option.verbose)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests first (otherwise in their order).

    They are the longest file by far: under pytest-xdist (``TEST_WORKERS``, one file at a time to each
    worker) one worker starts on them at once while the others run the rest, instead of the run
    waiting for them at its end.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is None)


def is_test_database() -> bool:
    return str(connection.settings_dict["NAME"]).startswith("test_")


@pytest.fixture(autouse=True)
def _public_schema_between_tests() -> Iterator[None]:
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _full_rate_limit_buckets() -> Iterator[None]:
    """Each test starts with full buckets: one test's requests never throttle the next one's."""
    yield
    ratelimits.reset()


@dataclass
class Workspace:
    """A signed-up tenant with its owner, the owner's token and a client for its host."""

    tenant: Tenant
    owner: User
    token: str
    subdomain: str

    @property
    def api(self) -> GraphQLClient:
        return GraphQLClient(services.tenant_host(self.subdomain), self.token)

    def activate(self) -> None:
        """Point the connection at this tenant's schema (for direct ORM checks)."""
        connection.set_tenant(self.tenant)


_names = itertools.count(1)


@pytest.fixture
def make_workspace(db: None) -> Callable[..., Workspace]:
    def make(subdomain: str | None = None, company_name: str = "Acme Corp") -> Workspace:
        n = next(_names)
        subdomain = subdomain or f"company-{n}"
        result = services.sign_up(
            company_name=company_name,
            subdomain=subdomain,
            email=f"owner{n}@{subdomain}.example.com",
            password=PASSWORD,
            full_name=f"Owner {n}",
        )
        connection.set_schema_to_public()
        return Workspace(result.tenant, result.user, result.token, subdomain)

    return make


@pytest.fixture
def workspace_a(make_workspace: Callable[..., Workspace]) -> Workspace:
    return make_workspace("alpha", "Alpha Industries")


@pytest.fixture
def workspace_b(make_workspace: Callable[..., Workspace]) -> Workspace:
    return make_workspace("bravo", "Bravo Logistics")


@pytest.fixture
def public_api() -> GraphQLClient:
    return GraphQLClient()
