"""The change feed (``changes``) and optimistic concurrency (``expectedVersion``).

Every test here commits for real (see conftest): the feed hands out only ended transactions.
"""

from __future__ import annotations

import functools
import random
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection as django_connection
from django.db import transaction

from saas.customers import services as customers
from saas.customers.models import Company
from saas.kernel.services import soft_delete
from tenants.db import connection
from tenants.models import Membership, Role
from tests.conftest import Workspace
from tests.customers.conftest import gid
from tests.query_count import assert_num_queries, count_queries

from .conftest import add_member, on_own_connection

pytestmark = pytest.mark.django_db

# A page: the member, the entries, then per record type on it the readable records with their versions
# (and, for a role not reading all of the type, one more for those gone), whatever the page's size.
PAGE_QUERIES = 3

CHANGES = """query($since: String, $types: [RecordType!], $first: Int) {
  changes(since: $since, types: $types, first: $first) {
    cursor hasMore changes { id recordId recordType action version values }
  }
}"""

CREATE = """mutation($input: CreateCompanyInput!) { createCompany(input: $input) {
  company { id } errors { field code } } }"""
UPDATE = """mutation($input: UpdateCompanyInput!) { updateCompany(input: $input) {
  company { id name } errors { field code } } }"""
DELETE = """mutation($input: RecordIdInput!) { deleteCompany(input: $input) { errors { code } } }"""


def page(ws: Workspace, since: str | None = None, **variables: Any) -> dict[str, Any]:
    return ws.api.data(CHANGES, {"since": since, **variables})["changes"]


class Replica:
    """What an offline client keeps: the records the feed gave it, by global id."""

    def __init__(self, ws: Workspace, types: list[str] | None = None, first: int = 100) -> None:
        self.ws = ws
        self.types = types
        self.first = first
        self.cursor: str | None = None
        self.records: dict[str, dict[str, Any]] = {}
        self.seen: list[dict[str, Any]] = []

    def pull(self) -> bool:
        """One page; True when caught up (nothing more ready now)."""
        answer = page(self.ws, self.cursor, types=self.types, first=self.first)
        ids = [c["id"] for c in answer["changes"]]
        assert len(ids) == len(set(ids)), "a record appears once per page"
        for change in answer["changes"]:
            self.seen.append(change)
            if change["action"] == "DELETED":
                self.records.pop(change["id"], None)
            else:
                self.records[change["id"]] = {**change["values"], "version": change["version"]}
        self.cursor = answer["cursor"]
        return not answer["hasMore"]

    def catch_up(self, expected: Callable[[], dict[str, dict[str, Any]]], timeout: float = 60.0) -> None:
        """Pull until the replica is the database's state (the feed waits for every running transaction
        of the database server, also other test processes', so this may take a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            caught_up = self.pull()
            if caught_up and self.view() == expected():
                return
            if time.monotonic() > deadline:
                assert self.view() == expected()
            if caught_up:
                time.sleep(0.05)

    def view(self) -> dict[str, dict[str, Any]]:
        return {key: {"name": r["name"], "version": r["version"]} for key, r in self.records.items()}


def database_view(ws: Workspace) -> dict[str, dict[str, Any]]:
    """Live companies as the owner reads them: name and version (the number of audit entries)."""
    from saas.kernel.sync import version_of

    ws.activate()
    try:
        return {
            gid("Company", c.pk): {"name": c.name, "version": version_of("Company", c.pk)}
            for c in Company.objects.all()
        }
    finally:
        connection.set_schema_to_public()


def membership(ws: Workspace) -> Membership:
    return Membership.objects.select_related("user", "tenant").get(user=ws.owner, tenant=ws.tenant)


def in_thread(ws: Workspace, work: Callable[[Membership], None]) -> threading.Thread:
    """Run ``work`` on its own database connection, in the workspace's schema."""
    seat = membership(ws)

    def run() -> None:
        try:
            connection.set_tenant(ws.tenant)
            work(seat)
        finally:
            django_connection.close()

    return threading.Thread(target=run)


