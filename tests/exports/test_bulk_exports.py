"""Bulk exports: a whole list query as JSON lines, in the background, through a signed, expiring URL."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from saas.customers.models import Contact
from saas.kernel.models import BulkExport
from tests.api.test_rate_limits import add_member
from tests.conftest import Workspace
from tests.graphql_client import GraphQLClient
from tests.sync.conftest import committed as committed  # workspaces whose writes really commit
from tests.sync.conftest import in_own_thread, on_own_connection

START = (
    "mutation($input: StartBulkExportInput!) { startBulkExport(input: $input) {"
    " bulkExport { id status } errors { field code message } } }"
)
STATUS = "query($id: ID!) { bulkExport(id: $id) { id status rowCount errorCode errorMessage url urlExpiresAt } }"
CONTACTS = "{ contacts(orderBy: [{lastName: ASC}]) { edges { node { id firstName lastName emails phones } } } }"


@pytest.fixture(autouse=True)
def export_dir(settings: Any, tmp_path: Any) -> Any:
    settings.BULK_EXPORT_DIR = tmp_path
    return tmp_path


def add_contacts(ws: Workspace, count: int, owner_id: int, prefix: str = "") -> None:
    ws.activate()
    contacts = [
        Contact(
            first_name=f"{prefix}First {n}",
            last_name=f"{prefix}Last {n:05d}",
            emails=[f"p{n}@example.com"],
            phones=[f"+1555{n:07d}"],
            owner_id=owner_id,
        )
        for n in range(count)
    ]
    for contact in contacts:  # what ``save`` would do (bulk_create skips it)
        contact.search_text = contact.build_search_text()
    Contact.objects.bulk_create(contacts, batch_size=2000)


def start(api: GraphQLClient, query: str, capture: Any, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Start an export; the Celery task runs (eagerly) once the mutation's transaction commits."""
    with capture(execute=True):
        payload = api.data(START, {"input": {"query": query, "variables": variables}})["startBulkExport"]
    return dict(payload)


def raw_lines(url: str) -> list[str]:
    parts = urlsplit(url)
    response = Client(HTTP_HOST=parts.netloc.split(":")[0]).get(parts.path)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/jsonl")
    body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
    return body.splitlines()


def lines(url: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in raw_lines(url)]


def finished(api: GraphQLClient, export_id: str) -> dict[str, Any]:
    return dict(api.data(STATUS, {"id": export_id})["bulkExport"])


@pytest.mark.django_db
def test_ten_thousand_contacts_export_with_the_roles_field_rules_and_scope(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    marketing = add_member(workspace_a, "marketing")  # reads and exports everything; e-mails and phones hidden
    manager = add_member(workspace_a, "manager")  # the team's records only: here, the manager's own
    add_contacts(workspace_a, 10_000, workspace_a.owner.pk)
    add_contacts(workspace_a, 25, manager.user.pk, prefix="Team ")

    everything = start(marketing.api, CONTACTS, django_capture_on_commit_callbacks)
    assert everything["errors"] == [] and everything["bulkExport"]["status"] == "CREATED"
    status = finished(marketing.api, everything["bulkExport"]["id"])
    assert status["status"] == "COMPLETED" and status["rowCount"] == 10_025 and status["errorCode"] is None
    rows = lines(status["url"])
    assert len(rows) == 10_025 and len({row["id"] for row in rows}) == 10_025
    assert all(set(row) == {"id", "firstName", "lastName"} for row in rows)  # hidden fields absent, not null
    assert [row["lastName"] for row in rows] == sorted(row["lastName"] for row in rows)  # the query's order

    mine = start(manager.api, CONTACTS, django_capture_on_commit_callbacks)
    team_rows = lines(finished(manager.api, mine["bulkExport"]["id"])["url"])
    assert len(team_rows) == 25 and {r["firstName"][:5] for r in team_rows} == {"Team "}  # out-of-scope absent
    assert team_rows[0]["emails"] == ["p0@example.com"]  # a manager sees e-mails

    filtered = start(
        workspace_a.api,
        "query($q: String) { contacts(search: $q) { edges { node { lastName emails } } } }",
        django_capture_on_commit_callbacks,
        {"q": "Team"},
    )
    owner_rows = lines(finished(workspace_a.api, filtered["bulkExport"]["id"])["url"])
    assert len(owner_rows) == 25 and owner_rows[0]["emails"]  # variables and search apply


@pytest.mark.django_db
def test_exports_are_their_starters_and_their_workspaces_alone(
    workspace_a: Workspace, workspace_b: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    add_contacts(workspace_a, 3, workspace_a.owner.pk, prefix="Alpha ")
    add_contacts(workspace_b, 4, workspace_b.owner.pk, prefix="Bravo ")
    started = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)
    export_id = started["bulkExport"]["id"]
    url = finished(workspace_a.api, export_id)["url"]
    assert {row["firstName"][:6] for row in lines(url)} == {"Alpha "}

    assert workspace_b.api.data(STATUS, {"id": export_id})["bulkExport"] is None  # another workspace: nothing
    colleague = add_member(workspace_a, "admin")
    assert colleague.api.data(STATUS, {"id": export_id})["bulkExport"] is None  # another member: nothing
    token_path = urlsplit(url).path
    assert Client(HTTP_HOST="bravo.localhost").get(token_path).status_code == 404  # alpha's link on bravo's host


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "code", "says"),
    [
        ("{ contacts { edges { node { id } }", "invalid", "does not parse"),
        ('mutation { createTag(input: {name: "x"}) { errors { code } } }', "invalid", "one query"),
        ("{ contacts { edges { node { id } } } companies { totalCount } }", "invalid", "one root list"),
        ("{ me { email } }", "invalid", "one root list"),
        ("{ contacts { totalCount } }", "invalid", "edges { node"),
        ("{ contacts { edges { node { nope } } } }", "graphql_validation_failed", "nope"),
    ],
)
def test_a_bad_query_is_refused_at_once_with_a_typed_error(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any], query: str, code: str, says: str
) -> None:
    payload = start(workspace_a.api, query, django_capture_on_commit_callbacks)
    assert payload["bulkExport"] is None
    (error,) = payload["errors"]
    assert error["field"] == "query" and error["code"] == code and says in error["message"]
    workspace_a.activate()
    assert not BulkExport.objects.exists()


