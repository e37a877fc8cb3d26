"""Selection plans: a list page's JSON built without a resolver call per field.

Why it exists: for every field of every row, graphql-core and strawberry build a resolve
info, run the optimizer middleware and the field-extension chain, parse (absent) arguments
and complete the value type by type. That is ~100 µs of Python per row of
``contacts(first: 100) { edges { node { ... } } }``, twenty times the cost of the same rows
fetched and serialised by hand (bench/bench_client.py). Yet most fields of a page need no
resolver at all: plain columns, foreign keys and many-to-many lists the optimizer already
loaded, relay ids and ``__typename``.

``PlannedExecutor`` compiles, once per execution, a plan for each object selection
(after graphql-core merged its fragments and aliases and applied ``@skip`` / ``@include``)
made only of such fields, and applies it to every row: one dict built per object, with the
values graphql-core would produce. Anything a plan does not know makes that object take the
normal path: a resolver, arguments, a field the member's role hides (its ``FORBIDDEN``
error comes from the normal path), a value not loaded yet, a null in a non-null field, an
unexpected class, any exception. Data and errors are therefore those of the normal path;
tests/api/test_plans.py runs the same queries both ways and compares the JSON.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager, suppress
from contextvars import ContextVar
from typing import Any

from django.db import models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor, ManyToManyDescriptor
from django.db.models.query_utils import DeferredAttribute
from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLID,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLResolveInfo,
    GraphQLString,
    Undefined,
    is_leaf_type,
)
from graphql.execution.collect_fields import FieldDetailsList
from graphql.pyutils import Path
from strawberry import relay
from strawberry.relay.utils import to_base64
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import GraphQLCoreConverter
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import TYPE_CAST_ATTRIBUTE
from strawberry.types.field import StrawberryField
from strawberry_django.fields.field import StrawberryDjangoField
from strawberry_django.optimizer import DjangoOptimizerExtension, is_optimized_by_prefetching
from strawberry_django.relay import resolve_model_id
from strawberry_django.utils.typing import get_django_definition

from graphql_schema.permissions import FieldRuleExtension
from saas.access import policy
from saas.fastpaths import fell_back, switched_off

from .prefetch import list_attribute
from .selections import Fallback, plain_field, reads_the_model, selected_fields
from .sqlpages import BuiltEdges, BuiltNode

Value = Callable[[Any], Any]  # source (or raw value) -> JSON value; raises to fall back
UNPLANNED = object()

_enabled: ContextVar[bool] = ContextVar("graphql_plans_enabled", default=True)
_NODE_ID_RESOLVER = relay.Node.__dict__["_id"].__func__  # the classmethod behind ``id``
_CLASS_TYPE_CHECKS = ("strawberry_django.type", "strawberry.schema.schema_converter")
_DEFAULT_TYPENAME = relay.Node.__dict__["resolve_typename"].__func__


class NotBuilt(Fallback):
    """An object with no plan, which only completes here when PostgreSQL built it: the normal path completes it."""


def plans_disabled() -> AbstractContextManager[None]:
    """Run with graphql-core's normal completion only (the reference the tests compare with)."""
    return switched_off(_enabled)


def _selects_only_node(field_details_list: FieldDetailsList) -> bool:
    """Whether ``edges`` selects exactly ``node`` (no alias, directive, cursor or typename beside it)."""
    for details in field_details_list:
        selection_set = details.node.selection_set
        selections = selection_set.selections if selection_set is not None else ()
        if len(selections) != 1:
            return False
        only = selections[0]
        if not isinstance(only, FieldNode) or only.name.value != "node" or only.alias or only.directives:
            return False
    return True


class Plan:
    """The JSON of one object selection, read straight off the source (a model instance or a strawberry object)."""

    __slots__ = ("checked_class", "fields", "is_type_of", "model", "type_of_class")

    def __init__(self, model: type[models.Model] | None, is_type_of: Any, fields: list[tuple[str, Value]]) -> None:
        self.model = model
        self.is_type_of = is_type_of
        self.fields = fields
        # strawberry's and strawberry-django's generated is_type_of answer by class, unless the
        # instance was cast (strawberry.cast): their answer for a class is remembered.
        self.type_of_class = is_type_of is None or getattr(is_type_of, "__module__", None) in _CLASS_TYPE_CHECKS
        self.checked_class: type | None = None

    def run(self, source: Any) -> dict[str, Any]:
        if source.__class__ is not self.checked_class or TYPE_CAST_ATTRIBUTE in getattr(source, "__dict__", ()):
            self.check(source)
        return {key: value(source) for key, value in self.fields}

    def check(self, source: Any) -> None:
        if self.model is not None and source.__class__ is not self.model:
            raise Fallback
        if self.is_type_of is not None and not self.is_type_of(source, None):
            raise Fallback
        if self.type_of_class and TYPE_CAST_ATTRIBUTE not in getattr(source, "__dict__", ()):
            self.checked_class = source.__class__


