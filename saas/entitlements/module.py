"""The entitlements module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_entitlements
from .exports import ENTITLEMENTS as ENTITLEMENTS_EXPORT

ENTITLEMENTS = Module(
    name="entitlements",
    record_types=register_record_types,
    demo_seeders=(seed_entitlements,),
    saved_views=(
        SavedViewType("entitlement", "Entitlements", filter_input="EntitlementFilter", order_input="EntitlementOrder"),
    ),
    exports=(ENTITLEMENTS_EXPORT,),
    page_fields={"Entitlement": ("ticketCount",)},
)