@pytest.mark.parametrize("seed", [1, 2, 3])
@on_own_connection
def test_replaying_the_feed_under_concurrent_writes_reaches_the_database_state(
    committed: Callable[[str], Workspace], seed: int
) -> None:
    ws = committed("replay")
    # Companies no audit entry tells of (as a bulk import writes them): the feed's first pass reads them.
    ws.activate()
    Company.objects.bulk_create([Company(name=f"Imported {n}") for n in range(7)])
    connection.set_schema_to_public()
    reader = Replica(ws, ["COMPANY"], first=5)  # small pages: the first pass and the rest both page
    rng = random.Random(seed)
    plans = [[rng.random() for _ in range(12)] for _ in range(4)]
    failures: list[BaseException] = []

    def writer(plan: list[float], number: int) -> Callable[[Membership], None]:
        def work(seat: Membership) -> None:
            rng = random.Random(seed * 100 + number)
            mine: list[Any] = []
            for step, roll in enumerate(plan):
                try:
                    # Overlapping transactions of several writes each, held open a random while, so
                    # they commit in another order than they started in.
                    with transaction.atomic():
                        if roll < 0.45 or not mine:
                            mine.append(customers.create_company(seat, {"name": f"w{number}-{step}"}).pk)
                        elif roll < 0.85:
                            pk = rng.choice(mine)
                            customers.update_company(seat, pk, {"name": f"w{number}-{step}-renamed"})
                        else:
                            pk = mine.pop(rng.randrange(len(mine)))
                            soft_delete(seat, Company, pk)
                        time.sleep(roll / 20)
                except BaseException as error:
                    failures.append(error)
                    return

        return work

    threads = [in_thread(ws, writer(plan, n)) for n, plan in enumerate(plans)]
    for thread in threads:
        thread.start()
    while any(t.is_alive() for t in threads):  # the reader replays while they write
        reader.pull()
        time.sleep(0.01)
    for thread in threads:
        thread.join()
    assert not failures, failures
    reader.catch_up(lambda: database_view(ws))
    assert len(reader.records) >= 7


@on_own_connection
def test_a_transaction_that_commits_late_is_not_jumped_over(committed: Callable[[str], Workspace]) -> None:
    ws = committed("late")
    reader = Replica(ws)
    reader.catch_up(lambda: database_view(ws))
    started, release = threading.Event(), threading.Event()

    def slow(seat: Membership) -> None:
        with transaction.atomic():
            customers.create_company(seat, {"name": "Slow Ltd"})
            started.set()
            release.wait(30)

    def quick(seat: Membership) -> None:
        customers.create_company(seat, {"name": "Quick Ltd"})

    slow_thread = in_thread(ws, slow)
    slow_thread.start()
    started.wait(30)
    quick_thread = in_thread(ws, quick)
    quick_thread.start()
    quick_thread.join()
    # Quick Ltd committed, but a transaction older than it still runs: nothing is handed out past it.
    reader.pull()
    assert reader.view() == {}
    release.set()
    slow_thread.join()
    reader.catch_up(lambda: database_view(ws))
    assert sorted(r["name"] for r in reader.view().values()) == ["Quick Ltd", "Slow Ltd"]


@on_own_connection
def test_hidden_fields_and_records_out_of_scope_never_show(committed: Callable[[str], Workspace]) -> None:
    ws = committed("roles")
    reader = add_member(committed, ws, "reader@example.com", Role.READ_ONLY)
    rep = add_member(committed, ws, "rep@example.com", Role.SALES)
    rep_gid = gid("User", rep.owner.pk)
    owner_gid = gid("User", ws.owner.pk)
    made = ws.api.data(
        CREATE,
        {"input": {"name": "Globex", "ownerId": owner_gid, "creditLimit": {"amount": "5000", "currency": "USD"}}},
    )
    owners = ws.api.data(CREATE, {"input": {"name": "Owner's own", "ownerId": owner_gid}})["createCompany"]["company"][
        "id"
    ]
    reps = ws.api.data(CREATE, {"input": {"name": "Rep's", "ownerId": rep_gid}})["createCompany"]["company"]["id"]
    globex = made["createCompany"]["company"]["id"]

    owner_feed, reader_feed, rep_feed = Replica(ws), Replica(reader), Replica(rep)
    owner_feed.catch_up(lambda: database_view(ws))
    assert owner_feed.records[globex]["creditLimit"] == {"amount": "5000.00", "currency": "USD"}
    reader_feed.catch_up(lambda: database_view(ws))
    assert "creditLimit" not in reader_feed.records[globex]  # hidden from read-only members
    assert reader_feed.records[globex]["name"] == "Globex"
    rep_feed.catch_up(lambda: {reps: database_view(ws)[reps]})
    assert set(rep_feed.records) == {reps}  # a sales rep reads their own book only

    # A colleague's record deleted: never heard of. The rep's own one given away: gone from their copy.
    assert ws.api.data(DELETE, {"input": {"id": owners}})["deleteCompany"]["errors"] == []
    answer = ws.api.data(UPDATE, {"input": {"id": reps, "ownerId": owner_gid}})
    assert answer["updateCompany"]["errors"] == []
    rep_feed.catch_up(lambda: {})
    assert [c["id"] for c in rep_feed.seen if c["action"] == "DELETED"] == [reps]
    assert owners not in {c["id"] for c in rep_feed.seen}
    reader_feed.catch_up(lambda: database_view(ws))
    assert owners in {c["id"] for c in reader_feed.seen if c["action"] == "DELETED"}


