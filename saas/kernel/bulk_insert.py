"""Insert many new records at once with PostgreSQL ``COPY``: the fast path of bulk imports.

``Model.save`` and signals are not run (as with ``bulk_create``): the caller fills what ``save`` would
(derived columns such as a search text) first. Every concrete column is written as the field's
``pre_save`` gives it (``auto_now`` timestamps included), in COPY's CSV format, in one round trip per
call. Types written: text, numbers, booleans, UUIDs, dates and times, JSON, and arrays of those.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from django.contrib.postgres.fields import ArrayField
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


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


def _encoder(field: models.Field[Any, Any]) -> Any:
    """How one column's value becomes a CSV cell (NULL is an unquoted empty cell, text is always quoted)."""
    if isinstance(field, ArrayField):
        return lambda v: "" if v is None else _quoted("{" + ",".join(_array_item(i) for i in v) + "}")
    if isinstance(field, models.JSONField):
        encoder = field.encoder or DjangoJSONEncoder
        return lambda v: "" if v is None else _quoted(json.dumps(v, cls=encoder, ensure_ascii=False))
    return lambda v: "" if v is None else (_quoted(v) if isinstance(v, str) else _quoted(_plain(v)))


def copy_insert(model: type[models.Model], records: Sequence[models.Model]) -> None:
    """Insert ``records`` (new instances of ``model``, primary keys set) in one ``COPY``."""
    if not records:
        return
    fields = list(model._meta.concrete_fields)
    encoders = [_encoder(f) for f in fields]
    buffer = io.StringIO()
    write = buffer.write
    for record in records:
        cells = [encode(field.pre_save(record, True)) for field, encode in zip(fields, encoders, strict=True)]
        write(",".join(cells))
        write("\n")
    buffer.seek(0)
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.attname if f.column is None else f.column) for f in fields)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {quote(model._meta.db_table)} ({columns}) FROM STDIN WITH (FORMAT csv)", buffer)
    for record in records:
        record._state.adding = False
        record._state.db = connection.alias
