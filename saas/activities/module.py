"""The activities module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_activities

ACTIVITIES = Module(
    name="activities",
    record_types=register_record_types,
    demo_seeders=(seed_activities,),
    saved_views=(SavedViewType("activity", "Activities", filter_input="ActivityFilter", order_input="ActivityOrder"),),
)
