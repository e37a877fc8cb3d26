"""Filter inputs shared by every list: ``eq`` / ``in`` / ``contains`` / ``gte`` / ``lte`` / ``isNull``.

Each list's filter input (``CompanyFilter``...) is a ``strawberry_django.filter_type`` whose fields use
these lookups; ``AND`` / ``OR`` / ``NOT`` come with it. The Python names are the ORM lookups
(``exact``, ``in_list``, ``i_contains``...), the GraphQL names are the short ones clients write.
"""

from __future__ import annotations

import datetime
import decimal
from typing import Generic, TypeVar

import strawberry
from strawberry import UNSET, relay

T = TypeVar("T")


@strawberry.input(description="Conditions on a text field; all that are given must hold.")
class TextFilter:
    exact: str | None = strawberry.field(default=UNSET, name="eq", description="Equal to.")
    in_list: list[str] | None = strawberry.field(default=UNSET, name="in", description="One of.")
    i_contains: str | None = strawberry.field(default=UNSET, name="contains", description="Contains, ignoring case.")
    i_starts_with: str | None = strawberry.field(
        default=UNSET, name="startsWith", description="Starts with, ignoring case."
    )
    is_null: bool | None = strawberry.field(default=UNSET, description="Empty (true) or set (false).")


@strawberry.input(description="Conditions on a value from a fixed set.")
class ChoiceFilter(Generic[T]):
    exact: T | None = strawberry.field(default=UNSET, name="eq", description="Equal to.")
    in_list: list[T] | None = strawberry.field(default=UNSET, name="in", description="One of.")
    is_null: bool | None = strawberry.field(default=UNSET, description="Empty (true) or set (false).")


@strawberry.input(description="Conditions on a number, date or time.")
class RangeFilter(Generic[T]):
    exact: T | None = strawberry.field(default=UNSET, name="eq", description="Equal to.")
    in_list: list[T] | None = strawberry.field(default=UNSET, name="in", description="One of.")
    gte: T | None = strawberry.field(default=UNSET, description="Greater than or equal to.")
    lte: T | None = strawberry.field(default=UNSET, description="Less than or equal to.")
    is_null: bool | None = strawberry.field(default=UNSET, description="Empty (true) or set (false).")


@strawberry.input(description="Conditions on a link to another record, by its global id.")
class IDFilter:
    exact: relay.GlobalID | None = strawberry.field(default=UNSET, name="eq", description="Equal to.")
    in_list: list[relay.GlobalID] | None = strawberry.field(default=UNSET, name="in", description="One of.")
    is_null: bool | None = strawberry.field(default=UNSET, description="Not linked (true) or linked (false).")


@strawberry.input(description="Conditions on a yes/no field.")
class BooleanFilter:
    exact: bool | None = strawberry.field(default=UNSET, name="eq", description="Equal to.")
    is_null: bool | None = strawberry.field(default=UNSET, description="Empty (true) or set (false).")


IntFilter = RangeFilter[int]
DecimalFilter = RangeFilter[decimal.Decimal]
DateFilter = RangeFilter[datetime.date]
DateTimeFilter = RangeFilter[datetime.datetime]
