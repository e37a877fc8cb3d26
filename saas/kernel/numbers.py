"""Sequential record numbers (C-12, R-7): the next one of the workspace, safe under concurrent writes."""

from __future__ import annotations

from django.db import connection, models
from django.db.models import Max


def next_number(model: type[models.Model], field: str = "number") -> int:
    """The next number of ``model`` in the workspace: one more than the largest ever given (deleted rows too).

    Call it inside the write's transaction: an advisory lock on the table, held to the commit, serialises
    concurrent writers so two records never get the same number.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || %s))", [model._meta.db_table])
    return (model._base_manager.aggregate(top=Max(field))["top"] or 0) + 1
