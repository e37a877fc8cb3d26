"""The activities export (/exports/activities.csv): what the list shows, for whoever asks, in their tenant."""

from __future__ import annotations

import pytest

from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.conftest import create_company
from tests.customers.test_tags_groups_views import member
from tests.exports.test_exports import csv_rows, export

from .conftest import create_activity, gid

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_listed_activities_in_the_language_asked(workspace_a: Workspace) -> None:
    create_activity(workspace_a, subject="Call Ann", kind="CALL", priority="HIGH", dueAt="2027-03-01T09:00:00+00:00")
    create_activity(workspace_a, subject="Write notes", kind="NOTE")
    rows = csv_rows(
        export(workspace_a, "activities", filter={"kind": {"eq": "CALL"}}, columns="kind,priority", lang="zh-CN")
    )
    assert rows == [["主题", "类型", "优先级"], ["Call Ann", "电话", "高"]]


def test_no_rows_of_records_out_of_sight_or_of_another_tenant(workspace_a: Workspace, workspace_b: Workspace) -> None:
    create_activity(workspace_b, subject="Bravo's secret")
    manager = member(workspace_a, "mona@alpha.example.com", Role.MANAGER)  # team scope, exports its team's
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)  # in no team with Mona
    sofias = create_company(sales, name="Sofia's own account")
    for_mona = gid("User", manager.owner.pk)
    create_activity(workspace_a, subject="On Sofia's account", recordId=sofias["id"], assigneeId=for_mona)
    create_activity(workspace_a, subject="Free-standing", assigneeId=for_mona)

    owner_rows = sorted(r[0] for r in csv_rows(export(workspace_a, "activities"))[1:])
    assert owner_rows == ["Free-standing", "On Sofia's account"]
    # Mona is the assignee of both, but may not read Sofia's company: that activity stays out.
    assert [r[0] for r in csv_rows(export(manager, "activities"))[1:]] == ["Free-standing"]
    assert [r[0] for r in csv_rows(export(workspace_b, "activities"))[1:]] == ["Bravo's secret"]
