"""Invoicing as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_invoices
from .exports import INVOICES

INVOICING = Module(
    name="invoicing",
    record_types=register_record_types,
    demo_seeders=(seed_invoices,),
    saved_views=(SavedViewType("invoice", "Invoices", filter_input="InvoiceFilter", order_input="InvoiceOrder"),),
    exports=(INVOICES,),
    page_fields={"CustomerInvoice": ("balance",)},  # total less what was paid
)
