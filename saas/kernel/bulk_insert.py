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
import operator
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any, NamedTuple
from uuid import UUID

from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models.base import ModelState
from django.utils import timezone

from saas.kernel.changes import CUSTOM_FIELDS

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
        empty: dict[type, str] = {list: "[]", dict: "{}"}  # a new record's usual value, without the encoder
        return lambda v: _NULL if v is None else (empty[type(v)] if not v and type(v) in empty else encode(v))
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
    copy_text(model, copy_lines(model, records))
    alias = connection.alias
    for record in records:
        record._state.adding = False
        record._state.db = alias


class CopyLines(NamedTuple):
    """``copy_lines``' text and the columns its cells are in (an order of its own)."""

    columns: list[str]
    text: io.StringIO


def copy_text(model: type[models.Model], lines: CopyLines) -> None:
    """Send ``copy_lines``' text to the model's table (one round trip), on the current thread's connection."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in lines.columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)", lines.text)


def copy_lines(model: type[models.Model], records: Sequence[models.Model]) -> CopyLines:
    """The records as ``COPY ... (FORMAT csv)`` text of the model's concrete columns.

    ``auto_now`` / ``auto_now_add`` columns get one time for all (as one INSERT's ``now()``). The columns
    written as they are come first (taken from a record in one C call); of the others, a value that is the
    model's default object itself (``new_records`` shares them) is encoded once, not once a row.
    """
    fields = list(model._meta.concrete_fields)
    now = timezone.now()
    for field in fields:
        if isinstance(field, models.DateField) and type(field).pre_save in _DATE_PRE_SAVES:
            if field.auto_now or field.auto_now_add:
                stamp = now if isinstance(field, models.DateTimeField) else timezone.localdate(now)
                for record in records:
                    record.__dict__[field.attname] = stamp
        elif _pre_saved(field):
            for record in records:
                field.pre_save(record, True)
    defaults = _defaults(model)
    plain = [f for f in fields if _encoder(f) is None]
    encoded = []
    for field in fields:
        encode = _encoder(field)
        if encode is not None:
            default = defaults.get(field.attname, _NO_DEFAULT)
            shared = encode(default) if default is not _NO_DEFAULT else _NO_DEFAULT
            encoded.append((field, encode, default, shared))
    take_plain = _getter([f.attname for f in plain])
    take_encoded = _getter([f.attname for f, _, _, _ in encoded])
    coders = [(encode, default, shared) for _, encode, default, shared in encoded]

    def rows() -> Iterable[list[Any]]:
        for record in records:
            values = record.__dict__
            row = take_plain(values)
            row.extend(
                [
                    shared if value is default else encode(value)
                    for value, (encode, default, shared) in zip(take_encoded(values), coders, strict=True)
                ]
            )
            yield row

    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n").writerows(rows())
    buffer.seek(0)
    columns = [str(f.column or f.attname) for f in plain] + [str(f.column or f.attname) for f, _, _, _ in encoded]
    return CopyLines(columns, buffer)


def _getter(names: list[str]) -> Callable[[dict[str, Any]], list[Any]]:
    """The values of ``names`` in a dict, as a new list (``itemgetter``: one C call)."""
    if not names:
        return lambda values: []
    if len(names) == 1:
        name = names[0]
        return lambda values: [values[name]]
    take = operator.itemgetter(*names)
    return lambda values: list(take(values))


_NO_DEFAULT = object()
_DATE_PRE_SAVES = (models.DateField.pre_save, models.DateTimeField.pre_save)  # ``auto_now`` or the attribute


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


_DEFAULTS: dict[type[models.Model], dict[str, Any]] = {}


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    """{attname: default object} shared by the records ``new_records`` makes (lists and dicts made once)."""
    found = _DEFAULTS.get(model)
    if found is None:
        found = {
            f.attname: f.get_default()
            for f in model._meta.concrete_fields
            if f.has_default() and not f.primary_key and f.default is not timezone.now
        }
        _DEFAULTS[model] = found
    return found


def new_records(model: type[models.Model], rows: Sequence[dict[str, Any]], **common: Any) -> list[Any]:
    """New instances of ``model`` to ``copy_insert``: its defaults, then ``common``, then each row's fields.

    A row is a service's clean ``data`` ({field name: value}, as ``apply_fields`` takes it): a foreign key
    may be given as a record or its key, and ``custom_fields`` without the ``None`` values. ``common`` are
    attribute names (``owner_id``). Each record gets its own primary key; the other callable defaults (an
    empty list or dict) are one object for all the records, which are meant to be written and dropped:
    give a row its own value rather than change a shared one in place.
    """
    meta = model._meta
    assert meta.pk is not None
    base = {k: v for k, v in model().__dict__.items() if k != "_state"}
    base.update(_defaults(model))
    now = timezone.now()  # one time for the batch, as one INSERT's ``now()``
    base.update({f.attname: now for f in meta.concrete_fields if f.has_default() and f.default is timezone.now})
    base.update(common)
    pk_name, make_pk = meta.pk.attname, meta.pk.default
    targets: dict[str, str] = {}  # field name: how it is set (``_target``)
    plain: set[str] = set()  # the names that are their own attribute
    new = model.__new__
    records = []
    for data in rows:
        values = base | data
        for name in data.keys() - plain:
            target = targets.get(name)
            if target is None:
                target = targets[name] = _target(model, name)
            if target == _PLAIN:
                plain.add(name)
            elif target == _CUSTOM:
                values[name] = {k: v for k, v in (data[name] or {}).items() if v is not None}
            else:  # a foreign key: its attribute (``company_id``) takes the record's key
                value = values.pop(name)
                values[target] = value.pk if isinstance(value, models.Model) else value
        values[pk_name] = make_pk()
        values["_state"] = ModelState()
        record = new(model)
        record.__dict__ = values
        records.append(record)
    return records


_PLAIN, _CUSTOM = "", CUSTOM_FIELDS


def _target(model: type[models.Model], name: str) -> str:
    """How ``new_records`` sets a field: ``_PLAIN`` (its own attribute), ``_CUSTOM``, or a foreign key's attname."""
    field = model._meta.get_field(name)
    if field.many_to_many or not field.concrete:
        raise ValueError(f"{model.__name__}.{name} is not a column")
    if name == CUSTOM_FIELDS:
        return _CUSTOM
    attname = str(field.attname)
    return _PLAIN if attname == name else attname


class PlannerStatistics:
    """Keeps PostgreSQL's statistics of a table true while a bulk write grows it.

    A workspace's first import writes into a table PostgreSQL has never analysed (autovacuum analyses it a
    minute later at best), so it plans each batch's key lookups for an empty table: a sequential scan per
    key, which grew quadratic with the import (51 s of a 55 s import of 20,000 contacts into a new
    workspace). ``refresh`` analyses the table whenever the rows written since it was last analysed outnumber
    the rows it had then (and at least ``least``): a few cheap ``ANALYZE`` runs per import, none for a small
    import into a large table.
    """

    def __init__(self, model: type[models.Model], least: int = 1000) -> None:
        self.table = connection.ops.quote_name(model._meta.db_table)
        self.least = least
        self.known = self._rows()
        self.added = 0

    def _rows(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [self.table])
            row = cursor.fetchone()
        return max(int(row[0]), 0) if row else 0  # -1: never analysed

    def wrote(self, rows: int) -> None:
        self.added += rows

    def refresh(self) -> None:
        """Analyse the table if it has grown past what the planner knows of it."""
        if self.added <= max(self.known, self.least):
            return
        with connection.cursor() as cursor:
            # the whole table: the size alone is not enough (without the key column's statistics PostgreSQL
            # still guesses that most rows match a key and scans)
            cursor.execute(f"ANALYZE {self.table}")
        self.known, self.added = self._rows(), 0
