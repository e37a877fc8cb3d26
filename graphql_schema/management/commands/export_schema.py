"""Write the GraphQL schemas as SDL for the web client's code generator (``frontend/schema/``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from strawberry.printer import print_schema

from graphql_schema.schema import public_schema, tenant_schema

SCHEMA_DIR = settings.BASE_DIR / "frontend" / "schema"


def schema_files() -> dict[str, str]:
    """File name → SDL of every schema the web client talks to."""
    return {
        "public.graphql": print_schema(public_schema) + "\n",
        "tenant.graphql": print_schema(tenant_schema) + "\n",
    }


class Command(BaseCommand):
    help = "Export the public and tenant GraphQL schemas (SDL) to frontend/schema/."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", default=str(SCHEMA_DIR), help="Directory to write the .graphql files to.")

    def handle(self, *args: Any, **options: Any) -> None:
        directory = Path(options["output"])
        directory.mkdir(parents=True, exist_ok=True)
        for name, sdl in schema_files().items():
            (directory / name).write_text(sdl)
            self.stdout.write(f"wrote {directory / name}")
