"""Renewal reminders: the owner of an active contract hears of its end ``renewal_notice_days`` before it.

A reminder source of the platform's reminders job (``saas.modules.Module.reminder_sources``), which sends
each reminder once by its key: one per contract and end date, so a renewed contract's follow-on (a new
contract) is reminded again in its own time, and a run that comes twice sends nothing twice.
"""

from __future__ import annotations

from datetime import timedelta

from saas.access import policy
from saas.modules import Reminder, ReminderRun

from .models import LONGEST_NOTICE, Contract, ContractStatus

KIND = "contract_renewal"


def renewal_reminders(run: ReminderRun) -> list[Reminder]:
    """Active contracts whose notice period began (and that have not ended), for their owners who may read them."""
    candidates = Contract.objects.filter(
        status=ContractStatus.ACTIVE,
        owner_id__in=list(run.seats),
        end_date__gte=run.today,
        end_date__lte=run.today + timedelta(days=LONGEST_NOTICE),
    ).order_by("end_date", "number")
    found: list[Reminder] = []
    for contract in candidates:
        if contract.end_date - timedelta(days=contract.renewal_notice_days) > run.today:
            continue
        assert contract.owner_id is not None
        seat = run.seats[contract.owner_id]
        if not policy.allows(seat, "read", contract):
            continue
        days = (contract.end_date - run.today).days
        message = f"Contract C-{contract.number} {contract.title} ends on {contract.end_date:%Y-%m-%d} ({days} days)"
        found.append(
            Reminder(
                key=f"contract-renewal:{contract.pk}:{contract.end_date.isoformat()}",
                membership=seat,
                kind=KIND,
                message=message[:300],
                record_type="Contract",
                record_id=str(contract.pk),
            )
        )
    return found
