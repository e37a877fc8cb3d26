"""The entitlements module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .exports import ENTITLEMENTS as ENTITLEMENTS_EXPORT

ENTITLEMENTS = Module(
    name="entitlements",
    record_types=register_record_types,
    saved_views=(
        SavedViewType("entitlement", "Entitlements", filter_input="EntitlementFilter", order_input="EntitlementOrder"),
    ),
    exports=(ENTITLEMENTS_EXPORT,),
)
