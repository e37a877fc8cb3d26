"""People with each role in a workspace, and clients acting as them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tenants import services
from tenants.models import Membership, User
from tests.conftest import PASSWORD, Workspace
from tests.graphql_client import GraphQLClient

_people = itertools.count(1)


@dataclass
class Person:
    user: User
    membership: Membership
    token: str
    host: str

    @property
    def api(self) -> GraphQLClient:
        return GraphQLClient(self.host, self.token)


AddPerson = Callable[..., Person]


@pytest.fixture
def add_person(db: None) -> AddPerson:
    """``add_person(workspace, role, custom_role_id=None)``: a new member of the workspace with a token."""

    def add(workspace: Workspace, role: str, custom_role_id: int | None = None) -> Person:
        n = next(_people)
        user = User.objects.create_user(email=f"{role}{n}@people.example.com", password=PASSWORD, full_name=f"P {n}")
        membership = Membership.objects.create(
            user=user, tenant=workspace.tenant, role=role, custom_role_id=custom_role_id
        )
        return Person(user, membership, services.issue_token(user), services.tenant_host(workspace.subdomain))

    return add


def gid(type_name: str, pk: int | str) -> str:
    from strawberry.relay import to_base64

    return to_base64(type_name, pk)


class SqlCount:
    """Counts the SQL statements of a block, leaving out django-tenants' ``SET search_path``."""

    def __init__(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._context = CaptureQueriesContext(connection)

    def __enter__(self) -> SqlCount:
        self._context.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._context.__exit__(*exc)  # type: ignore[arg-type]
        # Kept now: Django's ``captured_queries`` slices the connection's log when read, and a later request
        # clears that log, so read afterwards it would show that request's statements instead.
        self._captured = list(self._context.captured_queries)

    @property
    def statements(self) -> list[str]:
        return [q["sql"] for q in self._captured if not q["sql"].startswith("SET search_path")]

    def __len__(self) -> int:
        return len(self.statements)
