"""Insert many new records at once with PostgreSQL ``COPY``: the fast path of bulk imports.

``Model.save`` and signals are not run (as with ``bulk_create``): the caller fills what ``save`` would
(derived columns such as a search text) first. Every concrete column is written as the field's
``pre_save`` gives it (``auto_now`` timestamps included), in COPY's CSV format, in one round trip per
call. Types written: text, numbers, booleans, UUIDs, dates and times, JSON, and arrays of those.

The rows are written by the C ``csv`` writer (``QUOTE_NONNUMERIC``): text is always quoted, so an
empty text stays an empty text, and NULL is an unquoted empty cell (``_NULL``, a "number" whose text
is empty). Only the columns whose values need it (arrays, JSON, dates) go through a Python encoder.

``blank_records`` makes new instances without ``Model.__init__`` (a copy of one template instance's
attributes, fresh values for callable defaults): a batch of thousands costs microseconds a record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone

Encoder = Callable[[Any], Any] | None


class _Null:
    """NULL in COPY's CSV: an unquoted empty cell. A "number" to the csv writer, so it is left unquoted."""

    __slots__ = ()

    def __float__(self) -> float:  # pragma: no cover - only its presence matters (PyNumber_Check)
        return 0.0

    def __str__(self) -> str:
        return ""


_NULL = _Null()


def _array_item(value: Any) -> str:
    if value is None:
        return "NULL"
    text = value if isinstance(value, str) else _plain(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value)


def _cell(value: Any) -> Any:
    """A value of a plain column as the csv writer takes it: text (quoted), a number, or ``_NULL``."""
    if value is None:
        return _NULL
    if isinstance(value, str | int | float | Decimal | UUID):  # bool is an int: True / False, as PostgreSQL reads
        return value
    return _plain(value)


def _encoder(field: models.Field[Any, Any]) -> Encoder:
    """How one column's value becomes a cell; None: as it is (a NOT NULL column of text, numbers, times, UUIDs)."""
    if isinstance(field, ArrayField):
        return lambda v: _NULL if v is None else "{" + ",".join(_array_item(i) for i in v) + "}"
    if isinstance(field, models.JSONField):
        encode = (field.encoder or DjangoJSONEncoder)(ensure_ascii=False).encode  # json.dumps(v, cls=..., ...)
        return lambda v: _NULL if v is None else encode(v)
    if not field.null:
        return None  # text, numbers, booleans, UUIDs, dates and times as the csv writer writes them
    return _cell


def _pre_saved(field: models.Field[Any, Any]) -> bool:
    """Whether ``pre_save`` gives another value than the attribute (``auto_now`` / ``auto_now_add``)."""
    return type(field).pre_save is not models.Field.pre_save


def copy_insert(model: type[models.Model], records: Sequence[models.Model]) -> None:
    """Insert ``records`` (new instances of ``model``, primary keys set) in one ``COPY``."""
    if not records:
        return
    fields = list(model._meta.concrete_fields)
    attnames = [f.attname for f in fields]
    encoders = [_encoder(f) for f in fields]
    stamped = [f for f in fields if _pre_saved(f)]
    for record in records:
        for field in stamped:
            field.pre_save(record, True)

    def rows() -> Iterable[list[Any]]:
        for record in records:
            values = record.__dict__
            yield [encode(values[name]) if encode is not None else values[name] for name, encode in pairs]

    pairs = list(zip(attnames, encoders, strict=True))
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows())
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column or f.attname) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
    alias = connection.alias
    for record in records:
        record._state.adding = False
        record._state.db = alias


def blank_records(model: type[models.Model], count: int) -> list[Any]:
    """``count`` new instances of ``model`` holding its defaults, as ``model()`` would, without ``__init__``.

    One instance is made the usual way; the others copy its attributes, and each gets its own value of
    every callable default (a new primary key, a new list or dict).
    """
    template = model()
    base = {k: v for k, v in template.__dict__.items() if k != "_state"}
    fresh = [
        (f.attname, f.default)
        for f in model._meta.concrete_fields
        if f.has_default() and callable(f.default) and f.attname in base and f.default is not timezone.now
    ]
    now = timezone.now()  # one time for the batch, as one INSERT's ``now()``
    base.update({f.attname: now for f in model._meta.concrete_fields if f.has_default() and f.default is timezone.now})
    new = model.__new__
    records = []
    for _ in range(count):
        record = new(model)
        values = record.__dict__
        values.update(base)
        for name, default in fresh:
            values[name] = default()
        values["_state"] = ModelState()
        records.append(record)
    return records