@pytest.mark.django_db
def test_roles_are_checked_when_it_starts(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    marketing = add_member(workspace_a, "marketing")
    by_hidden = "{ contacts(orderBy: [{birthday: ASC}]) { edges { node { id } } } }"  # sorting reveals it
    (hidden,) = start(marketing.api, by_hidden, django_capture_on_commit_callbacks)["errors"]
    assert (hidden["field"], hidden["code"]) == ("query", "field_hidden")
    sales = add_member(workspace_a, "sales")  # may not export
    (denied,) = start(sales.api, CONTACTS, django_capture_on_commit_callbacks)["errors"]
    assert denied["code"] == "permission_denied"
    workspace_a.activate()
    assert not BulkExport.objects.exists()


@pytest.mark.django_db
def test_one_export_at_a_time_per_member(workspace_a: Workspace) -> None:
    first = workspace_a.api.data(START, {"input": {"query": CONTACTS}})["startBulkExport"]  # not committed: waits
    assert first["errors"] == []
    (busy,) = workspace_a.api.data(START, {"input": {"query": CONTACTS}})["startBulkExport"]["errors"]
    assert busy["code"] == "export_running"


@pytest.mark.django_db
def test_an_altered_or_expired_link_is_refused(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    add_contacts(workspace_a, 2, workspace_a.owner.pk)
    started = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)
    url = finished(workspace_a.api, started["bulkExport"]["id"])["url"]
    path = urlsplit(url).path
    assert len(lines(url)) == 2
    client = Client(HTTP_HOST="alpha.localhost")
    token = path.removeprefix("/exports/bulk/").removesuffix(".jsonl")
    for altered in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x" + token, token.replace(":", ".", 1)):
        assert client.get(f"/exports/bulk/{altered}.jsonl").status_code == 404
    later = time.time() + 7 * 24 * 3600 + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.get(path).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("size", [0, 1000, 1500, 3500])
def test_each_chunk_of_a_thousand_rows_is_one_query_nested_relations_included(
    workspace_a: Workspace, size: int
) -> None:
    from graphql_schema.core.bulk_exports import CHUNK, export_rows
    from tenants.models import Membership
    from tests.query_count import assert_num_queries

    nested = "{ contacts { edges { node { id lastName company { name } tags { name } owner { email } } } } }"
    add_contacts(workspace_a, size, workspace_a.owner.pk)
    export = BulkExport.objects.create(query=nested, requested_by_id=workspace_a.owner.pk)
    membership = Membership.objects.select_related("user", "tenant").get(
        user=workspace_a.owner, tenant=workspace_a.tenant
    )
    assert CHUNK == 1000
    chunks = max(1, -(-size // CHUNK))
    # The export's transaction (savepoint, release), the workspace's standing (billing, once), then one query
    # per chunk: each chunk's page ends one row beyond it, so no query asks whether another chunk follows.
    with assert_num_queries(3 + chunks) as queries:
        lines = list(export_rows(export, membership, workspace_a.tenant))
    assert len(lines) == size and len({json.loads(line)["id"] for line in lines}) == size
    # The ids stay in PostgreSQL: each chunk starts after the previous one's last position, in a condition on
    # the ordering (a few values), not in a list of the chunk's ids.
    assert not any(sql.count("::uuid") > 10 or sql.count(", '") > 500 for sql in queries.statements)


@pytest.mark.django_db
def test_after_a_chunk_shows_a_field_hidden_the_next_chunks_leave_it_out_and_take_the_sql_path(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from saas.fastpaths import fallback_counts

    marketing = add_member(workspace_a, "marketing")  # e-mails and phones hidden
    add_contacts(workspace_a, 2500, workspace_a.owner.pk)
    before = fallback_counts().get(("sqlpages", "hidden field"), 0)
    export = start(marketing.api, CONTACTS, django_capture_on_commit_callbacks)
    texts = raw_lines(finished(marketing.api, export["bulkExport"]["id"])["url"])
    rows = [json.loads(text) for text in texts]
    assert len(rows) == 2500 and all(set(row) == {"id", "firstName", "lastName"} for row in rows)
    # the check on no rows and the first chunk go the normal path; the two chunks after it do not
    assert fallback_counts().get(("sqlpages", "hidden field"), 0) - before == 2
    # their lines are the JSON text PostgreSQL wrote, byte for byte what the normal path would have written
    last_chunk = marketing.api.data(
        "{ contacts(first: 100, orderBy: [{lastName: DESC}]) { edges { node { id firstName lastName } } } }"
    )
    nodes = [edge["node"] for edge in reversed(last_chunk["contacts"]["edges"])]
    assert texts[-100:] == [json.dumps(node, ensure_ascii=False, separators=(",", ":")) for node in nodes]


def test_only_the_root_list_reads_pages_of_a_thousand_and_the_cost_budget_grows_alike() -> None:
    from graphql import parse

    from graphql_schema.core.bulk_exports import CHUNK, _schema
    from graphql_schema.core.core_schema import core_schema
    from graphql_schema.core.limits import PageSizeError, plan

    schema = core_schema(_schema())
    root = parse("{ contacts(first: 1000) { edges { node { id } } } }")
    with pytest.raises(PageSizeError):
        plan(schema, root, None, {})  # a request: 100 at most
    assert plan(schema, root, None, {}, root_page_limit=CHUNK)[1] == 1000
    nested = parse("{ companies(first: 1000) { edges { node { contacts(first: 101) { totalCount } } } } }")
    with pytest.raises(PageSizeError):
        plan(schema, nested, None, {}, root_page_limit=CHUNK)  # nested lists keep pages of 100


@pytest.mark.django_db
def test_an_export_may_nest_what_a_request_may(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    # a request: 100 companies + 100 * 98 contacts = 9,900 <= 10,000; 100 + 100 * 99 = 10,000; 100 more is over
    nested = "{ companies { edges { node { name contacts(first: %d) { totalCount } } } } }"
    assert start(workspace_a.api, nested % 99, django_capture_on_commit_callbacks)["errors"] == []
    refused = start(workspace_a.api, nested % 100, django_capture_on_commit_callbacks)
    assert [error["code"] for error in refused["errors"]] == ["query_too_costly"]


def test_leaving_hidden_fields_out_keeps_aliases_and_inline_fragments_and_gives_up_on_spreads() -> None:
    from graphql_schema.core.bulk_exports import plan_export, without_hidden

    hidden = frozenset({("people", "edges", "node", "mail"), ("people", "edges", "node", "phones")})
    query = "{ people: contacts { edges { node { id mail: emails ... on Contact { phones lastName } } } } }"
    pruned = without_hidden(plan_export(query, None), hidden).chunk_query
    assert "emails" not in pruned and "phones" not in pruned and "lastName" in pruned and "people: contacts" in pruned

    spread = "{ contacts { edges { node { ...F } } } } fragment F on Contact { id emails }"
    plan = plan_export(spread, None)
    assert without_hidden(plan, frozenset({("contacts", "edges", "node", "emails")})) is plan

    only_hidden = plan_export("{ contacts { edges { node { emails } } } }", None)
    assert without_hidden(only_hidden, frozenset({("contacts", "edges", "node", "emails")})) is only_hidden


@pytest.mark.django_db
def test_files_are_removed_after_the_days_exports_are_kept(
    workspace_a: Workspace,
    workspace_b: Workspace,
    export_dir: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from saas.billing.plans import usage
    from saas.celery import app
    from saas.kernel import bulk_exports, tasks

    add_contacts(workspace_a, 3, workspace_a.owner.pk)
    add_contacts(workspace_b, 2, workspace_b.owner.pk)
    old = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)["bulkExport"]["id"]
    theirs = start(workspace_b.api, CONTACTS, django_capture_on_commit_callbacks)["bulkExport"]["id"]
    old_url = finished(workspace_a.api, old)["url"]
    workspace_a.activate()
    BulkExport.objects.update(completed_at=timezone.now() - timedelta(days=settings.BULK_EXPORT_KEEP_DAYS, hours=1))
    fresh = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)["bulkExport"]["id"]
    assert usage(workspace_a.tenant)["storage_mb"] == 1

    workspace_a.activate()
    assert bulk_exports.expire_files() == 1
    assert bulk_exports.expire_files() == 0  # once
    assert finished(workspace_a.api, old)["status"] == "EXPIRED" and finished(workspace_a.api, old)["url"] is None
    response = Client(HTTP_HOST=urlsplit(old_url).netloc.split(":")[0]).get(urlsplit(old_url).path)
    assert response.status_code == 404  # the link handed out before finds nothing
    assert len(list((export_dir / workspace_a.tenant.schema_name).iterdir())) == 1  # the old file is gone
    assert len(lines(finished(workspace_a.api, fresh)["url"])) == 3  # a younger file stays
    workspace_a.activate()
    expired = BulkExport.objects.get(status=BulkExport.Status.EXPIRED)
    assert expired.file_size == 0 and expired.file_name == ""  # its bytes left the storage meter
    assert len(lines(finished(workspace_b.api, theirs)["url"])) == 2  # B's files are B's business
    entry = app.conf.beat_schedule["kernel.expire-bulk-exports"]
    assert entry == {"task": "kernel.expire_bulk_exports_everywhere", "schedule": tasks.HOURLY}


@pytest.mark.django_db
def test_a_workspace_whose_storage_is_full_gets_no_new_export(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    from saas import modules
    from saas.billing.models import Plan
    from saas.billing.plans import MB

    plan = Plan.objects.get(code="pro")  # a new workspace's trial
    plan.storage_mb = 1
    plan.save()
    full = modules.Module(name="test-full", meters=(modules.Meter(modules.STORED_BYTES, lambda t: MB),))
    modules.install(full)
    try:
        refused = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)
    finally:
        modules.uninstall("test-full")
    assert refused["bulkExport"] is None and refused["errors"][0]["code"] == "plan_limit"
    assert "storage" in refused["errors"][0]["message"]
    workspace_a.activate()
    assert not BulkExport.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "variables"),
    [
        (
            "query($size: Int, $from: String) { contacts(first: $size, after: $from, orderBy: [{lastName: ASC}])"
            " { edges { node { lastName } } } }",
            {"size": 10, "from": None},
        ),
        (
            "query($size: Int!, $until: String) { contacts(last: $size, before: $until)"
            " { edges { node { lastName } } } }",
            {"size": 3},
        ),
        (  # a variable the paging and a kept argument share stays declared
            "query($q: String, $size: Int) { contacts(search: $q, first: $size) { edges { node { lastName } } } }",
            {"q": "Last", "size": 5},
        ),
        (  # a fragment only the root's totalCount spread: the chunks leave both out
            "query($size: Int) { contacts(first: $size) { ...Total edges { node { ...Row } } } }"
            " fragment Total on ContactConnection { totalCount } fragment Row on Contact { lastName }",
            {"size": 2},
        ),
    ],
)
def test_paging_arguments_given_as_variables_are_ignored_and_every_row_goes_in(
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Callable[..., Any],
    query: str,
    variables: dict[str, Any],
) -> None:
    add_contacts(workspace_a, 12, workspace_a.owner.pk)
    started = start(workspace_a.api, query, django_capture_on_commit_callbacks, variables)
    assert started["errors"] == []
    status = finished(workspace_a.api, started["bulkExport"]["id"])
    assert (status["status"], status["errorMessage"], status["rowCount"]) == ("COMPLETED", None, 12)
    assert sorted(row["lastName"] for row in lines(status["url"])) == [f"Last {n:05d}" for n in range(12)]


@pytest.mark.django_db
def test_a_total_count_beside_the_rows_is_not_counted_again_for_each_chunk(workspace_a: Workspace) -> None:
    from graphql_schema.core.bulk_exports import export_rows, plan_export
    from tenants.models import Membership
    from tests.query_count import assert_num_queries

    counted = "{ contacts { totalCount pageInfo { endCursor } edges { node { id } } } }"
    assert "totalCount" in plan_export(counted, None).chunk_query  # the check at start runs the query as sent
    add_contacts(workspace_a, 2500, workspace_a.owner.pk)
    export = BulkExport.objects.create(query=counted, requested_by_id=workspace_a.owner.pk)
    membership = Membership.objects.select_related("user", "tenant").get(
        user=workspace_a.owner, tenant=workspace_a.tenant
    )
    with assert_num_queries(3 + 3) as queries:  # as without totalCount: one query per chunk
        rows = list(export_rows(export, membership, workspace_a.tenant))
    assert len(rows) == 2500
    assert not any("count(" in sql.lower() for sql in queries.statements)  # the rows' number is the file's


@on_own_connection
def test_rows_written_and_deleted_while_it_runs_change_neither_its_rows_nor_its_count(
    committed: Callable[[str], Workspace], export_dir: Any
) -> None:
    from strawberry import relay

    from graphql_schema.core.bulk_exports import export_rows
    from saas.kernel import bulk_exports
    from tenants.db import connection
    from tenants.models import Membership

    ws = committed("snapshot")
    add_contacts(ws, 2500, ws.owner.pk)
    before = set(Contact.objects.values_list("id", flat=True))
    export = BulkExport.objects.create(
        query="{ contacts { totalCount edges { node { id } } } }", requested_by_id=ws.owner.pk
    )
    membership = Membership.objects.select_related("user", "tenant").get(user=ws.owner, tenant=ws.tenant)
    connection.set_tenant(ws.tenant)
    rows = export_rows(export, membership, ws.tenant)
    first = [next(rows) for _ in range(1000)]  # the first chunk is read: the snapshot is taken

    def meanwhile() -> None:  # another member's work, committed while the export runs
        connection.set_tenant(ws.tenant)
        add_contacts(ws, 40, ws.owner.pk, prefix="Late ")
        Contact.objects.filter(pk__in=sorted(before, key=str)[-30:]).delete()

    in_own_thread(meanwhile)
    connection.set_tenant(ws.tenant)
    bulk_exports.write_rows(export, ws.tenant.schema_name, iter([*first, *rows]))
    export.refresh_from_db()
    written = (export_dir / ws.tenant.schema_name / export.file_name).read_text().splitlines()
    assert export.row_count == len(written) == 2500  # the list's one total, as it was when the export began
    exported = {relay.GlobalID.from_id(json.loads(line)["id"]).node_id for line in written}
    assert exported == {str(pk) for pk in before}
    assert Contact.objects.count() == 2500 + 40 - 30  # the writes did commit


@pytest.mark.django_db
def test_its_starter_hears_when_it_is_done_or_failed_without_polling(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from saas.kernel import bulk_exports

    heard: list[tuple[Any, str, dict[str, Any]]] = []
    monkeypatch.setattr(
        bulk_exports.events, "notify", lambda user, kind, message, data=None: heard.append((user, kind, data or {}))
    )  # the ``notifications`` subscription's entry point
    colleague = add_member(workspace_a, "admin")
    add_contacts(workspace_a, 3, workspace_a.owner.pk)
    done = start(workspace_a.api, CONTACTS, django_capture_on_commit_callbacks)["bulkExport"]["id"]
    failing = "query($q: String) { contacts(search: $q) { edges { node { id } } } }"
    monkeypatch.setattr(
        "graphql_schema.core.bulk_exports.export_rows",
        lambda *args: (_ for _ in ()).throw(bulk_exports_refused()),
    )
    failed = start(colleague.api, failing, django_capture_on_commit_callbacks)["bulkExport"]["id"]
    assert heard == [
        (workspace_a.owner.pk, "bulk_export_finished", {"bulkExportId": relay_pk(done), "status": "COMPLETED"}),
        (colleague.user.pk, "bulk_export_finished", {"bulkExportId": relay_pk(failed), "status": "FAILED"}),
    ]  # each starter alone, once


def bulk_exports_refused() -> Exception:
    from graphql_schema.core.bulk_exports import ExportRefused

    return ExportRefused("invalid", "The list answered nothing.")


def relay_pk(global_id: str) -> str:
    from strawberry import relay

    return str(relay.GlobalID.from_id(global_id).node_id)
