"""The pool rule in a real Celery worker, through Redis: each tenant's run in its own schema.

The rest of the suite runs tasks in-process (eagerly); this test starts a worker process on a
queue of its own, against a database of its own, and sends it the daily fan-out task the way
Celery beat does.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import psycopg2
import pytest

from tests.live_stack import BASE_DIR, live_stack

pytestmark = [
    pytest.mark.live_server_process,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis for a real Celery worker: set REDIS_URL"),
]

SETUP = """
from datetime import timedelta
from django.utils import timezone
from django_tenants.utils import tenant_context
from saas.customers.models import Company, PoolRule
from tenants import services
long_ago = timezone.now() - timedelta(days=90)
for subdomain, days in (("idle-co", 30), ("calm-co", None)):
    signed = services.sign_up(company_name=subdomain, subdomain=subdomain, email=f"o@{subdomain}.example.com",
                              password="a-strong-test-password-2026", full_name="Owner")
    with tenant_context(signed.tenant):
        PoolRule.objects.update_or_create(pk=PoolRule.current().pk, defaults={"return_after_days": days})
        Company.objects.create(name="Idle", owner=signed.user, owner_assigned_at=long_ago)
        Company.objects.create(name="Busy", owner=signed.user, owner_assigned_at=long_ago,
                               last_interaction_at=timezone.now())
"""


def owned(database_url: str, schema: str) -> dict[str, bool]:
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(f'SELECT name, owner_id IS NOT NULL FROM "{schema}".customers_company')
        return dict(cursor.fetchall())


def test_the_pool_rule_runs_in_a_real_worker_for_each_tenant_in_its_own_schema() -> None:
    queue = f"crm-test-{secrets.token_hex(4)}"
    worker_env = {"CELERY_TASK_ALWAYS_EAGER": "0", "CELERY_QUEUE": queue}
    with live_stack(processes=0, extra_env=worker_env) as stack:
        env = {**os.environ, **worker_env, "DATABASE_URL": stack.database_url, "DJANGO_ENV": "test", "DEBUG": "0"}
        env["DJANGO_SETTINGS_MODULE"] = "saas.settings"
        manage = [sys.executable, str(BASE_DIR / "manage.py")]
        subprocess.run([*manage, "shell", "-c", SETUP], env=env, check=True, cwd=BASE_DIR, stdout=subprocess.DEVNULL)
        assert owned(stack.database_url, "idle_co") == {"Idle": True, "Busy": True}
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "saas", "worker", "-Q", queue, "--pool", "solo", "-l", "WARNING"],
            env=env,
            cwd=BASE_DIR,
        )
        try:
            # What beat sends daily: the fan-out, from the public schema; it queues one task per tenant.
            send = "from saas.celery import app; app.send_task('customers.return_idle_customers_everywhere')"
            subprocess.run([sys.executable, "-c", f"import django; django.setup(); {send}"], env=env, check=True)
            deadline = time.monotonic() + 60
            while owned(stack.database_url, "idle_co")["Idle"] and time.monotonic() < deadline:
                time.sleep(0.5)
            time.sleep(2)  # let calm-co's task run too
        finally:
            worker.terminate()
            worker.wait(20)
        # Tenant A's idle account went back to the pool; its busy one and all of tenant B's (rule off) stayed.
        assert owned(stack.database_url, "idle_co") == {"Idle": False, "Busy": True}
        assert owned(stack.database_url, "calm_co") == {"Idle": True, "Busy": True}
