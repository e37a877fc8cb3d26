"""A workspace's custom fields: definitions here, values in each record's ``custom_fields`` JSONB column."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class FieldType(models.TextChoices):
    TEXT = "text", "Text"
    LONG_TEXT = "long_text", "Long text"
    NUMBER = "number", "Number"
    DECIMAL = "decimal", "Decimal"
    MONEY = "money", "Money"
    DATE = "date", "Date"
    DATETIME = "datetime", "Date and time"
    BOOLEAN = "boolean", "Yes / no"
    PICKLIST = "picklist", "Picklist"
    MULTI_PICKLIST = "multi_picklist", "Multi-select picklist"
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    URL = "url", "Web address"
    REFERENCE = "reference", "Reference to a record"


class CustomFieldDefinition(models.Model):
    """One custom field of one record type (``Company``, ``Contact``, any registered type with the column).

    Deleting sets ``deleted_at``: the field leaves the API at once, its values stay on the records until
    the field is purged (then the key is free again).
    """

    record_type = models.CharField(max_length=64)
    key = models.CharField(max_length=40)  # the JSON key in ``custom_fields``; fixed once made
    label = models.CharField(max_length=100)
    field_type = models.CharField(max_length=20, choices=FieldType.choices)
    description = models.CharField(max_length=500, blank=True)
    required = models.BooleanField(default=False)
    unique = models.BooleanField(default=False)
    # Roles that hide or lock sensitive fields (saas.access) treat this one alike.
    sensitive = models.BooleanField(default=False)
    default = models.JSONField(null=True, blank=True)  # stored form, as validated
    min_value = models.DecimalField(max_digits=30, decimal_places=10, null=True, blank=True)  # number, length...
    max_value = models.DecimalField(max_digits=30, decimal_places=10, null=True, blank=True)
    regex = models.CharField(max_length=200, blank=True)
    choices = models.JSONField(default=list, blank=True)  # picklists: [str, ...]
    # Picklists: the key of a shared ``Picklist`` whose values replace ``choices`` (empty: own choices).
    picklist = models.CharField(max_length=40, blank=True)
    reference_type = models.CharField(max_length=64, blank=True)  # reference: the record type it points to
    position = models.PositiveIntegerField(default=0)  # order in forms and columns
    group = models.CharField(max_length=100, blank=True)  # heading in the record page's layout
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["record_type", "position", "id"]
        constraints = [
            # A key names one field per type until that field is purged (its data may still be stored).
            models.UniqueConstraint(fields=["record_type", "key"], name="customization_field_key_unique"),
        ]
        indexes = [
            models.Index(
                fields=["record_type", "position"],
                condition=Q(deleted_at__isnull=True),
                name="customization_live_fields",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type}.{self.key}"

    @property
    def rule_name(self) -> str:
        """The field-rule name roles use for it (``saas.access``)."""
        return f"custom_fields.{self.key}"


class Picklist(models.Model):
    """A named list of values of the workspace (industry, lead source, lost reason, ...): the data dictionary.

    Modules declare the lists they use (``saas.modules.PicklistDeclaration``); the row is made with the
    declared values the first time the workspace reads it. Admins add their own for custom fields.
    """

    key = models.CharField(max_length=40, unique=True)
    label = models.CharField(max_length=100)
    declared = models.BooleanField(default=False)  # by a module: cannot be deleted
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["label", "id"]

    def __str__(self) -> str:
        return self.key


class PicklistValue(models.Model):
    """One value of a picklist. A deprecated value stays on the records that have it; new writes refuse it."""

    picklist = models.ForeignKey(Picklist, on_delete=models.CASCADE, related_name="values")
    value = models.CharField(max_length=100)  # what records store; fixed once made
    label = models.CharField(max_length=100)
    colour = models.CharField(max_length=7, blank=True)  # "#rrggbb" or none
    position = models.PositiveIntegerField(default=0)
    deprecated = models.BooleanField(default=False)

    class Meta:
        ordering = ["picklist_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["picklist", "value"], name="customization_picklist_value")]

    def __str__(self) -> str:
        return self.value


class RecordLayout(models.Model):
    """How record pages of one type show their fields to one role: order and visibility, and the groups' order.

    Presentation only: a field a role's field rules hide never reaches it, whatever the layout says.
    """

    record_type = models.CharField(max_length=64)
    role = models.CharField(max_length=40)  # a built-in role ("sales") or "custom:<CustomRole pk>"
    fields = models.JSONField(default=list, blank=True)  # [{"field": "email", "hidden": false}, ...] in order
    groups = models.JSONField(default=list, blank=True)  # the page's groups in order: ["dates", "Details", ...]
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record_type", "role"], name="customization_layout_unique")]

    def __str__(self) -> str:
        return f"{self.record_type} for {self.role}"
