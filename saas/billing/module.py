"""The billing module as the platform sees it: plan limits on other modules' writes (see saas.modules)."""

from __future__ import annotations

from typing import Any

from saas.modules import Limits, Module

from . import plans


def _seats_changed(tenant: Any) -> None:
    from .tasks import sync_seats

    sync_seats.delay(tenant.pk)


BILLING = Module(
    name="billing",
    limits=Limits(
        record_created=plans.check_record_created,
        seats_added=plans.check_seats_added,
        seats_changed=_seats_changed,
        adding=plans.check_adding,
        feature_used=plans.check_feature,
        custom_fields_defined=plans.check_custom_fields_defined,
    ),
)
