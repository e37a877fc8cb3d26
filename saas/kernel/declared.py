"""Record types whose writes need nothing but their fields and rules (tags, groups, price books...).

A module declares one and its services are ready::

    TAGS = DeclaredRecord(Tag, fields=("name", "color"), rules=(unique_name(Tag, 50, "A tag with this name exists."),))
    create_tag, update_tag, delete_tag = TAGS.create, TAGS.update, TAGS.delete

Each write takes the steps every service takes: policy check, every rule on the input (nothing
changes on bad input), one transaction, audit entry with ``{field: {old, new}}``, realtime event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models, transaction

from saas.access import policy
from saas.access.registry import record_type_of
from saas.errors import ErrorCollector
from tenants.models import Membership

from .changes import diff, snapshot
from .services import apply_fields, created, get_for, written
from .validation import Rule

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class DeclaredRecord(Generic[ModelT]):
    model: type[ModelT]
    fields: tuple[str, ...]  # what the API may write, and what the audit entry records
    rules: tuple[Rule, ...] = ()

    def validate(self, data: dict[str, Any], instance: ModelT | None = None) -> None:
        """Run every rule; raise ``ServiceError`` with all the problems at once."""
        errors = ErrorCollector()
        for rule in self.rules:
            rule(data, errors, instance)
        errors.raise_if_any()

    def create(self, membership: Membership, data: dict[str, Any]) -> ModelT:
        policy.check(membership, "create", self.model)
        self.validate(data)
        record = self.model(**{k: v for k, v in data.items() if v is not None})
        # The draft decides: an own-scope role creates only what it will own; hidden fields stay out.
        policy.check(membership, "create", record, fields=data)
        with transaction.atomic():
            record.save()
            created(membership, record, self.fields)
        return record

    def update(self, membership: Membership, pk: Any, data: dict[str, Any]) -> ModelT:
        record = get_for(membership, self.model, pk, "update")
        self.validate(data, record)
        policy.check(membership, "update", record, fields=data)
        with transaction.atomic():
            before = snapshot(record, self.fields)
            apply_fields(record, {k: v for k, v in data.items() if v is not None})
            registered = record_type_of(self.model)
            owner = registered.owner_attname if registered else None
            if owner is not None and owner in data:
                policy.check_owner(membership, self.model, data[owner])
            record.save()
            written(membership, "update", record, diff(before, snapshot(record, self.fields)), "updated")
        return record

    def delete(self, membership: Membership, pk: Any) -> str:
        """Delete for good (no recycle bin); returns the primary key that is gone."""
        record = get_for(membership, self.model, pk, "delete")
        with transaction.atomic():
            gone = str(record.pk)
            written(membership, "delete", record, diff(snapshot(record, self.fields), {}), "deleted")
            record.delete()
        return gone
