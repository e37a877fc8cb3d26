"""The ``errors { field message code }`` part of every mutation payload."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from graphql import GraphQLError

from saas.errors import FieldError, ServiceError


@strawberry.type(description="An expected failure: validation, permission or plan limit.")
class UserError:
    field: str | None = strawberry.field(description="The input field at fault, camelCase; null for the whole input.")
    message: str = strawberry.field(description="What is wrong, for people, in the request's language.")
    code: str = strawberry.field(description="Stable, machine-readable reason, e.g. `taken`, `invalid_format`.")


def user_errors(errors: list[FieldError]) -> list[UserError]:
    return [UserError(field=e.field, message=e.message, code=e.code) for e in errors]


PayloadT = TypeVar("PayloadT")


def run_service(build: Callable[[], PayloadT], on_error: Callable[[list[UserError]], PayloadT]) -> PayloadT:
    """Call a service; an expected failure becomes the payload's ``errors``."""
    try:
        return build()
    except ServiceError as exc:
        return on_error(user_errors(exc.errors))


class NotAuthenticated(GraphQLError):
    def __init__(self, message: str = "Sign in as a member of this workspace.") -> None:
        super().__init__(message, extensions={"code": "UNAUTHENTICATED"})


class Forbidden(GraphQLError):
    def __init__(self, message: str = "Your role does not allow this.") -> None:
        super().__init__(message, extensions={"code": "FORBIDDEN"})


def request_of(info: Any) -> Any:
    return info.context.request


@strawberry.type(description="The answer of a delete mutation: the id of what is gone, or why nothing was deleted.")
class DeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="The global id of what was deleted; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)

    @strawberry.field(description="True when the record was deleted.")
    def ok(self) -> bool:
        return not self.errors
