"""The breaking-change check: the served schemas against the ones committed at a base revision.

``python -m graphql_schema.breaking [--base REF]`` (run by ``make lint``) compares the schemas this
code serves with ``frontend/schema/{tenant,public}.graphql`` as committed at the base revision, using
graphql-core's ``find_breaking_changes`` (a removed field, type or enum value, a changed type, a new
required argument ...). Each breaking change must be announced in ``docs/api/CHANGELOG.md`` by a
line ``- **Breaking**: ...`` naming it (e.g. ``Query.oldField``); otherwise the check fails, so
integrators are never broken silently.

The base: ``--base``, else ``SCHEMA_BASE_REF``, else on ``main`` its first parent (``HEAD^1``: what
main was before this change landed) and on a branch the merge base with ``main``. Without git or
that revision the check says so and passes (a source tarball has no history to compare with).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from graphql import BreakingChange, GraphQLSchema, build_schema, find_breaking_changes

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "docs" / "api" / "CHANGELOG.md"
SCHEMAS = ("tenant", "public")
ANNOUNCED = re.compile(r"^\s*[-*]\s+\*\*Breaking\*\*:\s*(?P<text>.+)$", re.MULTILINE)


@dataclass(frozen=True)
class Change:
    schema: str
    coordinate: str  # the thing that changed, as the description names it first: "Query.contacts"
    description: str


COORDINATE = re.compile(r"[_A-Za-z]\w*\.[_A-Za-z]\w*(?:\(\w+:\))?")
FILLER = {"A", "An", "Field", "Type", "Enum", "value", "required", "argument", "field", "Directive", "Argument"}


def coordinate_of(change: BreakingChange) -> str:
    """The name graphql-core's description is about: "Field Query.foo was removed." -> "Query.foo"."""
    found = COORDINATE.search(change.description)
    if found:
        return found.group(0)
    words = [w.strip(".") for w in change.description.split() if w not in FILLER]
    return words[0] if words else change.description


def changes(old: GraphQLSchema, new: GraphQLSchema, schema: str) -> list[Change]:
    return [Change(schema, coordinate_of(c), c.description) for c in find_breaking_changes(old, new)]


def announced(changelog: str) -> list[str]:
    """The text of every ``- **Breaking**: ...`` line of the changelog."""
    return [m.group("text") for m in ANNOUNCED.finditer(changelog)]


def unannounced(found: Iterable[Change], changelog: str) -> list[Change]:
    """The breaking changes no ``**Breaking**`` line of the changelog names."""
    lines = announced(changelog)
    return [c for c in found if not any(re.search(rf"(?<![\w.]){re.escape(c.coordinate)}(?![\w])", t) for t in lines)]


def git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
    except OSError:
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def base_ref() -> str | None:
    explicit = os.environ.get("SCHEMA_BASE_REF")
    if explicit:
        return explicit
    if git("rev-parse", "--abbrev-ref", "HEAD") == "main":
        return git("rev-parse", "HEAD^1")
    return git("merge-base", "HEAD", "main")


def committed_schema(ref: str, name: str) -> str | None:
    return git("show", f"{ref}:frontend/schema/{name}.graphql")


def served_schemas() -> dict[str, GraphQLSchema]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
    django.setup()
    from .core.core_schema import core_schema
    from .schema import public_schema, tenant_schema

    return {"tenant": core_schema(tenant_schema), "public": core_schema(public_schema)}


def check(ref: str, served: dict[str, GraphQLSchema], changelog: str) -> tuple[list[Change], list[Change]]:
    """``(every breaking change, those the changelog does not announce)`` against ``ref``'s schemas."""
    found: list[Change] = []
    for name in SCHEMAS:
        text = committed_schema(ref, name)
        if text is None:
            continue  # not committed at that revision: nothing to break
        found += changes(build_schema(text), served[name], name)
    return found, unannounced(found, changelog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", help="the git revision whose committed schema is the contract")
    args = parser.parse_args(argv)
    ref = args.base or base_ref()
    if ref is None:
        print("schema check: no base revision (no git history here): skipped")
        return 0
    changelog = CHANGELOG.read_text(encoding="utf-8") if CHANGELOG.exists() else ""
    found, missing = check(ref, served_schemas(), changelog)
    for change in found:
        mark = "NOT IN CHANGELOG" if change in missing else "announced"
        print(f"schema check: {change.schema}: {change.description} ({mark})")
    if missing:
        print(
            f"schema check: {len(missing)} breaking change(s) against {ref[:12]} not announced in "
            "docs/api/CHANGELOG.md: add a line `- **Breaking**: <coordinate> ...` (or keep the old field, deprecated)."
        )
        return 1
    print(f"schema check: no unannounced breaking change against {ref[:12]}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
