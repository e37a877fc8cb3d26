"""Delete many records by id in a few SQL statements, doing to what points at them what Django's delete does.

Django's ``QuerySet.delete`` loads the records, then every related record, and sends ``IN (...)`` lists of
thousands of ids per relation, each id prepared in Python (the undo of 100,000 imported contacts: over a
minute). Here each relation is one statement over an array of ids: ``CASCADE`` deletes the rows pointing at
the records (and, the same way, what points at those), ``SET_NULL`` clears the column, ``DO_NOTHING`` leaves
them. First every statement is planned (reads only), then the updates run, then the deletes.

Where Django would do more than SQL can say — a ``PROTECT`` / ``RESTRICT`` / ``SET_DEFAULT`` / ``SET(...)``
relation with rows pointing at the records, delete signal receivers, a parent model, a generic relation —
the whole delete is handed to Django's collector instead, so the outcome is always Django's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models, transaction
from django.db.models import signals
from django.db.models.deletion import CASCADE, DO_NOTHING, SET_NULL, get_candidate_relations_to_delete
from django.db.models.expressions import RawSQL
from django_tenants.signals import tenant_delete_callback
from django_tenants.utils import get_tenant_model


def any_of(model: type[models.Model], ids: Sequence[Any]) -> RawSQL:
    """``pk__in=any_of(Model, ids)``: thousands of ids as one array parameter, not one prepared value each."""
    return RawSQL(f"SELECT unnest(%s::{_pk_type(model)}[])", [[str(pk) for pk in ids]])


def _pk_type(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None
    return str(pk.rel_db_type(connection))


def _pk_column(model: type[models.Model]) -> str:
    pk = model._meta.pk
    assert pk is not None and pk.column is not None
    return str(pk.column)


@dataclass
class _Plan:
    deletes: dict[type[models.Model], list[str]] = field(default_factory=dict)  # in the order found
    nulls: list[tuple[type[models.Model], str, type[models.Model], list[str]]] = field(default_factory=list)


def receivers(signal: signals.ModelSignal, model: type[models.Model]) -> list[Any]:
    """The receivers ``signal`` would call for a record of ``model``, less those that ignore records not theirs.

    django-tenants' ``tenant_delete_callback`` hears every model's ``post_delete`` and returns at once for
    anything but a tenant (it drops the tenant's schema): Django's delete would call it for each record, to no
    effect. Reads ``Signal._live_receivers`` (Django, pinned ``>=5.2,<5.3``; contract test:
    ``tests/imports/test_bulk_undo.py``).
    """
    sync, asynchronous = signal._live_receivers(model)  # noqa: SLF001 (fenced here; see above)
    ignoring = set() if issubclass(model, get_tenant_model()) else {tenant_delete_callback}
    return [r for r in [*sync, *asynchronous] if r not in ignoring]


class _Unsupported(Exception):
    """Django's collector must do this delete."""


def delete_ids(model: type[models.Model], ids: Sequence[Any]) -> dict[str, int]:
    """Delete the records of ``model`` with these primary keys as ``QuerySet.delete`` would; {model label: count}."""
    wanted = list(dict.fromkeys(str(pk) for pk in ids))
    if not wanted:
        return {}
    with transaction.atomic():
        plan = _Plan()
        try:
            _collect(model, wanted, plan)
        except _Unsupported:
            return _django_delete(model, wanted)
        quote = connection.ops.quote_name
        counts: dict[str, int] = {}
        with connection.cursor() as cursor:
            for related, column, target, pks in plan.nulls:
                cursor.execute(
                    f"UPDATE {quote(related._meta.db_table)} SET {quote(column)} = NULL"
                    f" WHERE {quote(column)} = ANY(%s::{_pk_type(target)}[])",
                    [pks],
                )
            for deleting, pks in reversed(list(plan.deletes.items())):
                table, pk_column = quote(deleting._meta.db_table), quote(_pk_column(deleting))
                cursor.execute(f"DELETE FROM {table} WHERE {pk_column} = ANY(%s::{_pk_type(deleting)}[])", [pks])
                if cursor.rowcount:
                    counts[deleting._meta.label] = counts.get(deleting._meta.label, 0) + cursor.rowcount
    return counts


def _django_delete(model: type[models.Model], ids: list[str]) -> dict[str, int]:
    _, counts = model._base_manager.filter(pk__in=ids).delete()
    return {label: count for label, count in counts.items() if count}


def _collect(model: type[models.Model], ids: list[str], plan: _Plan) -> None:
    opts = model._meta
    if opts.parents or receivers(signals.pre_delete, model) or receivers(signals.post_delete, model):
        raise _Unsupported
    if any(hasattr(f, "bulk_related_objects") for f in opts.private_fields):  # a GenericRelation
        raise _Unsupported
    known = plan.deletes.setdefault(model, [])
    seen = set(known)
    new = [pk for pk in ids if pk not in seen]
    if not new:
        return
    known.extend(new)
    quote = connection.ops.quote_name
    for relation in get_candidate_relations_to_delete(opts):
        fk: Any = getattr(relation, "field")  # noqa: B009 (a reverse relation: its ForeignKey pointing at ``model``)
        on_delete = fk.remote_field.on_delete
        if on_delete is DO_NOTHING:
            continue
        if fk.target_field != opts.pk:  # a foreign key to another column than the primary key
            raise _Unsupported
        related = relation.related_model
        assert isinstance(related, type)
        table, column = quote(related._meta.db_table), quote(fk.column)
        if on_delete is SET_NULL:
            plan.nulls.append((related, fk.column, model, new))
            continue
        related_pk = quote(_pk_column(related))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {related_pk}::text FROM {table} WHERE {column} = ANY(%s::{_pk_type(model)}[])", [new]
            )
            pointing = [row[0] for row in cursor.fetchall()]
        if not pointing:
            continue
        if on_delete is not CASCADE:  # PROTECT, RESTRICT, SET_DEFAULT, SET(...) with rows to act on
            raise _Unsupported
        _collect(related, pointing, plan)
