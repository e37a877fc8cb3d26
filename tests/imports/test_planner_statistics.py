"""A workspace's first import keeps PostgreSQL's statistics of the table it grows (saas.kernel.bulk_insert).

Planned for a table PostgreSQL has never analysed, each batch's key lookups scanned every contact once per
key: a first import of 20,000 contacts into a new workspace took 55 s instead of 5 s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saas.customers.models import Contact
from saas.imports import services
from saas.kernel.bulk_insert import PlannerStatistics
from tenants.db import connection
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, status, uploaded


def planner_rows() -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'customers_contact'::regclass")
        return float(cursor.fetchone()[0])


def contacts(count: int, start_at: int = 0) -> None:
    Contact.objects.bulk_create(
        [Contact(first_name=f"P{i}", last_name="Row", emails=[f"p{i}@example.com"]) for i in range(start_at, count)]
    )


@pytest.mark.django_db
def test_the_table_is_analysed_once_it_outgrows_what_the_planner_knows(workspace_a: Workspace) -> None:
    workspace_a.activate()
    statistics = PlannerStatistics(Contact, least=100)
    assert statistics.known == 0 and planner_rows() < 1  # a new workspace: never analysed
    contacts(50)
    statistics.wrote(50)
    statistics.refresh()
    assert planner_rows() < 1  # too few rows to matter
    contacts(300, start_at=50)
    statistics.wrote(250)
    statistics.refresh()
    assert planner_rows() == 300 and statistics.known == 300 and statistics.added == 0
    contacts(400, start_at=300)
    statistics.wrote(100)
    statistics.refresh()
    assert planner_rows() == 300  # a third more than known: the plans still hold


@pytest.mark.django_db
def test_a_first_import_in_batches_plans_its_lookups_on_the_rows_it_wrote(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(services, "BATCH", 500)
    rows = [["First name", "Last name", "Email", "Phone"]]
    rows += [[f"Ada{i}", "Lovelace", f"ada{i}@example.com", ""] for i in range(2600)]
    import_id = uploaded(workspace_a.api, csv_bytes(rows))
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "SKIP")
    assert status(workspace_a.api, import_id)["createdCount"] == 2600
    workspace_a.activate()
    assert planner_rows() >= 1000  # analysed on the way, not left at "never"
