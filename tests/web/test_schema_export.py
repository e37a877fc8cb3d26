"""The web client's GraphQL types are generated from frontend/schema/*.graphql: they must match the server."""

from __future__ import annotations

from graphql_schema.management.commands.export_schema import SCHEMA_DIR, schema_files


def test_checked_in_schemas_match_the_server() -> None:
    for name, sdl in schema_files().items():
        checked_in = (SCHEMA_DIR / name).read_text() if (SCHEMA_DIR / name).exists() else ""
        assert checked_in == sdl, (
            f"frontend/schema/{name} is out of date: run `make schema` (export_schema + codegen) and commit it."
        )
