"""Rows the platform needs before anyone can sign up."""

from __future__ import annotations

from django.conf import settings

from .db import connection
from .models import Domain, Tenant


def ensure_public_tenant() -> Tenant:
    """The ``public`` tenant serves the base domain (and 127.0.0.1) with the public site."""
    connection.set_schema_to_public()
    public, _ = Tenant.objects.get_or_create(schema_name="public", defaults={"name": "Public site"})
    for host in {settings.BASE_DOMAIN, "127.0.0.1"}:
        Domain.objects.get_or_create(
            domain=host, defaults={"tenant": public, "is_primary": host == settings.BASE_DOMAIN}
        )
    return public
