"""The service module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module, SavedViewType

from .access import register_record_types
from .demo import seed_service
from .exports import TICKETS_EXPORT

SERVICE = Module(
    name="service",
    record_types=register_record_types,
    demo_seeders=(seed_service,),
    saved_views=(SavedViewType("ticket", "Tickets", filter_input="TicketFilter", order_input="TicketOrder"),),
    exports=(TICKETS_EXPORT,),
)
