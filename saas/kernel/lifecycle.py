"""Status lifecycles: which moves a record type allows, the typed refusal, and the kept history of moves.

A module declares its lifecycle once and its history table on ``StatusChange``::

    class RepairStatusChange(StatusChange):
        repair_order = models.ForeignKey(RepairOrder, on_delete=models.CASCADE, related_name="status_changes")

    LIFECYCLE = Lifecycle(RepairStatus, {RECEIVED: {DIAGNOSING, CANCELLED}, ...}, "repair order",
                          history=RepairStatusChange, record_field="repair_order")

then, inside the write's transaction, on the locked record::

    old = LIFECYCLE.move(order, target, by=membership.user, note=note)  # invalid_transition, or moved and kept
    order.save(update_fields=["status", ...])

``LIFECYCLE.began(record, by=...)`` keeps a new record's first status (``"" → initial``). A move the
lifecycle does not allow raises ``ServiceError`` coded ``invalid_transition`` naming where the record may go,
so nothing changes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from saas.errors import ErrorCode, FieldError, ServiceError
from saas.records import user_reference


class StatusChange(models.Model):
    """One move of a record between statuses (who, when, why); a record's first row is its creation.

    Abstract: a module's history table adds the foreign key to its record (``Lifecycle.record_field``).
    """

    from_status = models.CharField(max_length=20, blank=True)  # blank: the record was made
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField()
    by = user_reference(null=True, blank=True)  # null: the system
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


@dataclass(frozen=True)
class Lifecycle:
    """The statuses of a record type (``choices``) and where each may move (``moves``; absent: final)."""

    choices: type[models.TextChoices]
    moves: Mapping[str, Collection[str]]
    noun: str  # "repair order": the refusal's wording
    history: type[StatusChange] | None = None
    record_field: str = ""  # the history table's foreign key to the record
    status_field: str = "status"
    error_field: str = field(default="status")  # the input field a refusal names

    def allowed(self, current: str) -> list[str]:
        """Where a record in ``current`` may go, in the order of ``choices``."""
        targets = self.moves.get(current, ())
        return [value for value in self.choices.values if value in targets]

    def is_final(self, status: str) -> bool:
        return not self.allowed(status)

    def label(self, status: str) -> str:
        return str(self.choices(status).label).lower() if status in self.choices.values else status

    def check(self, current: str, target: str) -> None:
        """Refuse (``invalid_transition``) a move the lifecycle does not allow; an unknown target too."""
        if target in self.allowed(current):
            return
        may = ", ".join(self.label(s) for s in self.allowed(current)) or "nothing (it is final)"
        raise ServiceError(
            FieldError(
                self.error_field,
                f"A {self.noun} that is {self.label(current)} cannot become {self.label(target)}; "
                f"it may become: {may}.",
                ErrorCode.INVALID_TRANSITION,
            )
        )

    def move(self, record: models.Model, target: str, *, by: Any = None, note: str = "") -> str:
        """Check, set the status on ``record`` (the caller saves it) and keep the move; return the old status."""
        old = str(getattr(record, self.status_field))
        self.check(old, target)
        setattr(record, self.status_field, target)
        self.keep(record, old, by=by, note=note)
        return old

    def began(self, record: models.Model, *, by: Any = None, note: str = "") -> None:
        """Keep a saved new record's first status."""
        self.keep(record, "", by=by, note=note)

    def keep(self, record: models.Model, old: str, *, by: Any = None, note: str = "") -> None:
        if self.history is None:
            return
        self.history._default_manager.create(
            **{self.record_field: record},
            from_status=old,
            to_status=getattr(record, self.status_field),
            at=timezone.now(),
            by=by,
            note=note[:200],
        )

    def changes(self, record: models.Model) -> models.QuerySet[Any]:
        """The record's kept moves, oldest first."""
        assert self.history is not None
        return self.history._default_manager.filter(**{self.record_field: record}).order_by("at", "id")