@on_own_connection
def test_a_client_tells_its_own_records_in_the_feed_by_me_id(committed: Callable[[str], Workspace]) -> None:
    """An offline client keeps the member's own records: ``me { id }`` is the ``owner`` the feed names."""
    ws = committed("mine")
    rep = add_member(committed, ws, "mine@example.com", Role.SALES)
    me = rep.api.data("{ me { id email } }")["me"]
    assert me["id"] == gid("User", rep.owner.pk)
    mine = ws.api.data(CREATE, {"input": {"name": "Mine", "ownerId": me["id"]}})["createCompany"]["company"]["id"]
    pool = ws.api.data(CREATE, {"input": {"name": "In the pool", "ownerId": None}})["createCompany"]["company"]["id"]
    feed = Replica(rep)
    feed.catch_up(lambda: {key: database_view(ws)[key] for key in (mine, pool)})  # a rep reads the pool too
    assert [key for key, r in feed.records.items() if r["owner"] == me["id"]] == [mine]
    assert feed.records[pool]["owner"] is None


@on_own_connection
def test_another_workspaces_cursor_is_refused_and_shows_nothing_of_it(committed: Callable[[str], Workspace]) -> None:
    a, b = committed("alpha"), committed("bravo")
    a.api.data(CREATE, {"input": {"name": "Alpha secret"}})
    a_feed = Replica(a)
    a_feed.catch_up(lambda: database_view(a))
    assert a.api.error_codes(CHANGES, {"since": a_feed.cursor}) == []
    assert b.api.error_codes(CHANGES, {"since": a_feed.cursor}) == ["INVALID_CURSOR"]
    assert a.api.error_codes(CHANGES, {"since": "forged:cursor"}) == ["INVALID_CURSOR"]
    # A cursor belongs to its types: asked with others it is refused, never a wrong page.
    assert a.api.error_codes(CHANGES, {"since": a_feed.cursor, "types": ["CONTACT"]}) == ["INVALID_CURSOR"]
    b_feed = Replica(b)
    b_feed.catch_up(lambda: database_view(b))
    assert all("Alpha" not in str(c["values"]) for c in b_feed.seen)
    # A's token on B's host is no member there.
    assert a.api.for_tenant(b.subdomain).error_codes(CHANGES) == ["UNAUTHENTICATED"]


@on_own_connection
def test_a_stale_expected_version_is_a_conflict_and_changes_nothing(committed: Callable[[str], Workspace]) -> None:
    ws = committed("conflict")
    company = ws.api.data(CREATE, {"input": {"name": "Initech"}})["createCompany"]["company"]["id"]
    feed = Replica(ws)
    feed.catch_up(lambda: database_view(ws))
    version = feed.records[company]["version"]

    ok = ws.api.data(UPDATE, {"input": {"id": company, "name": "Initech 2", "expectedVersion": version}})
    assert ok["updateCompany"]["errors"] == []
    stale = ws.api.data(UPDATE, {"input": {"id": company, "name": "Initech 3", "expectedVersion": version}})
    assert stale["updateCompany"] == {"company": None, "errors": [{"field": "expectedVersion", "code": "conflict"}]}
    feed.catch_up(lambda: database_view(ws))
    assert feed.records[company]["name"] == "Initech 2"
    assert feed.records[company]["version"] == version + 1
    # A member who cannot read the record learns nothing of its version: it is not found.
    rep = add_member(committed, ws, "conflict-rep@example.com", Role.SALES)
    ws.api.data(UPDATE, {"input": {"id": company, "ownerId": gid("User", ws.owner.pk)}})
    hidden = rep.api.data(UPDATE, {"input": {"id": company, "name": "Mine", "expectedVersion": 0}})
    assert hidden["updateCompany"]["errors"] == [{"field": "id", "code": "not_found"}]
    # Without expectedVersion, last write wins as before.
    plain = ws.api.data(UPDATE, {"input": {"id": company, "name": "Initech 4"}})
    assert plain["updateCompany"]["errors"] == []


