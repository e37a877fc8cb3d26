"""What any input must be, whatever field takes it: checked once, here, before a resolver runs.

Every value a request gives (variables and literals in the document, at any depth of any
argument) is parsed with its own scalar and then held to the rules below. A value that breaks
one is refused with a typed ``BAD_USER_INPUT`` error naming where it was (``extensions.field``,
e.g. ``$input.firstName``) and ``extensions.reason``; nothing runs, so nothing is stored.

- Text (``String``, ``ID``, strings inside ``JSON``, keys too): no NUL character and no lone
  UTF-16 surrogate. PostgreSQL cannot store either, and neither is text a person typed.
- ``DateTime``: an explicit time zone (``Z`` or an offset): storage is UTC, and a naive time
  would be read in whatever zone the server runs in.
- ``Date`` / ``DateTime``: years ``MIN_YEAR`` to ``MAX_YEAR``. Outside that the value is a typo,
  and arithmetic near years 1 and 9999 overflows.
- ``Decimal``: finite (not NaN or infinite), below ``10**MAX_DECIMAL_EXPONENT`` in size and at
  most ``MAX_DECIMAL_DIGITS`` digits.
- ``JSON`` values (``preferences`` and any later free-form field): at most ``MAX_JSON_BYTES``
  once encoded and ``MAX_JSON_DEPTH`` levels deep. Services that store JSON from elsewhere
  (imports, workflows) check the same with ``saas.json_values.check_json_value``.
- Nesting: at most ``MAX_INPUT_DEPTH`` levels of lists and input objects in one argument, and
  ``MAX_LIST_ITEMS`` items in one list (filters with ``AND``/``OR``/``NOT`` are the deep ones).

A new module's fields get all of this by declaring their arguments with the usual scalars.
The raw request body has its own, coarser limits (``graphql_schema.views``).
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterator
from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    GraphQLError,
    GraphQLInputObjectType,
    GraphQLInputType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    ListValueNode,
    Node,
    NullValueNode,
    ObjectFieldNode,
    ObjectValueNode,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    ValueNode,
    VariableNode,
    Visitor,
    get_named_type,
    type_from_ast,
    value_from_ast_untyped,
    visit,
)
from strawberry.extensions import SchemaExtension
from strawberry.relay import GlobalID

from saas.json_values import MAX_JSON_BYTES, MAX_JSON_DEPTH, JsonValueError, check_json_value, text_problem

from .core_schema import core_schema

MAX_INPUT_DEPTH = 16
MAX_LIST_ITEMS = 1000
MIN_YEAR = 1000
MAX_YEAR = 2999
MAX_DECIMAL_EXPONENT = 18  # 10**18: more than any amount of money this CRM holds
MAX_DECIMAL_DIGITS = 40

__all__ = [
    "MAX_INPUT_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_LIST_ITEMS",
    "InputRejected",
    "InputRules",
    "check_document",
    "clean_documents",
]


class InputRejected(GraphQLError):
    """A request value broke a rule of this module: typed, naming where the value was."""

    def __init__(self, field: str, reason: str, message: str) -> None:
        super().__init__(
            f"`{field}`: {message}",
            extensions={"code": "BAD_USER_INPUT", "field": field, "reason": reason},
        )


def _scalar_problem(scalar: GraphQLScalarType, value: Any) -> tuple[str, str] | None:
    """(reason, message) when the value its scalar parsed to breaks a rule, else None."""
    if isinstance(value, str):
        return text_problem(value)
    if isinstance(value, GlobalID):
        return text_problem(value.type_name) or text_problem(value.node_id)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return "time_zone_required", "Give a time zone (e.g. `2026-01-31T09:00:00Z` or `+08:00`)."
        return _year_problem(value.year)
    if isinstance(value, dt.date):
        return _year_problem(value.year)
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            return "not_a_number", "A decimal must be a finite number."
        if value and value.adjusted() >= MAX_DECIMAL_EXPONENT:
            return "too_large", f"A decimal must be below 10^{MAX_DECIMAL_EXPONENT}."
        if len(value.as_tuple().digits) > MAX_DECIMAL_DIGITS:
            return "too_many_digits", f"A decimal has at most {MAX_DECIMAL_DIGITS} digits."
        return None
    if scalar.name == "JSON":
        try:
            check_json_value(value)
        except JsonValueError as exc:
            return exc.reason, exc.message
    return None


def _year_problem(year: int) -> tuple[str, str] | None:
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return "year_out_of_range", f"Years from {MIN_YEAR} to {MAX_YEAR} only."


def _unwrap(type_: Any) -> Any:
    return type_.of_type if isinstance(type_, GraphQLNonNull) else type_


class _Checker:
    """Holds one argument's values to the rules; ``field`` names where each value is."""

    def raw(self, type_: Any, value: Any, field: str, depth: int = 0) -> None:
        """A variable's value, as decoded from JSON (not yet coerced)."""
        if value is None:
            return
        type_ = _unwrap(type_)
        if isinstance(type_, GraphQLList):
            items = value if isinstance(value, list) else [value]  # a lone item stands for a list of one
            self.nesting(field, depth + 1, len(items))
            for index, item in enumerate(items):
                self.raw(type_.of_type, item, f"{field}.{index}", depth + 1)
        elif isinstance(type_, GraphQLInputObjectType):
            if not isinstance(value, dict):
                return  # graphql-core refuses it with a typed error
            self.nesting(field, depth + 1, 0)
            for name, item in value.items():
                input_field = type_.fields.get(name)
                if input_field is not None:
                    self.raw(input_field.type, item, f"{field}.{name}", depth + 1)
        elif isinstance(type_, GraphQLScalarType):
            self._strings_in(value, field)
            try:
                parsed = type_.parse_value(value)
            except Exception:
                return  # not this scalar at all: graphql-core refuses it with a typed error
            self._scalar(type_, parsed, field)

    def literal(self, type_: Any, node: ValueNode, field: str) -> None:
        """A literal leaf in the document (lists and objects are walked by the visitor)."""
        named = get_named_type(type_)
        if not isinstance(named, GraphQLScalarType) or isinstance(node, VariableNode | NullValueNode):
            return
        value = getattr(node, "value", None)
        if isinstance(value, str):
            self._strings_in(value, field)
        try:
            parsed = named.parse_literal(node)
        except Exception:
            return  # validation already refused what its scalar cannot read
        self._scalar(named, parsed, field)

    def nesting(self, field: str, depth: int, items: int) -> None:
        if depth > MAX_INPUT_DEPTH:
            raise InputRejected(field, "too_deep", f"Input nested deeper than {MAX_INPUT_DEPTH} levels.")
        if items > MAX_LIST_ITEMS:
            raise InputRejected(field, "too_many_items", f"At most {MAX_LIST_ITEMS} items in a list.")

    def _strings_in(self, value: Any, field: str) -> None:
        if isinstance(value, str):
            problem = text_problem(value)
            if problem is not None:
                raise InputRejected(field, *problem)

    def _scalar(self, scalar: GraphQLScalarType, parsed: Any, field: str) -> None:
        problem = _scalar_problem(scalar, parsed)
        if problem is not None:
            raise InputRejected(field, *problem)


