"""The demo workspace with every installed module's sample data (``manage.py seed_demo``)."""

from __future__ import annotations

from saas.modules import demo_seeders
from tenants.demo import seed_demo_tenant
from tenants.models import Tenant


def seed_demo_workspace() -> Tenant:
    """Create the demo tenant and run each module's demo seeders, in module order."""
    return seed_demo_tenant(demo_seeders())