@on_own_connection
def test_the_first_pass_reads_every_readable_record_then_what_changed_meanwhile(
    committed: Callable[[str], Workspace],
) -> None:
    ws = committed("first-pass")
    rep = add_member(committed, ws, "first-pass-rep@example.com", Role.SALES)
    ws.activate()
    theirs = Company.objects.bulk_create(
        [Company(name=f"Rep's {n}", owner=rep.owner) for n in range(5)]
        + [Company(name=f"Owner's {n}", owner=ws.owner) for n in range(3)]
    )[:5]
    connection.set_schema_to_public()
    feed = Replica(rep, first=2)
    assert not feed.pull() and not feed.pull()  # two pages of the first pass
    # Written while the first pass is read: comes after it, whichever type it is of.
    renamed = gid("Company", theirs[0].pk)
    assert rep.api.data(UPDATE, {"input": {"id": renamed, "name": "Renamed"}})["updateCompany"]["errors"] == []
    mine = {gid("Company", c.pk) for c in theirs}
    feed.catch_up(lambda: {key: value for key, value in database_view(ws).items() if key in mine})
    assert feed.records[renamed]["name"] == "Renamed"
    assert {c["action"] for c in feed.seen[:5]} == {"CREATED"}


@on_own_connection
def test_a_page_of_changes_takes_a_fixed_number_of_queries(committed: Callable[[str], Workspace]) -> None:
    ws = committed("count")
    reader = add_member(committed, ws, "count-reader@example.com", Role.READ_ONLY)
    feed = Replica(reader)
    feed.catch_up(lambda: database_view(ws))

    def write(label: str, count: int) -> None:
        """``count`` companies created and renamed, the last one deleted."""
        for n in range(count):
            answer = ws.api.data(CREATE, {"input": {"name": f"{label} {n}"}})["createCompany"]
            company = answer["company"]["id"]
            ws.api.data(UPDATE, {"input": {"id": company, "name": f"{label} {n}!"}})
        ws.api.data(DELETE, {"input": {"id": company}})

    figures = []
    for label, count in (("Small", 2), ("Large", 12)):
        cursor = feed.cursor
        write(label, count)
        feed.catch_up(lambda: database_view(ws))
        answer = page(reader, cursor)
        assert len(answer["changes"]) == count  # created and renamed: one change each; the deleted one too
        figures.append(count_queries(functools.partial(page, reader, cursor)))
    assert figures[0] == figures[1] == PAGE_QUERIES, figures
    # The first pass: the member, the horizon, then one query per record type it reads, whatever the size.
    for size in (1, 100):
        page(reader, None, types=["COMPANY"], first=size)
        with assert_num_queries(3):
            page(reader, None, types=["COMPANY"], first=size)


def test_every_update_of_a_record_type_takes_expected_version() -> None:
    """``update<Type>`` of every registered record type takes ``expectedVersion`` (``VersionedInput``)."""
    from graphql import GraphQLInputObjectType, get_named_type

    from graphql_schema.core.core_schema import core_schema
    from graphql_schema.schema import tenant_schema
    from saas.access.registry import RECORD_TYPES

    mutation_type = core_schema(tenant_schema).mutation_type
    assert mutation_type is not None
    updates = {name: field for name, field in mutation_type.fields.items() if name[6:] in RECORD_TYPES}
    missing = []
    for name, field in updates.items():
        if not name.startswith("update") or "input" not in field.args:
            continue
        input_type = get_named_type(field.args["input"].type)
        assert isinstance(input_type, GraphQLInputObjectType)
        if "expectedVersion" not in input_type.fields:
            missing.append(name)
    assert "updateCompany" in updates
    assert missing == [], missing


BOUNDED = """query($since: String, $types: [RecordType!], $first: Int, $mine: Boolean!, $ids: [ID!]) {
  changes(since: $since, types: $types, first: $first, mine: $mine, ids: $ids) {
    cursor hasMore changes { id recordType action version values }
  }
}"""


