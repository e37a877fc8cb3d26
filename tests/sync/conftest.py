"""Workspaces whose writes really commit: the change feed hands out only ended transactions.

pytest-django runs a test inside one transaction that is rolled back, so nothing in it ever ends
and the feed (rightly) shows none of it. A test decorated ``on_own_connection`` runs in a thread of
its own, on its own database connection (autocommit, outside that transaction); ``committed`` signs
up workspaces there and drops what they made after the test, also on a connection of its own.
"""

from __future__ import annotations

import functools
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.db import connection as django_connection

from tenants import provisioning, services
from tenants.db import connection
from tenants.models import Membership, Role, User
from tests.conftest import PASSWORD, TEST_POOL_SIZE, Workspace

_names = itertools.count(1)
TestT = TypeVar("TestT", bound=Callable[..., None])


def in_own_thread(work: Callable[[], Any]) -> Any:
    """Run ``work`` in a thread (its own database connection, closed after); its result or its error."""
    result: list[Any] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as error:
            failed.append(error)
        finally:
            connection.set_schema_to_public()
            django_connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return result[0]


def settle(timeout: float = 60.0) -> None:
    """Wait until every transaction running now has ended, in any database of the server.

    The feed's horizon is the server's (saas/kernel/sync.py): a snapshot started while another test
    process (a pytest-xdist worker) has a transaction open notes a horizon behind this test's own
    earlier writes, and their entries then come again after the snapshot. A test that counts what comes
    after a snapshot settles first, as it would be alone on the server.
    """
    with django_connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_xact_id()::text::bigint")
        now = cursor.fetchone()[0]
        deadline = time.monotonic() + timeout
        while True:
            cursor.execute("SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
            if cursor.fetchone()[0] > now:
                return
            assert time.monotonic() < deadline, "a transaction of the database server ran for a minute"
            time.sleep(0.05)


def on_own_connection(test: TestT) -> TestT:
    """Run the test outside pytest-django's transaction (see the module docstring)."""

    @functools.wraps(test)
    def run(*args: Any, **kwargs: Any) -> None:
        in_own_thread(lambda: test(*args, **kwargs))

    return run  # type: ignore[return-value]


@pytest.fixture
def committed(db: None) -> Iterator[Callable[[str], Workspace]]:
    """``committed(name)``: a signed-up workspace, committed; dropped (schema, rows, users) after the test.

    Call it from an ``on_own_connection`` test.
    """
    made: list[Workspace] = []
    users: list[int] = []
    if True:

        def make(name: str) -> Workspace:
            subdomain = f"sync-{name}-{next(_names)}"
            result = services.sign_up(
                company_name=f"{name.title()} Ltd",
                subdomain=subdomain,
                email=f"owner@{subdomain}.example.com",
                password=PASSWORD,
                full_name=f"{name} owner",
            )
            connection.set_schema_to_public()
            made.append(Workspace(result.tenant, result.user, result.token, subdomain))
            users.append(result.user.pk)
            return made[-1]

        make.users = users  # type: ignore[attr-defined]

        def clean_up() -> None:
            connection.set_schema_to_public()
            for workspace in made:
                workspace.tenant.refresh_from_db()
                provisioning.drop_schema(workspace.tenant.schema_name)
                Membership.objects.filter(tenant=workspace.tenant).delete()
                workspace.tenant.domains.all().delete()
                type(workspace.tenant).objects.filter(pk=workspace.tenant.pk).delete()
            User.objects.filter(pk__in=users).delete()
            provisioning.refill_pool(TEST_POOL_SIZE)

        try:
            yield make
        finally:
            in_own_thread(clean_up)


def add_member(committed: Callable[[str], Workspace], workspace: Workspace, email: str, role: str) -> Workspace:
    """A member of ``workspace`` with ``role``, committed (removed with the workspace)."""
    user = User.objects.create_user(email=email, password=PASSWORD, full_name=email)
    Membership.objects.create(user=user, tenant=workspace.tenant, role=role)
    committed.users.append(user.pk)  # type: ignore[attr-defined]
    return Workspace(workspace.tenant, user, services.issue_token(user), workspace.subdomain)


__all__ = ["Role", "add_member"]