class _LiteralWalk(Visitor):
    """Literal argument values in the document, with the input type each one is read as."""

    def __init__(self, type_info: TypeInfo, checker: _Checker, variables: dict[str, Any]) -> None:
        super().__init__()
        self.type_info = type_info
        self.checker = checker
        self.variables = variables
        self.path: list[str] = []
        self.depth = 0
        self.reads_variables = False  # a JSON literal holding variables: its check depends on them

    def enter_argument(self, node: ArgumentNode, *_: Any) -> None:
        self.path.append(node.name.value)

    def leave_argument(self, *_: Any) -> None:
        self.path.pop()

    def enter_object_field(self, node: ObjectFieldNode, *_: Any) -> None:
        self.path.append(node.name.value)

    def leave_object_field(self, *_: Any) -> None:
        self.path.pop()

    def enter(self, node: Node, *_: Any) -> Any:
        if not isinstance(node, ValueNode) or not self.path:
            return None
        type_ = self.type_info.get_input_type()
        named = get_named_type(type_)
        field = ".".join(self.path)
        if isinstance(named, GraphQLScalarType) and named.name == "JSON":
            # The whole literal is one JSON value, variables in it included.
            self.reads_variables = self.reads_variables or _holds_variables(node)
            self.checker.raw(type_, value_from_ast_untyped(node, self.variables), field)
            return self.SKIP
        if isinstance(node, ListValueNode | ObjectValueNode):
            self.depth += 1
            self.checker.nesting(field, self.depth, len(node.values) if isinstance(node, ListValueNode) else 0)
        else:
            self.checker.literal(type_, node, field)
        return None

    def leave(self, node: Node, *_: Any) -> None:
        if isinstance(node, ListValueNode | ObjectValueNode) and self.path:
            self.depth -= 1


