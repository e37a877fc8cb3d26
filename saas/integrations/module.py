"""The integrations module as the platform sees it: one declaration (see saas.modules)."""

from __future__ import annotations

from typing import Any

from saas.modules import Module

from .demo import seed_connectors


def _record_event(event: dict[str, Any]) -> None:
    from . import services  # imported when first heard: services reach the access registry

    services.record_event_heard(event)


INTEGRATIONS = Module(
    name="integrations",
    record_listeners=(_record_event,),
    demo_seeders=(seed_connectors,),
    demo_after=("leads",),  # the WeChat QR codes name the demo's campaigns
)
