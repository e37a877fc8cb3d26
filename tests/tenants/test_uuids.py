"""UUID columns come back as the same ``uuid.UUID`` values ``uuid.UUID(text)`` gives (tenants/uuids.py)."""

from __future__ import annotations

import uuid

import pytest

from tenants import uuids
from tenants.db import connection
from tenants.uuids import parse_uuid

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", [uuid.uuid4(), uuid.UUID(int=0), uuid.UUID(int=2**128 - 1), uuid.uuid1()])
def test_parsed_like_the_uuid_module(value: uuid.UUID) -> None:
    parsed = parse_uuid(str(value))
    reference = uuid.UUID(str(value))
    assert type(parsed) is uuid.UUID
    assert parsed == reference and hash(parsed) == hash(reference) and str(parsed) == str(reference)
    assert parsed.is_safe == reference.is_safe and parsed.version == reference.version
    assert parse_uuid(None) is None and parse_uuid("") is None


def test_columns_and_arrays_read_through_it(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[type] = []

    def new(cls: type) -> object:
        built.append(cls)
        return object.__new__(cls)

    monkeypatch.setattr(uuids, "_new", new)
    value = uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute("SELECT %s::uuid, ARRAY[%s::uuid, NULL], NULL::uuid", [str(value), str(value)])
        single, array, null = cursor.fetchone()
    assert single == value and type(single) is uuid.UUID
    assert array == [value, None] and null is None
    assert built == [uuid.UUID, uuid.UUID]  # the column and the array's item took the fast caster
