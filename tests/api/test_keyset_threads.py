"""Keyset pages fetched over HTTP while another thread writes, in committed transactions of its own.

tests/api/test_keyset.py proves the cursors' conditions inside one test transaction (each write lands
between two page fetches). Here the writes are real: a second thread inserts and deletes contacts on
its own database connection, each write its own committed transaction, while the pages are fetched
through the HTTP view (``POST /graphql/``, SQL fast path included) on another connection. Both run
outside pytest-django's rolled-back transaction (``tests/sync/conftest.py``), so a page sees exactly
what had committed when its query began, as a client's request would.
"""

from __future__ import annotations

import base64
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection as django_connection

from saas.customers.models import Contact
from tenants.db import connection
from tests.conftest import Workspace
from tests.sync.conftest import committed as committed  # workspaces whose writes really commit
from tests.sync.conftest import on_own_connection

pytestmark = pytest.mark.django_db

PAGE = """query($after: String, $order: [ContactOrder!]) {
  contacts(first: 7, after: $after, orderBy: $order) {
    pageInfo { hasNextPage endCursor } edges { node { id } }
  }
}"""

NAMES = ["Lee", "Kim", "Ng", "Abe", "Zhu"]  # few: many rows tie on the name, the id breaks the ties


def new_contacts(rng: random.Random, count: int) -> list[Contact]:
    contacts = [Contact(first_name=rng.choice(NAMES), last_name=rng.choice(NAMES)) for _ in range(count)]
    for contact in contacts:
        contact.search_text = contact.build_search_text()
    return contacts


class Writer(threading.Thread):
    """Insert one contact and delete another, each write committed on its own, until told to stop."""

    def __init__(self, ws: Workspace, deletable: list[str], seed: int) -> None:
        super().__init__()
        self.ws, self.deletable, self.rng = ws, list(deletable), random.Random(seed)
        self.deleted: set[str] = set()
        self.writes = 0
        self.failure: BaseException | None = None
        self.stop = threading.Event()

    def run(self) -> None:
        try:
            connection.set_tenant(self.ws.tenant)
            while not self.stop.is_set():
                Contact.objects.bulk_create(new_contacts(self.rng, 1))  # autocommit: committed at once
                if self.deletable:
                    victim = self.deletable.pop(self.rng.randrange(len(self.deletable)))
                    Contact.objects.filter(pk=victim).delete()
                    self.deleted.add(victim)
                self.writes += 1
                time.sleep(0.003)
        except BaseException as error:
            self.failure = error
        finally:
            connection.set_schema_to_public()
            django_connection.close()


def node_pk(global_id: str) -> str:
    return base64.b64decode(global_id).decode().split(":", 1)[1]


@pytest.mark.parametrize(
    "order",
    [[{"lastName": "ASC"}, {"firstName": "DESC"}], None],  # ties broken by id; the default (newest first)
    ids=["by-name", "default"],
)
@on_own_connection
def test_pages_over_http_while_another_thread_writes_never_repeat_or_skip_a_record_present_throughout(
    committed: Callable[[str], Workspace], order: Any
) -> None:
    ws = committed("pages")
    rng = random.Random(11)
    connection.set_tenant(ws.tenant)
    initial = [str(c.pk) for c in Contact.objects.bulk_create(new_contacts(rng, 90))]
    connection.set_schema_to_public()
    # the writer deletes about a third of them while the pages go by; the rest are present throughout
    writer = Writer(ws, rng.sample(initial, 30), seed=13)
    writer.start()
    seen: list[str] = []
    pages = 0
    try:
        while not writer.writes:  # the writer is under way before the first page
            time.sleep(0.001)
        writes_before = writer.writes
        after = None
        while True:
            connection_page = ws.api.data(PAGE, {"after": after, "order": order})["contacts"]
            pages += 1
            seen += [node_pk(edge["node"]["id"]) for edge in connection_page["edges"]]
            if not connection_page["pageInfo"]["hasNextPage"]:
                break
            after = connection_page["pageInfo"]["endCursor"]
            time.sleep(0.005)  # room for the writer between two pages, as a client scrolling
            assert pages < 200, "the pages never ended"
        writes_during = writer.writes - writes_before
    finally:
        writer.stop.set()
        writer.join(30)
    assert writer.failure is None, writer.failure
    assert pages >= 10 and writes_during >= pages // 2, (pages, writes_during)  # the writes went on throughout
    assert len(seen) == len(set(seen)), "a record was repeated"
    present_throughout = set(initial) - writer.deleted
    assert present_throughout <= set(seen), f"skipped: {present_throughout - set(seen)}"
