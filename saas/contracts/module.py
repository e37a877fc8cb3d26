"""The contracts module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_contracts
from .exports import CONTRACTS as CONTRACTS_EXPORT
from .reminders import renewal_reminders

CONTRACTS = Module(
    name="contracts",
    record_types=register_record_types,
    demo_seeders=(seed_contracts,),
    saved_views=(SavedViewType("contract", "Contracts", filter_input="ContractFilter", order_input="ContractOrder"),),
    exports=(CONTRACTS_EXPORT,),
    reminder_sources=(renewal_reminders,),
    page_fields={"Contract": ("renewalReminderDate",)},
)
