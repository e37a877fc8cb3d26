"""Bulk imports: dedupe policies, undo of updates, XLSX, companies, saved mappings, audit and notifications."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from saas.audit.models import AuditEntry
from saas.customers.models import Company, Contact
from tests.conftest import Workspace

from .conftest import CONTACT_MAPPING, csv_bytes, start, status, undo, uploaded, xlsx_bytes

Capture = Callable[..., Any]
HEADER = ["First name", "Last name", "Email", "Phone"]


def existing_contact(ws: Workspace, email: str, first_name: str = "Old", **extra: Any) -> Contact:
    ws.activate()
    contact = Contact(first_name=first_name, last_name="Existing", emails=[email], owner_id=ws.owner.pk, **extra)
    contact.save()
    return contact


def file_with(ws: Workspace, *rows: list[str]) -> str:
    return uploaded(ws.api, csv_bytes([HEADER, *rows]))


@pytest.mark.django_db
def test_dedupe_skip_leaves_matches_alone(workspace_a: Workspace, django_capture_on_commit_callbacks: Capture) -> None:
    old = existing_contact(workspace_a, "kim@example.com")
    import_id = file_with(workspace_a, ["Kim", "New", "KIM@example.com", ""], ["Lu", "Fresh", "lu@example.com", ""])
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "SKIP")
    seen = status(workspace_a.api, import_id)
    assert (seen["createdCount"], seen["updatedCount"], seen["skippedCount"]) == (1, 0, 1)
    workspace_a.activate()
    old.refresh_from_db()
    assert old.first_name == "Old" and Contact.objects.count() == 2


@pytest.mark.django_db
def test_dedupe_update_changes_matches_and_undo_restores_them(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    old = existing_contact(workspace_a, "kim@example.com", title="CTO")
    import_id = file_with(workspace_a, ["Kimberly", "Park", "kim@example.com", "+1 415 555 0100"])
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "UPDATE")
    seen = status(workspace_a.api, import_id)
    assert (seen["createdCount"], seen["updatedCount"], seen["skippedCount"]) == (0, 1, 0)
    workspace_a.activate()
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.phones, old.title) == ("Kimberly", "Park", ["+14155550100"], "CTO")
    assert "kimberly" in old.search_text.lower()

    assert undo(workspace_a.api, import_id)["errors"] == []
    workspace_a.activate()
    old.refresh_from_db()
    assert (old.first_name, old.last_name, old.phones, old.title) == ("Old", "Existing", [], "CTO")
    assert Contact.objects.count() == 1


@pytest.mark.django_db
def test_dedupe_create_makes_a_second_record(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    existing_contact(workspace_a, "kim@example.com")
    import_id = file_with(workspace_a, ["Kim", "Twin", "kim@example.com", ""])
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING, "CREATE")
    assert status(workspace_a.api, import_id)["createdCount"] == 1
    workspace_a.activate()
    assert Contact.objects.filter(emails__contains=["kim@example.com"]).count() == 2


@pytest.mark.django_db
def test_a_key_repeated_in_the_file_is_an_error_of_the_later_row(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    import_id = file_with(workspace_a, ["A", "One", "same@example.com", ""], ["B", "Two", "same@example.com", ""])
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    seen = status(workspace_a.api, import_id)
    assert seen["createdCount"] == 1 and [(e["row"], e["column"]) for e in seen["rowErrors"]] == [(3, "Email")]


@pytest.mark.django_db
def test_xlsx_with_dates_booleans_choices_and_a_company_by_name(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    workspace_a.activate()
    acme = Company(name="Acme Corp", owner_id=workspace_a.owner.pk)
    acme.save()
    rows: list[list[Any]] = [
        ["名字", "Email", "生日", "E-mail consent", "Buying role", "Company"],
        ["Wei", "wei@example.com", date(1990, 4, 1), "yes", "Decision maker", "ACME corp."],
        ["Bo", "bo@example.com", "2990-01-01", "maybe", "boss", "Nowhere Ltd"],
    ]
    import_id = uploaded(workspace_a.api, xlsx_bytes(rows), "people.xlsx")
    seen = status(workspace_a.api, import_id)
    suggested = {m["column"]: m["field"] for m in seen["mapping"]}
    assert suggested == {
        "名字": "first_name",
        "Email": "emails",
        "生日": "birthday",
        "E-mail consent": "email_consent",
        "Buying role": "buying_role",
        "Company": "company",
    }
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, suggested)
    seen = status(workspace_a.api, import_id)
    assert seen["createdCount"] == 1
    assert sorted((e["column"], e["code"]) for e in seen["rowErrors"]) == [
        ("Company", "not_found"),
        ("E-mail consent", "invalid_format"),
    ]  # a row's unreadable cells are all reported, before the service's own rules run
    workspace_a.activate()
    wei = Contact.objects.get()
    assert (wei.birthday, wei.email_consent, wei.buying_role, wei.company_id) == (
        date(1990, 4, 1),
        True,
        "decision_maker",
        acme.pk,
    )


@pytest.mark.django_db
def test_companies_dedupe_on_the_normalised_name(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    workspace_a.activate()
    Company(name="Acme Corp", owner_id=workspace_a.owner.pk).save()
    content = csv_bytes([["Company name", "Industry", "Level"], ["ACME Inc.", "Retail", "A"], ["Beta", "", "z"]])
    import_id = uploaded(workspace_a.api, content, "companies.csv", "Company")
    mapping = {"Company name": "name", "Industry": "industry", "Level": "level"}
    assert {m["column"]: m["field"] for m in status(workspace_a.api, import_id)["mapping"]} == mapping
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, mapping, "UPDATE")
    seen = status(workspace_a.api, import_id)
    assert (seen["updatedCount"], seen["createdCount"]) == (1, 0)
    assert [(e["row"], e["field"], e["code"]) for e in seen["rowErrors"]] == [(3, "level", "invalid_choice")]
    workspace_a.activate()
    assert list(Company.objects.values_list("name", "industry", "level")) == [("ACME Inc.", "Retail", "a")]


@pytest.mark.django_db
def test_only_the_last_import_is_undone_once(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture
) -> None:
    first = file_with(workspace_a, ["A", "One", "a@example.com", ""])
    start(workspace_a.api, django_capture_on_commit_callbacks, first, CONTACT_MAPPING)
    second = file_with(workspace_a, ["B", "Two", "b@example.com", ""])
    start(workspace_a.api, django_capture_on_commit_callbacks, second, CONTACT_MAPPING)
    assert [e["code"] for e in undo(workspace_a.api, first)["errors"]] == ["not_undoable"]
    assert undo(workspace_a.api, second)["errors"] == []
    assert [e["code"] for e in undo(workspace_a.api, second)["errors"]] == ["not_undoable"]
    workspace_a.activate()
    assert list(Contact.objects.values_list("first_name", flat=True)) == ["A"]
    # a file imported once is not imported again by mistake
    again = start(workspace_a.api, django_capture_on_commit_callbacks, first, CONTACT_MAPPING)
    assert [e["code"] for e in again["errors"]] == ["used"]


@pytest.mark.django_db
def test_one_audit_entry_and_one_finish_notification_per_import(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Capture, monkeypatch: pytest.MonkeyPatch
) -> None:
    from realtime import events

    told: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(events, "notify", lambda user, kind, message, payload=None: told.append((kind, payload or {})))
    rows = [[f"P{n}", "X", f"p{n}@example.com", ""] for n in range(50)]
    import_id = file_with(workspace_a, *rows)
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, CONTACT_MAPPING)
    workspace_a.activate()
    entries = AuditEntry.objects.filter(record_type="Contact")
    assert entries.count() == 1
    entry = entries.get()
    assert entry.action == "import" and entry.changes["created"] == {"old": None, "new": 50}
    assert [kind for kind, _ in told] == ["import_progress", "import_finished"]
    assert told[-1][1]["created"] == 50 and told[-1][1]["status"] == "COMPLETED"


@pytest.mark.django_db
def test_saved_mappings_per_type(workspace_a: Workspace) -> None:
    save = (
        "mutation($input: SaveImportMappingInput!) { saveImportMapping(input: $input) {"
        " importMapping { id name mapping { column field } } errors { field code } } }"
    )
    mapping = [{"column": "Mail", "field": "emails"}, {"column": "Given", "field": "first_name"}]
    saved = workspace_a.api.data(save, {"input": {"recordType": "Contact", "name": "CRM export", "mapping": mapping}})
    assert saved["saveImportMapping"]["importMapping"]["mapping"] == mapping
    bad = workspace_a.api.data(
        save, {"input": {"recordType": "Contact", "name": "x", "mapping": [{"column": "a", "field": "salary"}]}}
    )
    assert [e["code"] for e in bad["saveImportMapping"]["errors"]] == ["not_found"]
    listed = workspace_a.api.data('{ importMappings(recordType: "Contact") { name } }')["importMappings"]
    assert listed == [{"name": "CRM export"}]
    assert workspace_a.api.data('{ importMappings(recordType: "Company") { name } }')["importMappings"] == []
