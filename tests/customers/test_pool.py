"""The public pool: claiming, and the per-tenant rule that returns idle customers (a scheduled task)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from saas.audit.models import AuditEntry
from saas.customers import tasks
from saas.customers.models import Company, Contact, PoolRule
from tenants.db import connection
from tenants.models import Membership, Role, User
from tests.conftest import Workspace

from .conftest import codes, create_company, gid, mutate


def test_claim_a_company_from_the_pool(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Unowned")
    pool = workspace_a.api.data("{ poolCompanies { edges { node { id } } } }")["poolCompanies"]["edges"]
    assert pool == [{"node": {"id": company["id"]}}]
    claimed = mutate(workspace_a, "claimCompany", {"id": company["id"]}, "company { owner { email } ownerAssignedAt }")
    assert claimed["errors"] == [] and claimed["company"]["owner"] == {"email": workspace_a.owner.email}
    assert workspace_a.api.data("{ poolCompanies { totalCount } }")["poolCompanies"]["totalCount"] == 0
    again = mutate(workspace_a, "claimCompany", {"id": company["id"]}, "company { id }")
    assert codes(again) == [("id", "already_owned")]


def test_claim_a_contact(workspace_a: Workspace) -> None:
    contact = mutate(workspace_a, "createContact", {"firstName": "Ann"}, "contact { id }")["contact"]
    assert mutate(workspace_a, "claimContact", {"id": contact["id"]}, "contact { owner { id } }")["errors"] == []
    assert workspace_a.api.data("{ poolContacts { totalCount } }")["poolContacts"]["totalCount"] == 0


def test_pool_rule_is_set_by_admins_only(workspace_a: Workspace) -> None:
    assert workspace_a.api.data("{ poolRule { returnAfterDays } }") == {"poolRule": {"returnAfterDays": None}}
    done = mutate(workspace_a, "updatePoolRule", {"returnAfterDays": 30}, "poolRule { returnAfterDays }")
    assert done == {"poolRule": {"returnAfterDays": 30}, "errors": []}
    assert codes(mutate(workspace_a, "updatePoolRule", {"returnAfterDays": 0})) == [("returnAfterDays", "out_of_range")]
    seller = User.objects.create_user(email="s@alpha.example.com", password="a-strong-test-password-2026")
    Membership.objects.create(user=seller, tenant=workspace_a.tenant, role=Role.SALES)
    from tenants import services

    seller_ws = Workspace(workspace_a.tenant, seller, services.issue_token(seller), workspace_a.subdomain)
    assert codes(mutate(seller_ws, "updatePoolRule", {"returnAfterDays": 1}))[0][1] == "permission_denied"


def idle_customer(ws: Workspace, name: str, days_idle: int) -> Company:
    ws.activate()
    long_ago = timezone.now() - timedelta(days=days_idle)
    company = Company.objects.create(
        name=name, owner=ws.owner, owner_assigned_at=long_ago, last_interaction_at=long_ago
    )
    return company


def test_pool_rule_task_returns_only_idle_customers_of_its_own_tenant(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    for ws in (workspace_a, workspace_b):
        ws.activate()
        PoolRule.objects.update_or_create(pk=1, defaults={"return_after_days": 30})
        idle_customer(ws, "Idle", days_idle=45)
        idle_customer(ws, "Busy", days_idle=3)
        Contact.objects.create(
            first_name="Idle person", owner=ws.owner, owner_assigned_at=timezone.now() - timedelta(days=90)
        )
    connection.set_schema_to_public()

    result = tasks.return_idle_customers_to_pool.apply_async(headers={"_schema_name": workspace_a.tenant.schema_name})
    assert result.get() == 2

    workspace_a.activate()
    assert Company.objects.get(name="Idle").owner_id is None
    assert Company.objects.get(name="Busy").owner_id == workspace_a.owner.pk
    assert Contact.objects.get().owner_id is None
    entry = AuditEntry.objects.filter(record_type="Company").latest("id")
    assert entry.actor_id is None and entry.changes["reason"]["new"] == "pool_rule"
    workspace_b.activate()
    assert Company.objects.filter(owner__isnull=True).count() == 0
    assert Contact.objects.get().owner_id == workspace_b.owner.pk


def test_pool_rule_off_returns_nothing_and_fan_out_reaches_every_tenant(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    idle_customer(workspace_a, "Idle A", days_idle=400)  # alpha has no rule
    workspace_b.activate()
    PoolRule.objects.update_or_create(pk=1, defaults={"return_after_days": 10})
    idle_customer(workspace_b, "Idle B", days_idle=400)
    connection.set_schema_to_public()

    assert tasks.return_idle_customers_everywhere.apply().get() >= 2
    workspace_a.activate()
    assert Company.objects.get().owner_id is not None
    workspace_b.activate()
    assert Company.objects.get().owner_id is None


def test_the_task_refuses_to_run_without_a_tenant() -> None:
    import pytest

    connection.set_schema_to_public()
    with pytest.raises(RuntimeError):
        tasks.return_idle_customers_to_pool.apply(headers={"_schema_name": "public"}).get()


def test_claimed_customers_restart_the_clock(workspace_a: Workspace) -> None:
    workspace_a.activate()
    PoolRule.objects.update_or_create(pk=1, defaults={"return_after_days": 30})
    company = Company.objects.create(name="Old", last_interaction_at=timezone.now() - timedelta(days=100))
    mutate(workspace_a, "claimCompany", {"id": gid("Company", company.pk)})
    workspace_a.activate()
    from saas.customers.services import return_idle_customers_to_pool

    assert return_idle_customers_to_pool() == 0


def test_the_pool_rule_runs_daily_on_celery_beat() -> None:
    from saas.celery import app

    entry = app.conf.beat_schedule["customers.pool-rule"]
    assert entry == {"task": "customers.return_idle_customers_everywhere", "schedule": tasks.DAILY}
