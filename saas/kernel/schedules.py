"""Scheduled work that runs in every workspace: one task per tenant, each in its own schema."""

from __future__ import annotations

from typing import Any

from tenants.models import Tenant


def in_every_workspace(task: Any) -> int:
    """Queue ``task`` once per workspace (TenantTask sets the schema from the header); return how many.

    One task each, so one workspace's failure or slowness stays its own. The public schema and the
    template schemas are left out.
    """
    schemas = (
        Tenant.objects.exclude(schema_name="public").filter(is_template=False).values_list("schema_name", flat=True)
    )
    count = 0
    for schema_name in schemas:
        task.apply_async(headers={"_schema_name": schema_name})
        count += 1
    return count
