"""Files go with their records: a record deleted for good loses its attachments (rows and files), a record in
the recycle bin keeps them, a deleted workspace takes its folder; never another workspace's files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, transaction

from saas.attachments import services, tasks
from saas.attachments.models import Attachment
from saas.customers.models import Company
from saas.kernel.bulk_delete import delete_ids
from tests.conftest import Workspace
from tests.customers.conftest import create_company

from .conftest import PDF, PNG, uploaded

pytestmark = pytest.mark.django_db
Capture = Callable[..., Any]


def files(root: Path, ws: Workspace) -> set[str]:
    folder = root / ws.tenant.schema_name
    return {str(p.relative_to(root)) for p in folder.rglob("*") if p.is_file()} if folder.exists() else set()


def test_a_record_deleted_for_good_loses_its_files_one_in_the_recycle_bin_keeps_them(
    workspace_a: Workspace, workspace_b: Workspace, attachment_dir: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    gone, kept, binned = (create_company(workspace_a, name=n) for n in ("Gone Co", "Kept Co", "Binned Co"))
    for company in (gone, kept, binned):
        uploaded(workspace_a, company["id"], PNG, "logo.png")
    uploaded(workspace_a, gone["id"], PDF, "contract.pdf")
    theirs = create_company(workspace_b, name="Bravo Co")
    uploaded(workspace_b, theirs["id"], PNG, "logo.png")
    assert (
        workspace_a.api.data(
            "mutation($id: ID!) { deleteCompany(input: {id: $id}) { errors { code } } }", {"id": binned["id"]}
        )["deleteCompany"]["errors"]
        == []
    )
    before_a, before_b = files(attachment_dir, workspace_a), files(attachment_dir, workspace_b)
    assert len(before_a) == 4 and len(before_b) == 1

    workspace_a.activate()
    going = Company.objects.get(name="Gone Co")
    going_files = set(Attachment.all_objects.filter(record_id=str(going.pk)).values_list("stored_name", flat=True))
    delete_ids(Company, [going.pk])  # deleted for good (as an import's undo does)
    # Until the sweep commits nothing is removed, and a sweep rolled back removes nothing.
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        assert services.purge_orphans() == 2
        raise RuntimeError("rolled back")
    assert files(attachment_dir, workspace_a) == before_a and Attachment.all_objects.count() == 4

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_orphans.apply(headers={"_schema_name": workspace_a.tenant.schema_name}).get() == 2
    workspace_a.activate()
    assert files(attachment_dir, workspace_a) == before_a - going_files
    assert set(Attachment.all_objects.values_list("file_name", flat=True)) == {"logo.png"}
    assert Attachment.all_objects.count() == 2  # Kept Co's, and Binned Co's (its record can be restored)
    assert files(attachment_dir, workspace_b) == before_b  # another workspace's files are never touched
    workspace_b.activate()
    assert Attachment.objects.count() == 1

    with django_capture_on_commit_callbacks(execute=True):  # nothing more to purge anywhere
        assert tasks.purge_orphans_everywhere.apply().get() >= 2
    assert files(attachment_dir, workspace_a) == before_a - going_files
    assert files(attachment_dir, workspace_b) == before_b


def test_a_deleted_workspace_takes_its_files_and_no_one_elses(
    workspace_a: Workspace, workspace_b: Workspace, attachment_dir: Path, django_capture_on_commit_callbacks: Capture
) -> None:
    uploaded(workspace_a, create_company(workspace_a, name="Alpha Co")["id"], PNG)
    uploaded(workspace_b, create_company(workspace_b, name="Bravo Co")["id"], PDF, "b.pdf")
    kept = files(attachment_dir, workspace_a)
    assert kept and files(attachment_dir, workspace_b)
    with connection.cursor() as cursor:  # the test's writes are one transaction: check them now, then drop
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with django_capture_on_commit_callbacks(execute=True):
        workspace_b.tenant.delete()
    assert files(attachment_dir, workspace_b) == set()
    assert files(attachment_dir, workspace_a) == kept
