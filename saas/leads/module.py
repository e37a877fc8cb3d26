"""The leads module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_leads
from .exports import CAMPAIGNS as CAMPAIGNS_EXPORT
from .exports import LEADS as LEADS_EXPORT
from .imports import LEAD_IMPORT

LEADS = Module(
    name="leads",
    record_types=register_record_types,
    demo_seeders=(seed_leads,),
    saved_views=(
        SavedViewType("lead", "Leads", filter_input="LeadFilter", order_input="LeadOrder"),
        SavedViewType("campaign", "Campaigns", filter_input="CampaignFilter", order_input="CampaignOrder"),
    ),
    exports=(LEADS_EXPORT, CAMPAIGNS_EXPORT),
    imports=(LEAD_IMPORT,),
)
