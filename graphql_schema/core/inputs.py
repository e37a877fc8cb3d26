"""From a mutation's input object to the plain dict a service takes."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

import strawberry
from strawberry import UNSET, relay

from .nodes import decode_id


@strawberry.input
class RecordIdInput:
    """The input of a mutation that names one record and nothing else (delete, restore, claim...)."""

    id: relay.GlobalID


def plain_value(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list):
        return [plain_value(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain_value(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if getattr(value, f.name) is not UNSET
        }
    return value


def input_data(
    source: Any,
    *,
    ids: dict[str, tuple[str, str]] | None = None,
    skip: tuple[str, ...] = ("id",),
) -> dict[str, Any]:
    """The fields the client gave (unset ones left out, null kept: it clears the field).

    ``ids`` maps an input field holding global ids to ``(model field, node type)``:
    ``{"owner_id": ("owner", "User")}`` turns ``ownerId`` into the ``owner`` primary key.
    Enums become their values; nested inputs become dicts.
    """
    ids = ids or {}
    data: dict[str, Any] = {}
    for f in dataclasses.fields(source):
        value = getattr(source, f.name)
        if value is UNSET or f.name in skip:
            continue
        if f.name in ids:
            target, type_name = ids[f.name]
            api_name = camel_case(f.name)
            if isinstance(value, list):
                data[target] = [decode_id(v, type_name, api_name) for v in value]
            else:
                data[target] = decode_id(value, type_name, api_name) if isinstance(value, relay.GlobalID) else None
        else:
            data[f.name] = plain_value(value)
    return data


def camel_case(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
