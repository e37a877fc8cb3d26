"""The returns module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, PicklistDeclaration, SavedViewType

from .access import register_record_types
from .demo import seed_returns
from .exports import CLAIMS, RETURN_REQUESTS
from .models import REASONS

RETURNS = Module(
    name="returns",
    record_types=register_record_types,
    demo_seeders=(seed_returns,),
    saved_views=(
        # The stored value fits SavedView.record_type (10 characters).
        SavedViewType(
            "return", "Return requests", filter_input="ReturnRequestFilter", order_input="ReturnRequestOrder"
        ),
        SavedViewType("claim", "Claims", filter_input="ClaimFilter", order_input="ClaimOrder"),
    ),
    exports=(RETURN_REQUESTS, CLAIMS),
    picklists=(
        PicklistDeclaration(
            REASONS,
            "Return reason",
            values=("Damaged", "Defective", "Wrong item", "Not as described", "No longer needed", "Other"),
        ),
    ),
)
