"""Scheduled work that runs in every workspace: one task per tenant, each in its own schema.

A module declares such work once::

    rescore_leads, rescore_leads_everywhere = scheduled_in_every_workspace(
        "leads.rescore_leads", scoring.rescore_all, beat="leads.score-decay", every=DAILY
    )

``rescore_leads`` is the Celery task that runs ``scoring.rescore_all()`` inside one workspace's schema
(TenantTask sets it from the ``_schema_name`` header; in schema public it refuses to run), and
``rescore_leads_everywhere`` (task ``leads.rescore_leads_everywhere``) queues it once per workspace;
Celery beat runs the fan-out every ``every`` seconds under the key ``beat``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from celery import shared_task
from celery.schedules import crontab

from saas.celery import app
from tenants.db import connection
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


class ScheduledJob(NamedTuple):
    task: Any  # runs in one workspace's schema
    everywhere: Any  # the fan-out beat runs: one ``task`` per workspace


def scheduled_in_every_workspace(
    name: str, run: Callable[[], int], *, beat: str, every: float | crontab, fan_out: str | None = None
) -> ScheduledJob:
    """Declare ``run`` as work Celery beat does in every workspace (see the module's docstring).

    ``every``: seconds, or a ``crontab`` (e.g. daily just after midnight UTC).
    """

    def in_one_workspace() -> int:
        if connection.schema_name == "public":
            raise RuntimeError(f"{name} must run inside a tenant schema")
        return run()

    in_one_workspace.__doc__ = run.__doc__
    task = shared_task(name=name)(in_one_workspace)
    fan_out_name = fan_out or f"{name}_everywhere"

    def everywhere() -> int:
        """Fan out: one task per workspace, each in its own schema, so one's failure stays its own."""
        return in_every_workspace(task)

    everywhere_task = shared_task(name=fan_out_name, ignore_result=True)(everywhere)
    app.conf.beat_schedule = {
        **(app.conf.beat_schedule or {}),
        beat: {"task": fan_out_name, "schedule": every},
    }
    return ScheduledJob(task, everywhere_task)
