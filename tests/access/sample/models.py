from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models

from saas.records import SoftDeletableRecord, user_reference


class SampleDeal(models.Model):
    """Stands in for a CRM record: an owner (user id), a sensitive amount, a plain title."""

    title = models.CharField(max_length=100)
    owner_id = models.BigIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    # Declared because mypy's settings don't install this test-only app.
    objects: ClassVar[models.Manager[SampleDeal]] = models.Manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class SampleLabel(models.Model):
    """Stands in for an owner-less record type (tags, price books): any granted scope reaches all of them."""

    name = models.CharField(max_length=50)

    objects: ClassVar[models.Manager[SampleLabel]] = models.Manager()

    def __str__(self) -> str:
        return self.name


class SampleTicket(SoftDeletableRecord):
    """A throw-away module's record (tests/access/sample/module.py): declared only through the registries."""

    title = models.CharField(max_length=100)
    notes = models.CharField(max_length=200, null=True, blank=True)  # sensitive: roles may hide it
    owner = user_reference(null=True, blank=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title
