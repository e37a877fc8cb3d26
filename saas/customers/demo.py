"""Sample customers for the demo workspace (see tenants.demo.SAMPLE_DATA_SEEDERS)."""

from __future__ import annotations

from typing import Any


def seed_customers(tenant: Any, members: list[Any]) -> None:
    pass