class PlannedExecutor(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor, with object values completed by a ``Plan`` whenever one fits."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[GraphQLObjectType, int], tuple[FieldDetailsList, Plan | object]] = {}
        middlewares = self.middleware_manager.middlewares if self.middleware_manager else ()
        # The optimizer's resolve hook only acts on querysets, which no plan reads; any other
        # hook would be skipped by a plan, so its presence turns plans off.
        self._plannable = _enabled.get() and all(isinstance(m, DjangoOptimizerExtension) for m in middlewares or ())
        if self._plannable:  # root connections find the executor here, to have PostgreSQL build their nodes
            with suppress(AttributeError):
                self.context_value._planned_executor = weakref.ref(self)

    def complete_object_value(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if result.__class__ is BuiltNode:  # its selection is this one (core/sqlpages.py)
            return result.data
        if self._plannable and position_context is None:
            plan = self.plan_for(return_type, field_details_list)
            if isinstance(plan, Plan):
                try:
                    return plan.run(result)
                except NotBuilt:
                    pass  # an object only PostgreSQL's JSON completes was not built that way: not a fallback
                except Exception as exc:  # the normal path below gives the same value, or the right error
                    fell_back("plans", type(exc).__name__)
        return super().complete_object_value(return_type, field_details_list, info, path, result, position_context)

    def complete_list_value(
        self,
        return_type: Any,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if result.__class__ is BuiltEdges and position_context is None and self._edges_as_one_text(field_details_list):
            return result.as_json()  # a page's ``edges { node }``, its nodes PostgreSQL's text: one text
        return super().complete_list_value(return_type, field_details_list, info, path, result, position_context)

    def _edges_as_one_text(self, field_details_list: FieldDetailsList) -> bool:
        return not getattr(self.context_value, "edges_one_by_one", False) and _selects_only_node(field_details_list)

    def complete_abstract_value(
        self,
        return_type: Any,
        field_details_list: FieldDetailsList,
        info: GraphQLResolveInfo,
        path: Path,
        result: Any,
        position_context: Any,
    ) -> Any:
        if result.__class__ is BuiltNode:  # a record PostgreSQL built for this selection (core/sqlrecords.py)
            return result.data
        return super().complete_abstract_value(return_type, field_details_list, info, path, result, position_context)

    def plan_for(self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan | object:
        key = (return_type, id(field_details_list))
        cached = self._plans.get(key)
        if cached is not None:
            return cached[1]
        try:
            plan: Plan | object = self._compile(return_type, field_details_list)
        except Fallback:
            plan = UNPLANNED
        self._plans[key] = (field_details_list, plan)  # keeps the list alive, so its id stays unique
        return plan

    def _compile(self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList) -> Plan:
        definition = return_type.extensions.get(GraphQLCoreConverter.DEFINITION_BACKREF)
        if not isinstance(definition, StrawberryObjectDefinition):
            raise Fallback
        django_definition = get_django_definition(definition.origin)
        model = django_definition.model if django_definition is not None else None
        fields: list[tuple[str, Value]] = []
        for response_name, field_def, details in selected_fields(self, return_type, field_details_list):
            if field_def is None:
                fields.append((response_name, _constant(return_type.name)))
                continue
            read = self._reader(return_type, definition, model, field_def)
            fields.append((response_name, self._field_value(read, field_def.type, details)))
        return Plan(model, return_type.is_type_of, fields)

    def _reader(
        self,
        parent: GraphQLObjectType,
        definition: StrawberryObjectDefinition,
        model: type[models.Model] | None,
        field_def: GraphQLField,
    ) -> Value:
        """How the field's resolver would get its raw value, when that needs no resolver call."""
        field = plain_field(field_def)
        if model is not None and field.base_resolver is not None:
            return self._node_id_reader(parent, definition, model, field)
        if field.base_resolver is not None:
            raise Fallback
        for extension in field.extensions:
            if not isinstance(extension, FieldRuleExtension) or model is None:
                raise Fallback
            if policy.field_rule(self._membership(), extension.model or model, extension.field_name or "") == "hidden":
                raise Fallback  # the normal path raises the FORBIDDEN error at the field's path
        if model is None:
            return self._attribute_reader(field)
        if not reads_the_model(field):
            raise Fallback
        name = field.django_name or field.python_name
        attribute = getattr(model, name, None)
        if type(attribute) is DeferredAttribute:  # a column (not a file, not a property)
            attname = attribute.field.attname
            return lambda source: source.__dict__[attname]  # KeyError: deferred, the normal path loads it
        if isinstance(attribute, ForwardManyToOneDescriptor):
            cached = attribute.field.get_cached_value  # KeyError when the optimizer did not load it
            return lambda source: cached(source)
        if isinstance(attribute, ManyToManyDescriptor) and not attribute.reverse:
            return self._prefetched_reader(field, attribute.field.name)
        raise Fallback

    @staticmethod
    def _attribute_reader(field: StrawberryField) -> Value:
        """A field of a plain strawberry type (connection, edge, page info) read with the default resolver."""
        if type(field).get_result is not StrawberryField.get_result or field.default_resolver is not getattr:
            raise Fallback
        python_name = field.python_name

        def read(source: Any) -> Any:
            value = getattr(source, python_name)
            if isinstance(value, models.QuerySet | models.Manager | Exception):
                raise Fallback  # the optimizer middleware would act on it; an exception is an error

            return value

        return read

    @staticmethod
    def _prefetched_reader(field: StrawberryDjangoField, cache_name: str) -> Value:
        """A many-to-many list the optimizer prefetched (already scoped by the target type's get_queryset)."""
        if (
            not field.is_list
            or field.is_connection
            or field.is_paginated
            or type(field).get_queryset is not StrawberryDjangoField.get_queryset
            or type(field).get_queryset_hook is not StrawberryDjangoField.get_queryset_hook
        ):
            raise Fallback

        attribute = list_attribute(cache_name)

        def read(source: Any) -> Any:
            rows = source.__dict__.get(attribute)
            if rows is not None:  # prefetched as a plain list (core/prefetch.py), read by the field the same way
                return rows
            queryset = source._prefetched_objects_cache[cache_name]
            rows = queryset._result_cache
            if rows is None or not is_optimized_by_prefetching(queryset):
                raise Fallback
            return rows

        return read

    @staticmethod
    def _node_id_reader(
        parent: GraphQLObjectType,
        definition: StrawberryObjectDefinition,
        model: type[models.Model],
        field: StrawberryField,
    ) -> Value:
        """``id`` of a Django relay node: the same GlobalID as ``relay.Node._id`` with strawberry-django's ids."""
        origin: Any = definition.origin
        if (
            field.base_resolver is None
            or getattr(field.base_resolver.wrapped_func, "__func__", None) is not _NODE_ID_RESOLVER
            or field.extensions
            or getattr(origin.resolve_id, "__func__", None) is not resolve_model_id
            or getattr(origin.resolve_typename, "__func__", None) is not _DEFAULT_TYPENAME
        ):
            raise Fallback
        id_attr = origin.resolve_id_attr()
        attname = model._meta.pk.attname if id_attr == "pk" else id_attr
        type_name = parent.name
        known: dict[Any, str] = {}  # owners and tags repeat from row to row

        def read(source: Any) -> str:
            pk = source.__dict__[attname]
            global_id = known.get(pk)
            if global_id is None:
                # str(GlobalID(type_name, node_id)): what the ID scalar serialises, without the object
                global_id = known[pk] = to_base64(type_name, str(pk))
            return global_id

        return read

    def _field_value(self, read: Value, type_: GraphQLOutputType, details: FieldDetailsList) -> Value:
        """Read and complete in one call; scalars (most fields) without a call per wrapping type."""
        nullable = not isinstance(type_, GraphQLNonNull)
        leaf = type_ if nullable else type_.of_type  # type: ignore[union-attr]
        if not is_leaf_type(leaf):
            complete = self._completer(type_, details)
            return lambda source: complete(read(source))
        coerce = leaf.coerce_output_value
        text = leaf is GraphQLString or leaf is GraphQLID  # both give a str back as it is

        def scalar(source: Any) -> Any:
            value = read(source)
            if text and value.__class__ is str:
                return value
            if value is None:
                if nullable:
                    return None
                raise Fallback  # the normal path reports the null
            coerced = coerce(value)
            if coerced is None or coerced is Undefined:
                raise Fallback
            return coerced

        return scalar

    def _completer(self, type_: GraphQLOutputType, details: FieldDetailsList) -> Value:
        """graphql-core's ``complete_value`` for ``type_``, for values that need no error."""
        if isinstance(type_, GraphQLNonNull):
            inner = self._completer(type_.of_type, details)

            def non_null(value: Any) -> Any:
                completed = inner(value)
                if completed is None:
                    raise Fallback  # the normal path reports the null
                return completed

            return non_null
        if isinstance(type_, GraphQLList):
            item = self._completer(type_.of_type, details)
            whole = self._edges_as_one_text(details)

            def as_list(value: Any) -> Any:
                if value is None:
                    return None
                if value.__class__ is BuiltEdges:
                    return value.as_json() if whole else [item(v) for v in value]
                if value.__class__ is not list and value.__class__ is not tuple:
                    raise Fallback
                return [item(v) for v in value]

            return as_list
        if is_leaf_type(type_):
            coerce = type_.coerce_output_value

            def leaf(value: Any) -> Any:
                if value is None:
                    return None
                coerced = coerce(value)
                if coerced is None or coerced is Undefined:
                    raise Fallback
                return coerced

            return leaf
        if isinstance(type_, GraphQLObjectType):
            plan = self.plan_for(type_, details)
            # Without a plan of its own, an object still completes when PostgreSQL built it (core/sqlpages.py):
            # the edges of a page whose node type has computed fields then need no graphql-core call per row.
            run = plan.run if isinstance(plan, Plan) else None

            def complete_object(value: Any) -> Any:
                if value is None:
                    return None
                if value.__class__ is BuiltNode:
                    return value.data
                if run is None:
                    raise NotBuilt
                return run(value)

            return complete_object
        raise Fallback  # interfaces and unions

    def _membership(self) -> Any:
        request = getattr(self.context_value, "request", None)
        if request is None:
            raise Fallback
        return getattr(request, "membership", None)


def _constant(value: Any) -> Value:
    return lambda _source: value
