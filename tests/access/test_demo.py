from __future__ import annotations

import pytest

from saas.access.models import TeamMember
from saas.kernel.demo import seed_demo_workspace
from tenants.db import connection


@pytest.mark.django_db
def test_demo_workspace_has_a_team_with_a_manager() -> None:
    tenant = seed_demo_workspace()
    connection.set_tenant(tenant)
    seats = list(TeamMember.objects.select_related("team").order_by("-is_manager", "id"))
    assert [s.is_manager for s in seats] == [True, False, False]
    assert {s.team.name for s in seats} == {"Field sales"}
