"""The catalogue as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from saas.modules import Module

from .access import register_record_types
from .demo import seed_catalog
from .exports import ORDERS

CATALOG = Module(
    name="catalog",
    record_types=register_record_types,
    demo_seeders=(seed_catalog,),
    exports=(ORDERS,),
    page_fields={"Order": ("company",)},  # the deal's company
)
