"""Files on any record: upload (type sniffed, size, virus scan, plan storage), list, download by link, delete, undo."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from saas.attachments.models import Attachment
from saas.attachments.scanning import EICAR
from saas.audit.models import AuditEntry
from saas.billing import plans
from tests.billing.test_limits import edit_plan
from tests.conftest import Workspace
from tests.customers.conftest import create_company, create_contact
from tests.query_count import assert_num_queries, count_queries

from .conftest import PDF, PNG, error_codes, fetch, listed, mutate, upload, uploaded

pytestmark = pytest.mark.django_db


def stored_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_file_uploaded_on_a_company_is_listed_previewed_and_downloaded(
    workspace_a: Workspace, attachment_dir: Path
) -> None:
    company = create_company(workspace_a, name="Globex")
    attachment = uploaded(workspace_a, company["id"], PNG, "../../etc/Logo 2026.png")
    assert attachment["fileName"] == "Logo 2026.png"  # no folders from the client's name
    assert (attachment["contentType"], attachment["size"], attachment["recordId"]) == (
        "image/png",
        len(PNG),
        company["id"],
    )

    [shown] = listed(workspace_a, company["id"])
    assert shown["fileName"] == "Logo 2026.png" and shown["recordType"] == "Company"
    assert shown["uploadedBy"]["email"] == workspace_a.owner.email
    assert shown["previewUrl"] and shown["previewUrl"] != shown["downloadUrl"]

    download = fetch(workspace_a, shown["downloadUrl"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert download["Content-Type"] == "image/png"
    assert (
        download["Content-Disposition"].startswith("attachment;") and "Logo 2026.png" in download["Content-Disposition"]
    )
    preview = fetch(workspace_a, shown["previewUrl"])
    assert preview.status_code == 200 and preview["Content-Disposition"].startswith("inline")
    assert preview["X-Content-Type-Options"] == "nosniff" and preview["X-Frame-Options"] == "SAMEORIGIN"
    assert download["X-Frame-Options"] == "DENY"

    # Kept under the workspace's own folder; audited like any record.
    [kept] = stored_files(attachment_dir)
    assert kept.relative_to(attachment_dir).parts[:2] == (workspace_a.tenant.schema_name, "Company")
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Attachment", action="create")
    assert entry.changes["file_name"] == {"old": None, "new": "Logo 2026.png"}


def test_every_record_type_takes_attachments_and_other_files_download_only(workspace_a: Workspace) -> None:
    contact = create_contact(workspace_a, firstName="Ann")
    notes = uploaded(workspace_a, contact["id"], "Met at the fair.\n会议记录\n".encode(), "notes.txt")
    assert notes["contentType"] == "text/plain" and notes["previewUrl"] is None
    pdf = uploaded(workspace_a, contact["id"], PDF, "offer.pdf")
    assert pdf["contentType"] == "application/pdf" and pdf["previewUrl"]
    assert [a["fileName"] for a in listed(workspace_a, contact["id"])] == ["offer.pdf", "notes.txt"]  # newest first


def test_the_type_comes_from_the_bytes_and_refused_files_keep_nothing(
    workspace_a: Workspace, attachment_dir: Path, settings: Any
) -> None:
    company = create_company(workspace_a, name="Globex")
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(range(256))
    assert error_codes(upload(workspace_a, company["id"], program, "photo.png")) == [("file", "file_type_not_allowed")]
    # A PDF named .png is kept as what it is.
    assert uploaded(workspace_a, company["id"], PDF, "scan.png")["contentType"] == "application/pdf"

    infected = upload(workspace_a, company["id"], EICAR, "eicar.txt")
    assert infected.status_code == 400 and error_codes(infected) == [("file", "infected_file")]
    assert "EICAR" in infected.json()["errors"][0]["message"]
    assert error_codes(upload(workspace_a, company["id"], b"", "empty.txt")) == [("file", "empty_file")]
    settings.ATTACHMENT_MAX_BYTES = 20
    assert error_codes(upload(workspace_a, company["id"], b"x" * 21, "big.txt")) == [("file", "file_too_large")]
    settings.ATTACHMENT_MAX_BYTES = 1024
    settings.ATTACHMENT_ALLOWED_TYPES = ["image/png"]
    assert error_codes(upload(workspace_a, company["id"], PDF, "offer.pdf")) == [("file", "file_type_not_allowed")]

    assert [a["fileName"] for a in listed(workspace_a, company["id"])] == ["scan.png"]
    assert len(stored_files(attachment_dir)) == 1


def test_bad_record_ids_and_strangers_are_refused(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")
    assert error_codes(upload(workspace_a, "", PNG)) == [("recordId", "required")]
    assert error_codes(upload(workspace_a, "not-an-id", PNG)) == [("recordId", "required")]
    missing = company["id"][:-4] + "AAAA"
    assert error_codes(upload(workspace_a, missing, PNG))[0][1] == "not_found"
    task = workspace_a.api.data('mutation { createActivity(input: {subject: "Call"}) { activity { id } } }')[
        "createActivity"
    ]["activity"]
    assert error_codes(upload(workspace_a, task["id"], PNG)) == [("recordId", "invalid")]  # a link, not a record
    signed_out = upload(workspace_a, company["id"], PNG, token="nope")
    assert signed_out.status_code == 401
    workspace_a.activate()
    assert not Attachment.all_objects.exists()


def test_attachments_count_in_the_plans_storage_and_a_full_plan_refuses(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")
    uploaded(workspace_a, company["id"], PNG)
    usage = plans.usage(workspace_a.tenant)
    assert usage["storage_mb"] == 1  # bytes rounded up to a MB
    assert usage["records"] == 1  # the company: attachments are limited by storage, not as records
    edit_plan(plans.effective_plan(plans.subscription_for(workspace_a.tenant)).code, storage_mb=0)
    refused = upload(workspace_a, company["id"], PDF, "offer.pdf")
    assert error_codes(refused) == [(None, "plan_limit")]
    assert len(listed(workspace_a, company["id"])) == 1


def test_delete_moves_it_to_the_recycle_bin_and_undo_brings_it_back(workspace_a: Workspace) -> None:
    company = create_company(workspace_a, name="Globex")
    attachment = uploaded(workspace_a, company["id"])
    url = listed(workspace_a, company["id"])[0]["downloadUrl"]

    removed = mutate(workspace_a, "deleteAttachment", attachment["id"])
    assert removed["errors"] == [] and removed["attachment"]["deletedAt"]
    assert listed(workspace_a, company["id"]) == []
    assert fetch(workspace_a, url).status_code == 404

    restored = mutate(workspace_a, "restoreAttachment", attachment["id"])
    assert restored["errors"] == [] and restored["attachment"]["deletedAt"] is None
    assert [a["id"] for a in listed(workspace_a, company["id"])] == [attachment["id"]]
    assert fetch(workspace_a, url).status_code == 200
    workspace_a.activate()
    actions = list(
        AuditEntry.objects.filter(record_type="Attachment").order_by("created_at").values_list("action", flat=True)
    )
    assert actions == ["create", "delete", "restore"]


def test_links_expire_are_the_members_own_and_cannot_be_altered(
    workspace_a: Workspace, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.customers.test_tags_groups_views import member

    company = create_company(workspace_a, name="Globex")
    uploaded(workspace_a, company["id"])
    url = listed(workspace_a, company["id"])[0]["downloadUrl"]
    assert fetch(workspace_a, url[:-3] + "xyz").status_code == 404
    colleague = member(workspace_a, "ann@alpha.example.com", "admin")
    assert fetch(colleague, url).status_code == 404  # made for the owner, not for whoever holds it
    assert fetch(workspace_a, url, token="nope").status_code == 404  # signed out

    later = time.time() + settings.ATTACHMENT_URL_TTL_SECONDS + 1
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert fetch(workspace_a, url).status_code == 404


def test_uploads_and_deletes_are_told_in_real_time(workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    from saas.kernel import services as kernel

    heard: list[tuple[str, str]] = []
    emit = kernel.events.emit

    def hearing(action: Any, type_name: str, *args: Any, **kwargs: Any) -> None:
        heard.append((action, type_name))
        emit(action, type_name, *args, **kwargs)

    monkeypatch.setattr(kernel.events, "emit", hearing)
    company = create_company(workspace_a, name="Globex")
    attachment = uploaded(workspace_a, company["id"])
    mutate(workspace_a, "deleteAttachment", attachment["id"])
    assert [h for h in heard if h[1] == "Attachment"] == [("created", "Attachment"), ("deleted", "Attachment")]


def test_a_records_attachments_cost_the_same_queries_for_one_and_many(make_workspace: Any) -> None:
    small, big = make_workspace("small-co"), make_workspace("big-co")
    one = create_company(small, name="Small")["id"]
    many = create_company(big, name="Big")["id"]
    uploaded(small, one)
    for i in range(12):
        uploaded(big, many, PNG, f"file-{i}.png")
    assert count_queries(lambda: listed(small, one)) == count_queries(lambda: listed(big, many))
    query = (
        "query($r: ID!) { attachments(record: $r) { totalCount edges { node { id fileName size uploadedBy { email } }"
        " } } }"
    )
    big.api.data(query, {"r": many})
    # The token with its membership, the page (its count in the same round trip), the uploaders (in schema public).
    with assert_num_queries(3):
        data = big.api.data(query, {"r": many})
    assert data["attachments"]["totalCount"] == 12
