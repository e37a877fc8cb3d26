"""The breaking-change check: a removed field fails it unless the changelog announces it."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import GraphQLSchema, build_schema

from graphql_schema import breaking

ROOT = Path(breaking.__file__).resolve().parent.parent


def committed(name: str) -> str:
    return (ROOT / "frontend" / "schema" / f"{name}.graphql").read_text(encoding="utf-8")


def without_contacts_field() -> dict[str, GraphQLSchema]:
    """The committed schemas, with ``Company.contacts`` removed from the tenant one."""
    text = committed("tenant")
    start = text.index("type Company ")
    field = text.index("\n  contacts(", start)
    end = text.index("\n  ): ", field)
    described = text.rindex("\n", 0, field)  # the field's description line, if it has one, goes with it
    if text[described:field].strip().startswith('"""'):
        field = described
    changed = text[:field] + text[text.index("\n", end + 1) :]
    return {"tenant": build_schema(changed), "public": build_schema(committed("public"))}


def test_a_removed_field_is_found_and_named() -> None:
    old = build_schema("type Query { a: Int b: String }")
    new = build_schema("type Query { a: Int }")
    (change,) = breaking.changes(old, new, "tenant")
    assert change.coordinate == "Query.b" and "removed" in change.description
    assert breaking.unannounced([change], "") == [change]
    assert breaking.unannounced([change], "## 2.0\n- **Breaking**: `Query.b` is gone; use `Query.a`.\n") == []
    # a mention elsewhere, or of a longer name, is no announcement
    assert breaking.unannounced([change], "- Query.b was deprecated\n- **Breaking**: Query.bee removed\n") == [change]


def test_the_check_fails_on_a_removed_field_unless_the_changelog_lists_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(breaking, "served_schemas", without_contacts_field)
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text("# API changelog\n\n- Added things.\n")
    monkeypatch.setattr(breaking, "CHANGELOG", changelog)

    assert breaking.main(["--base", "HEAD"]) == 1
    out = capsys.readouterr().out
    assert "Company.contacts was removed" in out and "NOT IN CHANGELOG" in out

    changelog.write_text("# API changelog\n\n- **Breaking**: `Company.contacts` removed; use `contacts(filter:)`.\n")
    assert breaking.main(["--base", "HEAD"]) == 0
    assert "(announced)" in capsys.readouterr().out


def test_the_served_schema_breaks_nothing_against_the_committed_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(breaking, "served_schemas", lambda: {n: build_schema(committed(n)) for n in breaking.SCHEMAS})
    assert breaking.main(["--base", "HEAD"]) == 0
