"""The sales module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import GettingStartedStep, Module, SavedViewType

from .access import register_record_types
from .demo import seed_sales
from .exports import DEALS
from .models import Deal

SALES = Module(
    name="sales",
    record_types=register_record_types,
    demo_seeders=(seed_sales,),
    saved_views=(SavedViewType("deal", "Deals", filter_input="DealFilter", order_input="DealOrder"),),
    exports=(DEALS,),
    getting_started=(GettingStartedStep("addDeal", 50, lambda tenant: Deal._base_manager.exists()),),
)
