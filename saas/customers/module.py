"""The customers module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_customers
from .exports import COMPANIES, CONTACTS

CUSTOMERS = Module(
    name="customers",
    record_types=register_record_types,
    demo_seeders=(seed_customers,),
    saved_views=(
        SavedViewType("company", "Companies", filter_input="CompanyFilter", order_input="CompanyOrder"),
        SavedViewType("contact", "Contacts", filter_input="ContactFilter", order_input="ContactOrder"),
    ),
    exports=(COMPANIES, CONTACTS),
)
