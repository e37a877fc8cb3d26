"""The graphql-core schema behind a strawberry schema, read in this one place.

Strawberry keeps it in ``Schema._schema`` and offers no public accessor; strawberry's version range is
pinned in ``pyproject.toml`` and ``tests/api/test_core_schema.py`` is the contract test. Also here:
``resolve_root_field``, which calls a root field's resolver the way strawberry does (exports), and
``resolve_info``, graphql-core's resolve info behind a strawberry ``Info`` (``Info._raw_info``).
"""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError, GraphQLResolveInfo, GraphQLSchema, execute, parse
from strawberry.types.arguments import convert_arguments


def core_schema(schema: Any) -> GraphQLSchema:
    """The ``GraphQLSchema`` a strawberry ``Schema`` executes (validation rules, input checks, planning)."""
    found = schema._schema  # noqa: SLF001
    assert isinstance(found, GraphQLSchema)
    return found


def resolve_info(info: Any) -> GraphQLResolveInfo:
    """graphql-core's ``GraphQLResolveInfo`` behind strawberry's ``Info`` (the path, the field nodes, the
    fragments and variables), for code that hands a field's selection to the optimizer (core/merged.py)."""
    raw: GraphQLResolveInfo = info._raw_info  # noqa: SLF001 (the planned executor's info has the same fields)
    return raw


def resolve_root_field(schema: Any, field_name: str, variables: dict[str, Any], context: Any) -> Any:
    """What the root query field's own resolver returns for these (already valid) arguments.

    For exports: a list's queryset (scoped, filtered, searched, ordered, field rules checked) before
    the connection pages it. The resolver runs inside a real execution (its ``info`` is genuine);
    strawberry's ``Info(_raw_info=, _field=)`` and ``convert_arguments`` are how strawberry itself calls
    a resolver (``schema_converter.from_resolver``), read here only; contract: tests/api/test_core_schema.py.
    An error raised by the resolver (``FIELD_HIDDEN`` …) is raised again, as is; the connection's
    own arguments (``first``, ``after`` …) are not the resolver's and are not passed.
    """
    core = core_schema(schema)
    assert core.query_type is not None
    arguments = {name: arg for name, arg in core.query_type.fields[field_name].args.items() if name in variables}
    declared = ", ".join(f"${name}: {arg.type}" for name, arg in arguments.items())
    passed = ", ".join(f"{name}: ${name}" for name in arguments)
    document = parse(
        f"query Export{f'({declared})' if declared else ''} "
        f"{{ {field_name}{f'({passed})' if passed else ''} {{ __typename }} }}"
    )
    # The request's input rules (no NUL, zoned times, nesting…) hold as for any request: InputRejected.
    from .input_rules import check_document  # here: input_rules imports this module

    check_document(core, document, "Export", variables)
    field = schema.get_field_for_type(field_name, core.query_type.name)
    returned: list[Any] = []

    def run_resolver(next_: Any, root: Any, info: Any, **kwargs: Any) -> Any:
        if info.path.prev is not None:
            return next_(root, info, **kwargs)
        strawberry_info = schema.config.info_class(_raw_info=info, _field=field)
        converted: dict[str, Any] = {}
        for argument in field.base_resolver.arguments:
            try:  # one at a time, so a value strawberry cannot read (a bad global id) names its argument
                converted |= convert_arguments(
                    kwargs, [argument], scalar_registry=schema.schema_converter.scalar_registry, config=schema.config
                )
            except (ValueError, TypeError) as exc:
                name = schema.config.name_converter.from_argument(argument)
                raise GraphQLError(str(exc), extensions={"code": "invalid", "argument": name}) from exc
        returned.append(field.base_resolver(None, info=strawberry_info, **converted))
        return None  # nothing below the list is resolved: the caller reads the rows itself

    result: Any = execute(core, document, variable_values=variables, context_value=context, middleware=[run_resolver])
    if returned:
        return returned[0]
    errors = result.errors or [GraphQLError(f"{field_name} resolved nothing.")]
    raise errors[0].original_error or errors[0]  # the resolver's own error (a bug is no 400)
