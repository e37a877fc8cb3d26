"""The audit log of a tenant: who changed what, when, from which value to which."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Cast


def current_transaction_id() -> models.Func:
    """``pg_current_xact_id()`` as a bigint: the writing transaction's id, set by the database on insert."""
    return Cast(
        Cast(models.Func(function="pg_current_xact_id", output_field=models.TextField()), models.TextField()),
        models.BigIntegerField(),
    )


class AuditEntry(models.Model):
    """One write or security event inside a tenant. Append-only."""

    class Action(models.TextChoices):
        CREATE = "create"
        UPDATE = "update"
        DELETE = "delete"
        RESTORE = "restore"
        MERGE = "merge"
        SIGN_IN = "sign_in"
        SECURITY = "security"

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Users are global (schema ``public``), so the actor is kept by id and email.
    actor_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor_email = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    record_type = models.CharField(max_length=64, db_index=True)
    record_id = models.CharField(max_length=64, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    # The id of the transaction that wrote the entry (the database fills it in): the change feed
    # (``saas.kernel.sync``) hands out only entries of transactions older than every running one, so
    # a transaction that commits late is never jumped over. Entries from before the column have the
    # id of the migration's transaction.
    xact = models.BigIntegerField(db_default=current_transaction_id(), editable=False)
    # The record's owner (user id) after the write, before it for a delete: who could read a record
    # that is gone is decided on it (the change feed's ``deleted``).
    owner_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["record_type", "record_id", "-created_at"]),
            models.Index(fields=["xact", "id"], name="audit_entry_feed"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_email or 'system'} {self.action} {self.record_type} {self.record_id}"