def first_pass(ws: Workspace, **variables: Any) -> tuple[list[dict[str, Any]], str]:
    """The first pass's changes (until it hands over to what was written since) and the cursor after it."""
    found: list[dict[str, Any]] = []
    since = None
    while True:
        answer = ws.api.data(BOUNDED, {"since": since, "first": 2, **variables})["changes"]
        found += answer["changes"]
        since = answer["cursor"]
        if not answer["changes"]:  # the snapshot's last page hands over with nothing (it was all read)
            return found, since


@on_own_connection
def test_a_first_pass_of_mine_reads_only_my_own_records_and_those_asked_by_id(
    committed: Callable[[str], Workspace],
) -> None:
    """An offline client asks only its own records (and those it keeps as recently viewed) at first."""
    ws = committed("bounded")
    rep = add_member(committed, ws, "bounded-rep@example.com", Role.SALES)
    other = committed("bounded-other")
    ws.activate()
    own = Company.objects.bulk_create([Company(name=f"Rep's {n}", owner=rep.owner) for n in range(3)])
    pool = Company.objects.create(name="In the pool")
    colleagues = Company.objects.create(name="The owner's", owner=ws.owner)
    connection.set_schema_to_public()
    mine = {gid("Company", c.pk) for c in own}

    found, cursor = first_pass(rep, types=["COMPANY", "CONTACT"], mine=True)
    assert {c["id"] for c in found} == mine  # the pool the rep may read is not read
    assert {c["action"] for c in found} == {"CREATED"} and all(c["version"] is not None for c in found)
    # Recently viewed ones are asked by id: the pool record comes; the colleague's, unreadable, never does.
    asked = [gid("Company", pool.pk), gid("Company", colleagues.pk)]
    found, _ = first_pass(rep, types=["COMPANY"], mine=True, ids=asked)
    assert {c["id"] for c in found} == mine | {gid("Company", pool.pk)}
    found, _ = first_pass(rep, types=["COMPANY"], mine=False, ids=asked)
    assert {c["id"] for c in found} == {gid("Company", pool.pk)}

    # Afterwards every readable record's changes come as before (the client keeps what it wants).
    pool_id = gid("Company", pool.pk)
    assert ws.api.data(UPDATE, {"input": {"id": pool_id, "name": "Pool 2"}})["updateCompany"]["errors"] == []
    deadline = time.monotonic() + 60
    later: list[dict[str, Any]] = []
    while pool_id not in {c["id"] for c in later} and time.monotonic() < deadline:
        answer = rep.api.data(BOUNDED, {"since": cursor, "types": ["COMPANY", "CONTACT"], "mine": True})["changes"]
        later += answer["changes"]
        cursor = answer["cursor"]
        time.sleep(0.05)
    assert [c["values"]["name"] for c in later if c["id"] == pool_id][-1] == "Pool 2"

    # A cursor keeps `mine`: asked without it, refused (never a page of another first pass).
    assert rep.api.error_codes(CHANGES, {"since": cursor, "types": ["COMPANY", "CONTACT"]}) == ["INVALID_CURSOR"]
    assert rep.api.error_codes(BOUNDED, {"mine": False, "ids": ["not an id"]}) == ["BAD_USER_INPUT"]
    # Another workspace's member asking these ids gets none of this workspace's records.
    found, _ = first_pass(other, types=["COMPANY"], mine=False, ids=[*sorted(mine), pool_id])
    assert all(c["values"]["name"] not in {"In the pool", "Rep's 0", "Rep's 1", "Rep's 2"} for c in found)


@on_own_connection
def test_a_first_pass_of_mine_takes_a_fixed_number_of_queries(committed: Callable[[str], Workspace]) -> None:
    ws = committed("bounded-count")
    rep = add_member(committed, ws, "bounded-count-rep@example.com", Role.SALES)
    for size in (2, 60):
        ws.activate()
        Company.objects.bulk_create([Company(name=f"Rep's {n}", owner=rep.owner) for n in range(size)])
        connection.set_schema_to_public()
        variables = {"since": None, "types": ["COMPANY"], "first": 100, "mine": True, "ids": None}
        rep.api.data(BOUNDED, variables)
        # The member, the horizon, then one query for the type's own records, whatever how many.
        with assert_num_queries(3):
            rep.api.data(BOUNDED, variables)
