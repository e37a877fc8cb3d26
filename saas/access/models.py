"""Access data kept inside each tenant's schema: teams, custom roles, record shares, API keys.

Users are global (schema ``public``), so they are referenced by id here, never by a
cross-schema foreign key.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class Team(models.Model):
    """A department or team. Members with ``is_manager`` run it."""

    name = models.CharField(max_length=100, unique=True)
    description = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    user_id = models.BigIntegerField(db_index=True)
    is_manager = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["team_id", "-is_manager", "id"]
        constraints = [models.UniqueConstraint(fields=["team", "user_id"], name="one_seat_per_team")]

    def __str__(self) -> str:
        return f"user {self.user_id} in {self.team_id}"


class CustomRole(models.Model):
    """A role an admin defines: per record type an action → scope map, per field a rule.

    ``permissions`` = ``{"Company": {"read": "team", ...}, "*": {...}}``;
    ``field_rules`` = ``{"Company": {"credit_limit": "hidden"}}`` (see saas.access.roles).
    """

    name = models.CharField(max_length=60, unique=True)
    description = models.CharField(max_length=500, blank=True)
    permissions = models.JSONField(default=dict, blank=True)
    field_rules = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RecordShare(models.Model):
    """One record shared with a user or a team, beyond the role's scope."""

    record_type = models.CharField(max_length=64)
    record_id = models.CharField(max_length=64)
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE, related_name="shares")
    can_edit = models.BooleanField(default=False)
    shared_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["record_type", "record_id"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user_id__isnull=False, team__isnull=True)
                | models.Q(user_id__isnull=True, team__isnull=False),
                name="share_with_user_xor_team",
            ),
            models.UniqueConstraint(fields=["record_type", "record_id", "user_id"], name="one_share_per_user"),
            models.UniqueConstraint(fields=["record_type", "record_id", "team"], name="one_share_per_team"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} → {self.user_id or self.team_id}"


class ApiKey(models.Model):
    """An integrator's key. The key acts as its own service user (``user_id``) holding ``role``.

    The secret is shown once; only its SHA-256 is kept. ``prefix`` finds the row.
    """

    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    user_id = models.BigIntegerField(unique=True)
    role = models.CharField(max_length=20)
    custom_role = models.ForeignKey(CustomRole, null=True, blank=True, on_delete=models.SET_NULL)
    created_by_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())
