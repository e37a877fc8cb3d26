"""The repairs module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_repairs
from .exports import REPAIR_ORDERS, WARRANTIES

REPAIRS = Module(
    name="repairs",
    record_types=register_record_types,
    demo_seeders=(seed_repairs,),
    saved_views=(
        SavedViewType("warranty", "Warranties", filter_input="WarrantyFilter", order_input="WarrantyOrder"),
        SavedViewType(
            "repair_order", "Repair orders", filter_input="RepairOrderFilter", order_input="RepairOrderOrder"
        ),
    ),
    exports=(WARRANTIES, REPAIR_ORDERS),
)
