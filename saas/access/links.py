"""Records that link to a record of any registered type (``record_type`` + ``record_id`` columns).

An activity, an attachment: each names another record by its type name in the access registry and its
key as text. Such a link is only as visible as the record it names, so the linking type registers
``narrowed_by=linked_record_readable(Model)`` and every read path (lists, ``node``, ``can_read``,
history, realtime, exports) leaves out the rows linked to a record the member cannot read.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from django.db.models.functions import Cast

from . import policy
from .registry import RECORD_TYPES, Narrowing

# Models whose rows link to records of other types (each registered with ``linked_record_readable``).
LINKING: set[type[models.Model]] = set()


def links_to(type_name: str) -> bool:
    """Whether a link may name a record of this type (a registered type that is not itself a link)."""
    record_type = RECORD_TYPES.get(type_name)
    return record_type is not None and record_type.model not in LINKING


def linked_record_readable(linking: type[models.Model]) -> Narrowing:
    """The ``narrowed_by`` rule of ``linking``: rows without a link, or linked to a record the member may read.

    Types the member reads in full cost nothing (``record_type IN (...)``); the others one subquery each
    on their read scope, inside the list's own statement.
    Links never point at linking records (an attachment of an activity): their visibility would depend on
    each other's, without end; ``links_to`` refuses them when a link is written.
    """
    LINKING.add(linking)

    def narrowing(membership: Any, action: str) -> Q | None:
        condition = Q(record_type="")
        open_types: list[str] = []
        for name, record_type in RECORD_TYPES.items():
            if record_type.model in LINKING:
                continue
            readable = policy.scope_q(membership, record_type, "read")
            if readable is None:
                open_types.append(name)
                continue
            # The base manager: a record in the recycle bin keeps its links (permission, not presence).
            ids = (
                record_type.model._base_manager.filter(readable)
                .annotate(_key=Cast("pk", output_field=models.CharField()))
                .values("_key")
            )
            condition |= Q(record_type=name, record_id__in=ids)
        if open_types:
            condition |= Q(record_type__in=open_types)
        return condition

    return narrowing
