from __future__ import annotations

from saas.customers.demo import seed_customers
from saas.customers.models import Company, Contact, Interaction
from saas.modules import demo_seeders
from tests.conftest import Workspace


def test_demo_seeder_is_registered_and_fills_a_tenant(workspace_a: Workspace) -> None:
    assert seed_customers in demo_seeders()
    workspace_a.activate()
    seed_customers(workspace_a.tenant, [workspace_a.owner])
    companies = Company.objects.count()
    assert companies >= 24 and Contact.objects.count() >= 24 and Interaction.objects.count() >= 40
    stats = workspace_a.api.data("{ customerStatistics { companies bySource { key } } poolCompanies { totalCount } }")
    assert stats["customerStatistics"]["companies"] == companies
    assert stats["poolCompanies"]["totalCount"] == 1
