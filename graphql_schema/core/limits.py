"""Connection arguments and the query-cost budget, checked before anything runs.

One walk over the operation (fragments included, variables applied) does three things:

- checks every connection's ``first`` / ``last`` (0..100) and cursors (signed keyset cursors,
  core/keyset.py), raising a typed error; a bulk export's chunks (core/bulk_exports.py) read their root list
  in larger pages (the context's ``root_page_limit``), each 100 of its rows allowed the cost of a request;
- gives connections without ``first``/``last`` an explicit ``first: 20`` (the default page), so the
  resolvers and the optimizer's nested prefetches read the same page size;
- adds up the cost: each connection costs its page size times the page sizes of the connections it
  is nested in (``companies(first: 100) { contacts(first: 5) }`` costs 100 + 100 * 5 = 600).
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from graphql import (
    ArgumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    IntValueNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    value_from_ast_untyped,
)
from strawberry.extensions import SchemaExtension

from tenants.db import connection

from . import keyset, ratelimits
from .core_schema import core_schema
from .keyset import InvalidCursorError

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_QUERY_COST = 10_000


class PageSizeError(GraphQLError):
    def __init__(self, argument: str, value: int, path: str, node: Any = None, limit: int = MAX_PAGE_SIZE) -> None:
        super().__init__(
            f"`{argument}: {value}` on `{path}` is out of range: a page holds 0 to {limit} items.",
            nodes=node,  # ``locations``: where the argument is in the document
            extensions={"code": "PAGE_SIZE_OUT_OF_RANGE", "argument": argument, "max": limit},
        )


class QueryTooCostlyError(GraphQLError):
    def __init__(self, cost: int, limit: int) -> None:
        super().__init__(
            f"This query would cost {cost}, over the limit of {limit}. Ask for smaller pages or fewer nested lists.",
            extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "limit": limit},
        )


def is_connection(named_type: GraphQLNamedType) -> bool:
    return isinstance(named_type, GraphQLObjectType) and {"edges", "pageInfo"} <= named_type.fields.keys()


@dataclass
class Walk:
    schema: GraphQLSchema
    variables: dict[str, Any]
    fragments: dict[str, FragmentDefinitionNode]
    root_page_limit: int = MAX_PAGE_SIZE  # ``first`` / ``last`` of a root list (nested lists: MAX_PAGE_SIZE)
    fragment_costs: dict[str, int] = field(default_factory=dict)
    rewritten_fragments: dict[str, FragmentDefinitionNode] = field(default_factory=dict)

    def argument(self, node: FieldNode, name: str) -> tuple[ArgumentNode | None, Any]:
        for argument in node.arguments or ():
            if argument.name.value == name:
                value = argument.value
                if isinstance(value, VariableNode):
                    return argument, self.variables.get(value.name.value)
                return argument, value_from_ast_untyped(value, self.variables)
        return None, None

    def selection_set(self, selection_set: SelectionSetNode | None, parent: Any, path: str) -> tuple[Any, int]:
        """The selection set with defaults filled in, and its cost per parent item."""
        if selection_set is None:
            return None, 0
        total = 0
        selections = []
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                selection, cost = self.field(selection, parent, path)
            elif isinstance(selection, InlineFragmentNode):
                condition = (
                    self.schema.get_type(selection.type_condition.name.value) if selection.type_condition else parent
                )
                new_set, cost = self.selection_set(selection.selection_set, condition, path)
                selection = replace(selection, selection_set=new_set)
            elif isinstance(selection, FragmentSpreadNode):
                cost = self.fragment(selection.name.value, path)
            else:  # pragma: no cover
                cost = 0
            total += cost
            selections.append(selection)
        return replace(selection_set, selections=tuple(selections)), total

    def fragment(self, name: str, path: str) -> int:
        if name not in self.fragment_costs:
            definition = self.fragments.get(name)
            if definition is None:
                return 0
            self.fragment_costs[name] = 0  # cycles are rejected by validation; this guards the walk anyway
            condition = self.schema.get_type(definition.type_condition.name.value)
            new_set, cost = self.selection_set(definition.selection_set, condition, path)
            self.rewritten_fragments[name] = replace(definition, selection_set=new_set)
            self.fragment_costs[name] = cost
        return self.fragment_costs[name]

    def field(self, node: FieldNode, parent: Any, path: str) -> tuple[FieldNode, int]:
        name = node.name.value
        field_def = parent.fields.get(name) if isinstance(parent, GraphQLObjectType | GraphQLInterfaceType) else None
        if field_def is None:  # __typename and friends
            return node, 0
        child_path = f"{path}.{name}" if path else name
        named = get_named_type(field_def.type)
        if not is_connection(named) or "first" not in field_def.args:
            new_set, cost = self.selection_set(node.selection_set, named, child_path)
            _, ids = self.argument(node, "ids")
            if isinstance(ids, list):  # ``nodes(ids:)``: its selection runs once per id
                cost *= max(len(ids), 1)
            if new_set is node.selection_set:
                return node, cost
            return replace(node, selection_set=new_set), cost

        first_node, first = self.argument(node, "first")
        last_node, last = self.argument(node, "last")
        limit = self.root_page_limit if parent is self.schema.query_type else MAX_PAGE_SIZE
        for argument, value, at in (("first", first, first_node), ("last", last, last_node)):
            if value is not None and (not isinstance(value, int) or not 0 <= value <= limit):
                raise PageSizeError(argument, value, child_path, at or node, limit)
        for argument in ("after", "before"):
            cursor_node, cursor = self.argument(node, argument)
            if cursor is not None and keyset.decode(cursor) is None:  # signed by us, in this workspace
                raise InvalidCursorError(argument, child_path, cursor_node or node)

        arguments = node.arguments
        if first is None and last is None:
            default = ArgumentNode(name=NameNode(value="first"), value=IntValueNode(value=str(DEFAULT_PAGE_SIZE)))
            arguments = (*(a for a in node.arguments or () if a is not first_node), default)
            page = DEFAULT_PAGE_SIZE
        else:
            page = max(first or 0, last or 0)
        new_set, per_item = self.selection_set(node.selection_set, named, child_path)
        return replace(node, arguments=arguments, selection_set=new_set), page + page * per_item


def plan(
    schema: GraphQLSchema,
    document: Any,
    operation_name: str | None,
    variables: dict[str, Any],
    root_page_limit: int = MAX_PAGE_SIZE,
) -> tuple[Any, int]:
    """The document with default page sizes filled in, and the cost of the operation that will run."""
    fragments = {d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)}
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    chosen = [o for o in operations if operation_name is None or (o.name and o.name.value == operation_name)]
    values = dict(variables or {})
    for operation in chosen[:1]:  # a variable's declared default applies when the request leaves it out
        for definition in operation.variable_definitions or ():
            name = definition.variable.name.value
            if name not in values and definition.default_value is not None:
                values[name] = value_from_ast_untyped(definition.default_value)
    walk = Walk(schema, values, fragments, root_page_limit)
    total = 0
    new_operations: dict[int, OperationDefinitionNode] = {}
    for operation in chosen[:1]:
        root = schema.get_root_type(operation.operation)
        new_set, total = walk.selection_set(operation.selection_set, root, "")
        new_operations[id(operation)] = replace(operation, selection_set=new_set)

    def definitions() -> Iterator[Any]:
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                yield walk.rewritten_fragments.get(definition.name.value, definition)
            else:
                yield new_operations.get(id(definition), definition)

    return replace(document, definitions=tuple(definitions())), total


PLANS_KEPT = 256


class PlanCache:
    """``plan``'s answers for the documents clients send again and again (``ParserCache`` hands out the same
    document object for the same text), per operation, variables, page limit and workspace (cursors are
    signed per workspace). Only answers are kept: an operation refused is walked again each time."""

    def __init__(self, size: int = PLANS_KEPT) -> None:
        self.size = size
        self.plans: OrderedDict[tuple[Any, ...], tuple[Any, Any, int]] = OrderedDict()
        self.lock = threading.Lock()  # request threads share it

    def plan(
        self, schema: GraphQLSchema, document: Any, operation_name: str | None, variables: dict[str, Any], limit: int
    ) -> tuple[Any, int]:
        try:
            values = json.dumps(variables, sort_keys=True)
        except (TypeError, ValueError):  # not JSON (an upload, say): not kept
            return plan(schema, document, operation_name, variables, limit)
        key = (id(document), id(schema), operation_name, values, limit, connection.schema_name)
        with self.lock:
            kept = self.plans.get(key)
            if kept is not None and kept[0] is document:  # the id is the same document's, not a reused one's
                self.plans.move_to_end(key)
                return kept[1], kept[2]
        new_document, cost = plan(schema, document, operation_name, variables, limit)
        with self.lock:
            self.plans[key] = (document, new_document, cost)  # holds the document, so its id is not reused
            if len(self.plans) > self.size:
                self.plans.popitem(last=False)
        return new_document, cost


plans = PlanCache()


class ConnectionLimits(SchemaExtension):
    """Page-size and cursor checks, default page size and the cost budget (see the module docstring)."""

    max_cost = MAX_QUERY_COST

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        document = context.graphql_document
        if document is not None:
            root_page_limit = max(getattr(context.context, "root_page_limit", MAX_PAGE_SIZE), MAX_PAGE_SIZE)
            new_document, cost = plans.plan(
                core_schema(context.schema), document, context.operation_name, context.variables or {}, root_page_limit
            )
            max_cost = self.max_cost * root_page_limit // MAX_PAGE_SIZE
            if cost > max_cost:
                raise QueryTooCostlyError(cost, max_cost)
            charged = ratelimits.request_cost(document, context.operation_name, cost)
            self.cost = charged
            try:
                self.bucket = ratelimits.charge(context.context, charged)
            except ratelimits.RateLimitedError as refused:
                self.bucket = refused.status  # the answer still reports the bucket
                raise
            context.graphql_document = new_document
        yield

    def get_results(self) -> dict[str, Any]:
        """``extensions.cost`` in the response: clients see how close they are to the budget and their bucket."""
        cost = getattr(self, "cost", None)
        if cost is None:
            return {}
        bucket = ratelimits.cost_extension(getattr(self, "bucket", None))
        return {"cost": {"requested": cost, "limit": self.max_cost, **bucket}}