def _chosen_operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    for operation in operations:
        if operation_name is None or (operation.name is not None and operation.name.value == operation_name):
            return operation
    return None


def _holds_variables(node: Any) -> bool:
    if isinstance(node, VariableNode):
        return True
    if isinstance(node, ListValueNode):
        return any(_holds_variables(value) for value in node.values)
    if isinstance(node, ObjectValueNode):
        return any(_holds_variables(field.value) for field in node.fields)
    return False


def check_variables(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None, variables: dict[str, Any] | None
) -> None:
    """Raise ``InputRejected`` for the first variable value (or default) that breaks a rule."""
    checker = _Checker()
    operation = _chosen_operation(document, operation_name)
    definitions = (operation.variable_definitions or ()) if operation is not None else ()
    for definition in definitions:
        name = definition.variable.name.value
        type_: GraphQLInputType | None = type_from_ast(schema, definition.type)  # type: ignore[assignment]
        if type_ is None:
            continue
        if variables and name in variables:
            checker.raw(type_, variables[name], f"${name}")
        elif definition.default_value is not None:
            checker.raw(type_, value_from_ast_untyped(definition.default_value), f"${name}")


def check_literals(schema: GraphQLSchema, document: DocumentNode, variables: dict[str, Any] | None) -> bool:
    """Raise ``InputRejected`` for the first literal that breaks a rule; True when that held without variables."""
    type_info = TypeInfo(schema)
    walk = _LiteralWalk(type_info, _Checker(), variables or {})
    visit(document, TypeInfoVisitor(type_info, walk))
    return not walk.reads_variables


class _CleanDocuments:
    """Query texts whose literals passed, per schema: the walk costs about a millisecond, a look-up nothing.

    Clients send the same few documents over and over (as ``ParserCache`` assumes). Bounded: it
    forgets everything when full, which costs one walk per document again.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.texts: set[tuple[int, str]] = set()

    def check(self, schema: GraphQLSchema, document: DocumentNode, query: str | None, variables: Any) -> None:
        key = (id(schema), query) if query is not None else None
        if key is not None and key in self.texts:
            return
        if check_literals(schema, document, variables) and key is not None:
            if len(self.texts) >= self.size:
                self.texts.clear()
            self.texts.add(key)


clean_documents = _CleanDocuments()


def check_document(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    variables: dict[str, Any] | None,
    query: str | None = None,
) -> None:
    """Raise ``InputRejected`` for the first value of this request that breaks a rule."""
    check_variables(schema, document, operation_name, variables)
    clean_documents.check(schema, document, query, variables)


class InputRules(SchemaExtension):
    """Refuse, before anything runs, any input that breaks the rules of this module."""

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None:
            check_document(
                core_schema(context.schema),
                context.graphql_document,
                context.operation_name,
                context.variables,
                context.query,
            )
        yield
