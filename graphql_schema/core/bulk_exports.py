"""Bulk exports on the API side: any root list query, run chunk by chunk in the background, as JSON lines.

``startBulkExport(input: {query, variables})`` takes a query with one root list (a connection), e.g.
``{ contacts(filter: {...}, orderBy: [...]) { edges { node { id firstName company { name } } } } }``.
It is checked at once by running it on no rows (so every rule of a request holds and answers now:
syntax, validation, limits, ``FIELD_HIDDEN`` filters, the role's export right), recorded
(``saas.kernel.bulk_exports``), and a Celery task exports it:

1. the list's own root resolver gives its rows (scope, filter, search, order: ``resolve_root_field``),
   narrowed to the member's export scope (``listed`` reads ``bulk_export`` from the context);
2. the query itself (only its ``edges``: a root ``totalCount`` would be counted again per chunk; paging
   arguments and what only they used left out, ``plan_export``) pages through them, ``first: CHUNK`` rows
   at a time, each page ``after:`` the keyset cursor the one before ended at (core/keyset.py), on the
   list's own order: no id leaves PostgreSQL, and every page starts where an index on the ordering
   points. The nodes are exactly what the list answers the member, fast paths included, in a fixed number
   of SQL queries per chunk; run in one ``REPEATABLE READ`` transaction, the pages read one snapshot of
   the list. A chunk is ten pages of a request (the context's ``root_page_limit``; core/limits.py allows
   each 100 rows the cost of a request): the execution's fixed cost is paid per 1,000 rows;
3. fields the role hides (``null`` with a ``FORBIDDEN`` error in a response) are left out of the line;
   each ``node`` is one line. Memory stays flat: one chunk at a time, written as it comes. Once a
   chunk shows a field hidden, the next chunks' query leaves it out (``without_hidden``): the field
   would be dropped anyway, and a query with no hidden field takes the list's SQL fast path. There each
   node is the JSON text PostgreSQL wrote (``raw_json``, as for the HTTP view), written to the file as it
   is: no row is decoded or encoded in Python.

The pages of an export are not charged to the rate-limit buckets: starting it is (a mutation).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, Literal

import strawberry
import strawberry_django
from celery import shared_task
from django.db import connection as db_connection
from django.db import models, transaction
from django.http import HttpRequest
from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLSyntaxError,
    InlineFragmentNode,
    IntValueNode,
    NamedTypeNode,
    NameNode,
    Node,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    parse,
    print_ast,
    validate,
    value_from_ast_untyped,
    visit,
)
from strawberry import relay
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.errors import UserError, user_errors
from graphql_schema.permissions import require_membership
from saas.access import policy
from saas.errors import ErrorCode, FieldError, ServiceError
from saas.kernel import bulk_exports
from saas.kernel.models import BulkExport
from tenants.db import connection
from tenants.models import Membership, Tenant

from .core_schema import core_schema, resolve_root_field
from .limits import MAX_PAGE_SIZE, is_connection
from .nodes import record_type
from .sqlpages import RawJSON

logger = logging.getLogger(__name__)

CHUNK = 10 * MAX_PAGE_SIZE  # nodes per execution of the query
PAGING = frozenset({"first", "last", "after", "before"})
AFTER = "_bulkExportAfter"  # the chunk query's variable: the cursor the previous chunk ended at
PAGE = "_bulkExportPage"  # the chunk query's ``pageInfo`` (its alias): where the chunk ended
JSON_LINE: dict[str, Any] = {"ensure_ascii": False, "separators": (",", ":")}  # as the HTTP view and PostgreSQL write


class ExportRefused(Exception):
    """The query cannot be exported; ``code`` and ``message`` go to the export (or the mutation's errors)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass
class ExportContext:
    """``info.context`` of an export's executions: the member's request, and whether the list is read whole
    (``rows``: what the member may export) or on no rows (``check``: whether the query runs at all)."""

    request: HttpRequest
    response: None = None
    bulk_export: Literal["rows", "check"] = "rows"
    raw_json: bool = True  # nodes the SQL fast path builds stay JSON text (``sqlpages.RawJSON``)
    edges_one_by_one: bool = True  # ``edges`` stays a list (one line a node), never one text (``BuiltEdges``)
    root_page_limit: int = CHUNK  # the root list's ``first: CHUNK`` (core/limits.py)

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def get(self, key: str) -> Any:
        return getattr(self, key, None)


@dataclass(frozen=True)
class ExportPlan:
    field_name: str  # the root list field
    response_key: str  # its alias, or its name
    chunk_query: str  # the query with ``first: CHUNK, after: $_bulkExportAfter`` on the root list, and its pageInfo
    arguments: dict[str, Any]  # the root list's arguments (JSON values), for its resolver


def _schema() -> Any:
    from graphql_schema.schema import tenant_schema  # the schema is built from the modules, this one included

    return tenant_schema


def _only_field(selections: Any, name: str) -> FieldNode | None:
    found = [s for s in selections if isinstance(s, FieldNode) and s.name.value == name]
    return found[0] if len(found) == 1 else None


def plan_export(query: str, variables: dict[str, Any] | None, *, rows_only: bool = False) -> ExportPlan:
    """Check the query's shape (one query, one root list, ``edges { node }``) and make its chunk query.

    ``rows_only``: the chunk query selects only the list's ``edges`` (and where the chunk ended). Nothing else
    at the root goes in the file (a line is a node), so a ``totalCount`` there would only be counted again for
    every chunk; the export's ``rowCount`` is the list's total, counted in the snapshot its rows were read in.
    """
    try:
        document = parse(query)
    except GraphQLSyntaxError as error:
        raise ExportRefused(ErrorCode.INVALID, f"The query does not parse: {error.message}") from error
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        raise ExportRefused(ErrorCode.INVALID, "Send exactly one query operation (not a mutation or subscription).")
    operation = operations[0]
    roots = list(operation.selection_set.selections)
    root = roots[0] if len(roots) == 1 and isinstance(roots[0], FieldNode) else None
    query_type = core_schema(_schema()).query_type
    assert query_type is not None
    field_def = query_type.fields.get(root.name.value) if root is not None else None
    if root is None or field_def is None or not is_connection(get_named_type(field_def.type)):
        raise ExportRefused(ErrorCode.INVALID, "The query must select exactly one root list, e.g. `contacts`.")
    edges = _only_field(root.selection_set.selections if root.selection_set else (), "edges")
    node = _only_field(edges.selection_set.selections if edges and edges.selection_set else (), "node")
    if edges is None or node is None or edges.alias is not None or node.alias is not None:
        raise ExportRefused(ErrorCode.INVALID, "Select the list's rows as `edges { node { ... } }`.")
    arguments = [a for a in root.arguments or () if a.name.value not in PAGING]
    first = ArgumentNode(name=NameNode(value="first"), value=IntValueNode(value=str(CHUNK)))
    after = ArgumentNode(name=NameNode(value="after"), value=VariableNode(name=NameNode(value=AFTER)))
    assert root.selection_set is not None
    page_info = parse(f"{{ {PAGE}: pageInfo {{ hasNextPage endCursor }} }}").definitions[0]
    assert isinstance(page_info, OperationDefinitionNode)
    listed = (edges,) if rows_only else root.selection_set.selections
    selections = (*listed, *page_info.selection_set.selections)
    chunk_root = replace(
        root, arguments=(*arguments, first, after), selection_set=replace(root.selection_set, selections=selections)
    )
    chunk_operation = replace(operation, selection_set=replace(operation.selection_set, selections=(chunk_root,)))
    values = {a.name.value: value_from_ast_untyped(a.value, variables or {}) for a in arguments}
    return ExportPlan(
        field_name=root.name.value,
        response_key=root.alias.value if root.alias else root.name.value,
        chunk_query=print_ast(_only_what_is_used(document, operation, chunk_operation)),
        arguments={name: value for name, value in values.items() if value is not None},
    )


def _only_what_is_used(
    document: DocumentNode, operation: OperationDefinitionNode, chunk_operation: OperationDefinitionNode
) -> DocumentNode:
    """The chunk query's document: its operation in place of the query's, with the fragments it still spreads
    and the variables it still uses, and the chunk's cursor. Left in, a variable only the paging arguments
    used (``first: $size``) or a fragment only a left-out field spread would fail validation."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    used_fragments: set[str] = set()
    used_variables: set[str] = set()
    pending: list[Node] = [chunk_operation.selection_set]
    while pending:
        found = _uses(pending.pop())
        used_variables |= found[1]
        for name in found[0] - used_fragments:
            used_fragments.add(name)
            if name in fragments:
                pending.append(fragments[name])
    kept = tuple(d for d in chunk_operation.variable_definitions or () if d.variable.name.value in used_variables)
    after_variable = VariableDefinitionNode(
        variable=VariableNode(name=NameNode(value=AFTER)), type=NamedTypeNode(name=NameNode(value="String"))
    )
    chunk_operation = replace(chunk_operation, variable_definitions=(*kept, after_variable))
    definitions = (
        chunk_operation if d is operation else d
        for d in document.definitions
        if not isinstance(d, FragmentDefinitionNode) or d.name.value in used_fragments
    )
    return replace(document, definitions=tuple(definitions))


def _uses(node: Node) -> tuple[set[str], set[str]]:
    """The fragments ``node`` spreads and the variables it uses (its own selections, not the fragments')."""
    spreads: set[str] = set()
    variables: set[str] = set()

    class Uses(Visitor):
        def enter_fragment_spread(self, spread: FragmentSpreadNode, *_: Any) -> None:
            spreads.add(spread.name.value)

        def enter_variable(self, variable: VariableNode, *_: Any) -> None:
            variables.add(variable.name.value)

    visit(node, Uses())
    return spreads, variables


def _run(plan: ExportPlan, variables: dict[str, Any] | None, context: ExportContext, after: str | None) -> Chunk:
    """The nodes of the chunk after the cursor ``after`` (None: the first), hidden fields left out, and where
    it ended; ``ExportRefused`` on any other error."""
    result = _schema().execute_sync(
        plan.chunk_query, variable_values={**(variables or {}), AFTER: after}, context_value=context
    )
    data = result.data
    hidden: set[tuple[str, ...]] = set()
    for error in result.errors or ():
        extensions = error.extensions or {}
        code = str(extensions.get("code") or "")
        if code == "FORBIDDEN" and error.path and data is not None:
            _drop(data, list(error.path))  # a field the role hides: absent from the line
            hidden.add(tuple(str(step) for step in error.path if not isinstance(step, int)))
            continue
        raise ExportRefused(code.lower() or ErrorCode.INVALID, error.message)
    if data is None or data.get(plan.response_key) is None:
        raise ExportRefused(ErrorCode.INVALID, "The list answered nothing.")
    listed = data[plan.response_key]
    nodes = [edge["node"] for edge in listed["edges"] if edge and edge.get("node") is not None]
    page = listed[PAGE]
    return Chunk(nodes, frozenset(hidden), page["endCursor"] if page["hasNextPage"] else None)


@dataclass(frozen=True)
class Chunk:
    nodes: list[dict[str, Any] | RawJSON]
    hidden: frozenset[tuple[str, ...]]  # response-key paths (no list indexes) of the fields the role hid
    next_after: str | None  # the cursor the next chunk starts after; None: this was the last one


class _Unprunable(Exception):
    """Leaving the fields out would not give a valid query (a fragment spread, an emptied selection)."""


def without_hidden(plan: ExportPlan, hidden: frozenset[tuple[str, ...]]) -> ExportPlan:
    """``plan`` whose chunk query leaves out the fields at ``hidden``, or ``plan`` itself if it can't."""
    document = parse(plan.chunk_query)
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    try:
        selections = _pruned(operation.selection_set, hidden, ())
    except _Unprunable:
        return plan
    pruned = replace(operation, selection_set=selections)
    pruned_document: DocumentNode = replace(
        document, definitions=tuple(pruned if d is operation else d for d in document.definitions)
    )
    if validate(core_schema(_schema()), pruned_document):  # e.g. a variable only a left-out field used
        return plan
    return replace(plan, chunk_query=print_ast(pruned_document))


def _pruned(selection_set: SelectionSetNode, hidden: frozenset[tuple[str, ...]], at: tuple[str, ...]) -> Any:
    kept: list[Any] = []
    for selection in selection_set.selections:
        if isinstance(selection, FragmentSpreadNode):
            raise _Unprunable
        if isinstance(selection, FieldNode):
            path = (*at, (selection.alias or selection.name).value)
            if path in hidden:
                continue
            if selection.selection_set is not None:
                selection = replace(selection, selection_set=_pruned(selection.selection_set, hidden, path))
        elif isinstance(selection, InlineFragmentNode):  # its fields answer at this level
            selection = replace(selection, selection_set=_pruned(selection.selection_set, hidden, at))
        kept.append(selection)
    if not kept:
        raise _Unprunable
    return replace(selection_set, selections=tuple(kept))


def _drop(data: Any, path: list[Any]) -> None:
    *parents, last = path
    for step in parents:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            return
    if isinstance(data, dict):
        data.pop(last, None)


def member_request(membership: Membership, tenant: Tenant) -> HttpRequest:
    """A request as the middleware leaves it for this member on the workspace's host (no headers, no session)."""
    request = HttpRequest()
    request.method = "POST"
    request.META["HTTP_HOST"] = tenant.url.split("://", 1)[-1]
    request.tenant = tenant  # type: ignore[attr-defined]
    request.membership = membership  # type: ignore[attr-defined]
    request.user = membership.user
    request.api_key = None  # type: ignore[attr-defined]
    return request


def exported_model(plan: ExportPlan, context: ExportContext) -> tuple[type[models.Model], models.QuerySet[Any]]:
    """The list's rows as its resolver gives them, and their model; ``ExportRefused`` if it refuses."""
    try:
        listed = resolve_root_field(_schema(), plan.field_name, plan.arguments, context)
    except GraphQLError as error:
        raise ExportRefused(str((error.extensions or {}).get("code") or "invalid").lower(), error.message) from error
    if not isinstance(listed, models.QuerySet):
        raise ExportRefused(ErrorCode.INVALID, "This list cannot be exported.")
    return listed.model, listed


def check_query(
    membership: Membership, tenant: Tenant, query: str, variables: dict[str, Any] | None
) -> type[models.Model]:
    """Refuse now what the export would refuse later: run the query on no rows; answer the list's model."""
    plan = plan_export(query, variables)
    context = ExportContext(member_request(membership, tenant), bulk_export="check")
    model, _ = exported_model(plan, context)
    _run(plan, variables, context, None)
    return model


def export_rows(export: BulkExport, membership: Membership, tenant: Tenant) -> Iterator[str]:
    """The export's lines (JSON texts): the list's rows the member may export, chunk by chunk, as the query
    answers them."""
    plan = plan_export(export.query, export.variables, rows_only=True)
    context = ExportContext(member_request(membership, tenant))
    model, _ = exported_model(plan, context)
    try:
        policy.check(membership, "export", model)
    except ServiceError as refused:
        raise ExportRefused(ErrorCode.PERMISSION_DENIED, refused.errors[0].message) from refused
    with one_snapshot():
        hidden: frozenset[tuple[str, ...]] = frozenset()
        after: str | None = None
        while True:
            answered = _run(plan, export.variables, context, after)
            if not answered.hidden <= hidden:
                hidden |= answered.hidden
                plan = without_hidden(plan, hidden)
            for node in answered.nodes:
                yield node.text if node.__class__ is RawJSON else json.dumps(node, **JSON_LINE)
            if answered.next_after is None:
                return
            after = answered.next_after


@contextmanager
def one_snapshot() -> Iterator[None]:
    """A transaction whose statements all read the database as it was at its first one (``REPEATABLE READ``):
    a record renamed between two chunks is neither exported twice nor missed. Inside a transaction already
    (tests), that one's isolation stands: PostgreSQL sets it only before a transaction's first query."""
    outermost = not db_connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            with db_connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


@shared_task(name="kernel.run_bulk_export", ignore_result=True)
def run_bulk_export(export_id: str) -> None:
    """Export one ``BulkExport`` (in its tenant's schema, set by the Celery app); once, whatever retries."""
    export = BulkExport.objects.filter(pk=export_id).first()
    if export is None or not bulk_exports.mark_running(export):
        return
    tenant = connection.tenant
    membership = (
        Membership.objects.filter(user_id=export.requested_by_id, tenant=tenant, is_active=True)
        .select_related("user", "tenant")
        .first()
    )
    if membership is None:
        bulk_exports.fail(export, ErrorCode.PERMISSION_DENIED, "Whoever started this export is no longer a member.")
        return
    try:
        bulk_exports.write_rows(export, tenant.schema_name, export_rows(export, membership, tenant))
    except ExportRefused as refused:
        bulk_exports.fail(export, refused.code, refused.message)
    except Exception:
        logger.exception("bulk export failed", extra={"export": export_id, "tenant": tenant.schema_name})
        bulk_exports.fail(export, "internal_error", "Unexpected error.")


# --- the schema ---------------------------------------------------------------------------------


@strawberry.enum(name="BulkExportStatus", description="Where a bulk export is.")
class BulkExportStatus(Enum):
    CREATED = strawberry.enum_value("created", description="Recorded; waiting for a worker.")
    RUNNING = strawberry.enum_value("running", description="Rows are being written.")
    COMPLETED = strawberry.enum_value("completed", description="Done: `url` serves the file.")
    FAILED = strawberry.enum_value("failed", description="Stopped: `errorCode` and `errorMessage` say why.")
    EXPIRED = strawberry.enum_value(
        "expired", description="Completed, and its file was removed after the days exports are kept; run it again."
    )


@record_type(
    BulkExport,
    name="BulkExport",
    description="An export of a whole list query as JSON lines (one `node` per line), made in the background. "
    "Only whoever started it can read it.",
)
class BulkExportNode(relay.Node):
    _id_attr: ClassVar[str | None] = "pk"

    query: str = strawberry_django.field(description="The list query exported.")
    variables: JSON = strawberry_django.field(description="The query's variables.")
    row_count: int = strawberry_django.field(description="Lines written (the rows exported, once completed).")
    file_size: int = strawberry_django.field(description="The file's size in bytes, once completed.")
    created_at: datetime = strawberry_django.field(description="When it was started.")
    completed_at: datetime | None = strawberry_django.field(description="When it completed or failed.")

    @strawberry_django.field(only=["error_code"], description="Why it failed, e.g. `field_hidden`; null otherwise.")
    def error_code(self, root: BulkExport) -> str | None:
        return root.error_code or None

    @strawberry_django.field(only=["error_message"], description="Why it failed, in words; null otherwise.")
    def error_message(self, root: BulkExport) -> str | None:
        return root.error_message or None

    @classmethod
    def get_queryset(cls, queryset: models.QuerySet[Any], info: Info, **kwargs: Any) -> models.QuerySet[Any]:
        membership = require_membership(info)
        return queryset.filter(requested_by_id=membership.user_id)

    @strawberry_django.field(only=["status"], description="Where it is: created, running, completed or failed.")
    def status(self, root: BulkExport) -> BulkExportStatus:
        return BulkExportStatus(root.status)

    @strawberry_django.field(
        only=["status", "file_name"],
        description="A signed link to the JSON-lines file (`application/jsonl`), once completed; valid until "
        "`urlExpiresAt` (ask again for a fresh one). Anyone holding it can download the file: keep it private.",
    )
    def url(self, root: BulkExport) -> str | None:
        found = bulk_exports.download(root, connection.tenant)
        return found.url if found else None

    @strawberry_django.field(only=["status", "file_name"], description="When `url` stops working.")
    def url_expires_at(self, root: BulkExport) -> datetime | None:
        found = bulk_exports.download(root, connection.tenant)
        return found.expires_at if found else None


@strawberry.input(description="A list query to export whole.")
class StartBulkExportInput:
    query: str = strawberry.field(
        description="One query with one root list selecting `edges { node { ... } }`, with any `filter`, "
        "`orderBy` or `search` (no `first` / `after`: every row goes in), e.g. "
        "`{ contacts(orderBy: [{lastName: ASC}]) { edges { node { id firstName lastName } } } }`."
    )
    variables: JSON | None = strawberry.field(default=None, description="The query's variables, if it has any.")


@strawberry.type(description="The export started, or why not.")
class StartBulkExportPayload:
    bulk_export: BulkExportNode | None = strawberry.field(default=None, description="The export, `CREATED`.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class BulkExportQuery:
    @strawberry.field(description="One of your bulk exports (poll it until `COMPLETED` or `FAILED`).")
    def bulk_export(self, info: Info, id: relay.GlobalID) -> BulkExportNode | None:
        membership = require_membership(info)
        if id.type_name != "BulkExport":
            return None
        return bulk_exports.get_for(membership, id.node_id)  # type: ignore[return-value]


@strawberry.type
class BulkExportMutation:
    @strawberry.mutation(
        description="Export a whole list query as JSON lines in the background. Follow it with `bulkExport(id:)` "
        "or the `notifications` subscription (`bulk_export_finished`), then download `url`. One export of "
        "yours runs at a time (`export_running`); a query the list would refuse is refused now (`query`)."
    )
    def start_bulk_export(self, info: Info, input: StartBulkExportInput) -> StartBulkExportPayload:
        membership = require_membership(info)
        variables = input.variables if isinstance(input.variables, dict) else None
        try:
            if input.variables is not None and variables is None:
                raise ServiceError(FieldError("variables", "An object of variables.", ErrorCode.INVALID))
            try:
                model = check_query(membership, connection.tenant, input.query, variables)
            except ExportRefused as refused:
                raise ServiceError(FieldError("query", refused.message, refused.code)) from refused
            export = bulk_exports.start(membership, input.query, variables, model)
        except ServiceError as error:
            return StartBulkExportPayload(errors=user_errors(error.errors))
        schema = {"_schema_name": connection.schema_name}  # the worker runs it in this workspace's schema
        transaction.on_commit(lambda: run_bulk_export.apply_async(args=[str(export.pk)], headers=schema))
        return StartBulkExportPayload(bulk_export=export)  # type: ignore[arg-type]
