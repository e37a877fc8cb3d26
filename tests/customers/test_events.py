"""Every write emits its realtime event once the transaction commits, and none when it is refused."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Workspace

from .conftest import create_company, mutate


@pytest.fixture
def published(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, dict[str, Any]]]:
    sent: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr("realtime.events.publish", lambda group, event: sent.append((group, event)))
    return sent


def test_writes_emit_events_on_commit(
    workspace_a: Workspace, published: list[tuple[str, dict[str, Any]]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        company = create_company(workspace_a, name="Acme")
    with django_capture_on_commit_callbacks(execute=True):
        mutate(workspace_a, "updateCompany", {"id": company["id"], "name": "Acme 2"})
    with django_capture_on_commit_callbacks(execute=True):
        mutate(workspace_a, "deleteCompany", {"id": company["id"]})
    assert [(g, e["action"], e["record_type"]) for g, e in published] == [
        ("tenant.alpha.records", "created", "Company"),
        ("tenant.alpha.records", "updated", "Company"),
        ("tenant.alpha.records", "deleted", "Company"),
    ]
    # The changed fields and their new values (which the gate redacts per subscriber).
    assert published[1][1]["fields"] == ["name"]
    assert published[1][1]["payload"] == {"name": "Acme 2"}


def test_refused_writes_emit_nothing(
    workspace_a: Workspace, published: list[tuple[str, dict[str, Any]]], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        assert mutate(workspace_a, "createCompany", {"name": ""})["errors"]
    assert callbacks == [] and published == []
