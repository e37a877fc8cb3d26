"""The demo workspace ``make run`` creates: a company with a team and sample CRM data."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from . import services
from .db import connection
from .models import Membership, Role, Tenant, User

DEMO_SUBDOMAIN = "demo"
DEMO_EMAIL = "owner@demo.example.com"
DEMO_PASSWORD = "demo-password-2026"

DEMO_TEAM = [
    ("ava.morgan@demo.example.com", "Ava Morgan", Role.ADMIN),
    ("liam.chen@demo.example.com", "Liam Chen", Role.MANAGER),
    ("sofia.rossi@demo.example.com", "Sofia Rossi", Role.SALES),
    ("noah.patel@demo.example.com", "Noah Patel", Role.SALES),
    ("mia.wang@demo.example.com", "Mia Wang", Role.MARKETING),
    ("lucas.silva@demo.example.com", "Lucas Silva", Role.SERVICE),
    ("emma.jones@demo.example.com", "Emma Jones", Role.READ_ONLY),
]

Seeder = Callable[[Tenant, list[Any]], None]


def seed_demo_tenant(seeders: Iterable[Seeder] = ()) -> Tenant:
    """Sign the demo company up, add its team, then run ``seeders`` inside its schema.

    The seeders are the CRM modules' (``saas.kernel.demo`` passes them from the module registry):
    this package knows no module.
    """
    result = services.sign_up(
        company_name="Northwind Traders",
        subdomain=DEMO_SUBDOMAIN,
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        full_name="Olivia Bennett",
    )
    tenant = result.tenant
    members = [result.user]
    for email, name, role in DEMO_TEAM:
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password=DEMO_PASSWORD, full_name=name
        )
        Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": role})
        members.append(user)
    connection.set_tenant(tenant)
    try:
        for seeder in seeders:
            seeder(tenant, members)
    finally:
        connection.set_schema_to_public()
    return tenant
