"""What every request goes through, whatever schema it hits: limits and error hygiene."""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import strawberry
from django.conf import settings
from django.core.exceptions import ValidationError
from graphql import BREAK, FieldNode, GraphQLError, GraphQLSyntaxError, Visitor, visit
from strawberry.extensions import (
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
)

logger = logging.getLogger("graphql")

MAX_DEPTH = 10
MAX_ALIASES = 15
MAX_TOKENS = 2000


def is_unexpected(error: GraphQLError) -> bool:
    """A bug or outage, as opposed to bad input or a refused permission (which carry a code)."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | ValidationError)


def bad_input(error: GraphQLError) -> GraphQLError:
    """A Django ValidationError that reached the API (e.g. a malformed id in a nested filter): the client's."""
    assert isinstance(error.original_error, ValidationError)
    return GraphQLError(
        message="; ".join(error.original_error.messages),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": "BAD_USER_INPUT"},
    )


class HideInternals(MaskErrors):
    """Unexpected failures reach the client as a bare ``INTERNAL_SERVER_ERROR``."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=is_unexpected, error_message="Unexpected error.")

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        errors = [bad_input(e) if isinstance(e.original_error, ValidationError) else e for e in errors]
        return super()._process_errors(errors)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        return GraphQLError(
            message=self.error_message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL_SERVER_ERROR"},
        )


def _code(errors: Any, code: str) -> None:
    for error in errors or ():
        if not (error.extensions or {}).get("code"):
            error.extensions = {**(error.extensions or {}), "code": code}


def code_parse_errors(errors: Any) -> None:
    _code([e for e in errors or () if isinstance(e, GraphQLSyntaxError)], "GRAPHQL_PARSE_FAILED")


class RequestErrorCodes(SchemaExtension):
    """A typed ``extensions.code`` on errors raised before execution, like every other error of this API.

    ``GRAPHQL_PARSE_FAILED`` (syntax), ``GRAPHQL_VALIDATION_FAILED`` (the document against the schema and
    the limits' rules) and ``BAD_USER_INPUT`` (variables that do not coerce to their declared types).

    (A syntax error is raised by the parser cache before any hook returns: ``code_parse_errors`` is called by
    the transports on the final result.)
    """

    def on_validate(self) -> Iterator[None]:
        yield
        _code(self.execution_context.pre_execution_errors, "GRAPHQL_VALIDATION_FAILED")

    def on_execute(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        if result is not None and result.data is None and result.errors:
            # graphql-core coerces the variables before running anything: those errors have no path
            _code([e for e in result.errors if e.path is None and not is_unexpected(e)], "BAD_USER_INPUT")


INTROSPECTION_WORDS = re.compile(r"\b__(?:schema|type)\b")  # not ``__typename``


class _IntrospectionFinder(Visitor):
    found = False

    def enter_field(self, node: FieldNode, *_: Any) -> Any:
        if node.name.value in ("__schema", "__type"):
            self.found = True
            return BREAK
        return None


class AnonymousIntrospection(SchemaExtension):
    """``__schema`` / ``__type`` only for signed-in callers unless ``GRAPHQL_ANONYMOUS_INTROSPECTION``.

    Off in production: a stranger gets no map of the API. Members, integrators with an API key
    and the web client (whose types are generated at build time) are unaffected.
    """

    def on_execute(self) -> Iterator[None]:
        context = self.execution_context
        if self.refused(context):
            raise GraphQLError("Sign in to read the schema.", extensions={"code": "INTROSPECTION_DISABLED"})
        yield

    @staticmethod
    def refused(context: Any) -> bool:
        if settings.GRAPHQL_ANONYMOUS_INTROSPECTION or context.graphql_document is None:
            return False
        if context.query is not None and not INTROSPECTION_WORDS.search(context.query):
            return False  # the cheap test, for nearly every request
        if _signed_in(context.context):
            return False
        finder = _IntrospectionFinder()
        visit(context.graphql_document, finder)
        return finder.found


class TextValidationCache(SchemaExtension):
    """Each query text validated once per process (bounded LRU), as strawberry's ``ValidationCache`` does,
    but keyed by the text instead of the parsed document: ``hash()`` of a document walks every node of it
    (a third of a millisecond for the web client's list query, on every request), a text's hash is a
    single pass over its characters. The text determines the document, so it determines the result."""

    _lock = threading.Lock()
    _results: OrderedDict[tuple[Any, ...], list[GraphQLError]] = OrderedDict()

    def __init__(self, maxsize: int = 256) -> None:
        super().__init__()
        self.maxsize = maxsize

    def on_validate(self) -> Iterator[None]:
        from strawberry.schema.schema import validate_document

        from .core.core_schema import core_schema

        context = self.execution_context
        schema, document = core_schema(context.schema), context.graphql_document
        assert document is not None  # validation follows a successful parse
        if context.query is None:  # a document handed over already parsed: nothing to key it by
            context.pre_execution_errors = validate_document(schema, document, context.validation_rules)
            yield
            return
        key = (schema, context.query, context.validation_rules)
        with self._lock:
            errors = self._results.get(key)
            if errors is not None:
                self._results.move_to_end(key)
        if errors is None:
            errors = validate_document(schema, document, context.validation_rules)
            with self._lock:
                self._results[key] = errors
                while len(self._results) > self.maxsize:
                    self._results.popitem(last=False)
        context.pre_execution_errors = errors
        yield


def _signed_in(context: Any) -> bool:
    # HTTP requests, and queries over the WebSocket (``realtime.operations``), carry a user.
    request = context.get("request") if isinstance(context, dict) else getattr(context, "request", None)
    return bool(getattr(getattr(request, "user", None), "is_authenticated", False))


def request_extensions() -> list[Any]:
    from .core.input_rules import InputRules
    from .core.limits import ConnectionLimits
    from .core.persisted import PersistedQueries

    return [
        RequestErrorCodes,
        PersistedQueries,
        AnonymousIntrospection,
        InputRules,  # before ConnectionLimits reads arguments
        ConnectionLimits,
        QueryDepthLimiter(max_depth=MAX_DEPTH),
        MaxAliasesLimiter(max_alias_count=MAX_ALIASES),
        MaxTokensLimiter(max_token_count=MAX_TOKENS),
        # Clients send the same few documents over and over: parse and validate each once per
        # process (bounded LRU). Validation depends only on the document, schema and rules above.
        ParserCache(maxsize=256),
        TextValidationCache(maxsize=256),
        HideInternals(),
    ]


class Schema(strawberry.Schema):
    """Logs only unexpected errors (with their traceback); expected ones are the client's business.

    Conventional descriptions (``core/descriptions.py``) are filled in where a module wrote none.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .core.core_schema import core_schema
        from .core.descriptions import describe_conventions

        describe_conventions(core_schema(self))

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        for error in errors:
            if is_unexpected(error):
                logger.error("unexpected GraphQL error", exc_info=error.original_error)
