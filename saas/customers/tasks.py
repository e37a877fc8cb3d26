"""Scheduled work of the customers module. Each run is inside one tenant's schema."""

from __future__ import annotations

from saas.kernel.schedules import scheduled_in_every_workspace

from . import services

DAILY = 24 * 3600

# The pool rule, daily in every workspace.
return_idle_customers_to_pool, return_idle_customers_everywhere = scheduled_in_every_workspace(
    "customers.return_idle_customers_to_pool",
    services.return_idle_customers_to_pool,
    beat="customers.pool-rule",
    every=DAILY,
    fan_out="customers.return_idle_customers_everywhere",
)
