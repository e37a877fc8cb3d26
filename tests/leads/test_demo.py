from __future__ import annotations

import pytest

from saas.kernel.demo import seed_demo_workspace
from saas.leads.models import AssignmentRule, Campaign, Lead, ScoringRule
from tenants.db import connection


@pytest.mark.django_db
def test_the_demo_workspace_has_scored_leads_and_rules() -> None:
    tenant = seed_demo_workspace()
    connection.set_tenant(tenant)
    assert Lead.objects.count() == 10
    assert ScoringRule.objects.count() == 6 and AssignmentRule.objects.count() == 1
    software = Lead.objects.filter(industry="Software", activities__isnull=True)
    assert all(lead.score >= 15 for lead in software)
    assert Lead.objects.filter(score__gt=0).exists()
    # Campaigns with their leads, so the campaigns page has figures to show.
    assert Campaign.objects.count() == 3
    assert Lead.objects.filter(campaign__isnull=False).count() == 5
    assert set(Campaign.objects.values_list("status", flat=True)) == {"planned", "active", "completed"}
