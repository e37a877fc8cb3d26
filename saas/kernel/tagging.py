"""Tags on records: adding and removing them on many records at once, one audit entry per changed record.

A module's model joins by having a ``tags`` many-to-many field (to ``saas.customers.models.Tag`` today);
the tag model is read from that field, so nothing here names a module.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import models, transaction

from saas.errors import ErrorCode, ErrorCollector
from tenants.models import Membership

from .services import get_many_for, written

ModelT = TypeVar("ModelT", bound=models.Model)


def retag(
    membership: Membership,
    model: type[ModelT],
    field: str,
    record_ids: Sequence[Any],
    add_tag_ids: Sequence[Any],
    remove_tag_ids: Sequence[Any],
) -> list[ModelT]:
    """Add and remove tags on many records, all or nothing. ``field`` names the ids input (camelCase)."""
    tags = model._meta.get_field("tags")
    assert isinstance(tags, models.ManyToManyField)
    tag_model = tags.related_model
    assert isinstance(tag_model, type) and issubclass(tag_model, models.Model)
    errors = ErrorCollector()
    records = get_many_for(membership, model, record_ids, "update", field, errors)
    add = get_many_for(membership, tag_model, add_tag_ids, "read", "addTagIds", errors)
    remove = get_many_for(membership, tag_model, remove_tag_ids, "read", "removeTagIds", errors)
    if not records and not errors.errors:
        errors.add(field, f"Name at least one {model._meta.verbose_name}.", ErrorCode.REQUIRED)
    if not add and not remove and not errors.errors:
        errors.add(None, "Name tags to add or remove.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    through: Any = tags.remote_field.through
    owner_column = f"{tags.m2m_field_name()}_id"
    tag_column = f"{tags.m2m_reverse_field_name()}_id"
    with transaction.atomic():
        before: dict[Any, set[Any]] = {r.pk: set() for r in records}
        rows = through.objects.filter(**{f"{owner_column}__in": list(before)})
        for record_id, tag_id in rows.values_list(owner_column, tag_column):
            before[record_id].add(tag_id)
        through.objects.bulk_create(
            [through(**{owner_column: r.pk, tag_column: t.pk}) for r in records for t in add], ignore_conflicts=True
        )
        if remove:
            rows.filter(**{f"{tag_column}__in": [t.pk for t in remove]}).delete()
        for record in records:
            after = (before[record.pk] | {t.pk for t in add}) - {t.pk for t in remove}
            if after != before[record.pk]:
                old, new = sorted(map(str, before[record.pk])), sorted(map(str, after))
                written(membership, "update", record, {"tags": {"old": old, "new": new}}, "updated")
    return records
