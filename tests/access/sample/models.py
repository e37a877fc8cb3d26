from __future__ import annotations

from decimal import Decimal

from django.db import models


class SampleDeal(models.Model):
    """Stands in for a CRM record: an owner (user id), a sensitive amount, a plain title."""

    title = models.CharField(max_length=100)
    owner_id = models.BigIntegerField(null=True, blank=True)
    amount = models.DecimalField(max_digits=12, decimal_places=2, default=Decimal(0))
    # Declared so mypy knows it (this test app is not among the settings' INSTALLED_APPS).
    objects: models.Manager[SampleDeal] = models.Manager()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title
