"""The kernel's own tenant tables: saved views (any module's list can have them)."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models

from saas.records import Record, user_reference


class SavedView(Record):
    """A named filter + ordering + columns over one list, private or shared with the team.

    ``record_type`` is a ``SavedViewType.value`` a module declared (``saas.modules``); the
    table is still ``customers_savedview``, where the customers module first kept it.
    """

    name = models.CharField(max_length=100)
    record_type = models.CharField(max_length=10)
    filter = models.JSONField(default=dict, blank=True)
    ordering = models.JSONField(default=list, blank=True)
    columns = ArrayField(models.CharField(max_length=50), default=list, blank=True)
    shared = models.BooleanField(default=False)
    owner = user_reference()

    class Meta:
        db_table = "customers_savedview"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name
