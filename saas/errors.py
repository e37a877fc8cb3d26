"""Expected failures of a service: validation, permission, plan limit.

Services raise ``ServiceError`` with one ``FieldError`` per problem and change
nothing; the GraphQL layer turns it into the payload's ``errors`` list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str | None
    message: str
    code: str


class ServiceError(Exception):
    def __init__(self, errors: list[FieldError] | FieldError) -> None:
        self.errors = errors if isinstance(errors, list) else [errors]
        super().__init__("; ".join(f"{e.field or '-'}: {e.message}" for e in self.errors))


class ErrorCollector:
    """Gathers every problem of one input, so a client sees them all at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, field: str | None, message: str, code: str) -> None:
        self.errors.append(FieldError(field, message, code))

    def has(self, field: str) -> bool:
        return any(e.field == field for e in self.errors)

    def raise_if_any(self) -> None:
        if self.errors:
            raise ServiceError(self.errors)
