"""A throw-away CRM module, declared only through the module registry (saas.modules).

Its record types join the permission matrix, audit and realtime by this declaration alone;
its API half is ``tests.access.sample.api.SAMPLE_API``.
"""

from __future__ import annotations

from saas.access.registry import register
from saas.modules import Module

from .models import SampleDeal, SampleLabel, SampleTicket


def new_deal(owner_id: int | None) -> SampleDeal:
    return SampleDeal.objects.create(title="Sample deal", owner_id=owner_id, amount=1000)


def new_label(owner_id: int | None) -> SampleLabel:
    return SampleLabel.objects.create(name="Label")


def new_ticket(owner_id: int | None) -> SampleTicket:
    return SampleTicket.objects.create(title="Printer on fire", notes="call back", owner_id=owner_id)


def register_record_types() -> None:
    register(SampleDeal, owner_field="owner_id", sensitive_fields=("amount",), factory=new_deal)
    register(SampleLabel, owner_field=None, factory=new_label)
    register(SampleTicket, owner_field="owner", sensitive_fields=("notes",), factory=new_ticket)


SAMPLE = Module(name="sample", record_types=register_record_types)
