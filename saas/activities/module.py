"""The activities module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_activities
from .exports import ACTIVITIES_EXPORT
from .reminders import activity_reminders, birthday_reminders

ACTIVITIES = Module(
    name="activities",
    record_types=register_record_types,
    demo_seeders=(seed_activities,),
    exports=(ACTIVITIES_EXPORT,),
    saved_views=(SavedViewType("activity", "Activities", filter_input="ActivityFilter", order_input="ActivityOrder"),),
    reminder_sources=(activity_reminders, birthday_reminders),
)
