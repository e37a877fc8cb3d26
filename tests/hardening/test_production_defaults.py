"""Production turns off what helps only developers: GraphiQL, and introspection for strangers."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.test_settings import BASE_DIR, SECURE

PRINT = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'saas.settings'; django.setup();"
    "from django.conf import settings as s; print(s.GRAPHIQL, s.GRAPHQL_ANONYMOUS_INTROSPECTION)"
)
SWITCHES = {"DEBUG", "GRAPHIQL", "GRAPHQL_ANONYMOUS_INTROSPECTION", "SENTRY_DSN"}


def switches(env: dict[str, str]) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {*SECURE, *SWITCHES}}
    result = subprocess.run(
        [sys.executable, "-c", PRINT], env={**clean, **env}, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_has_graphiql_and_anonymous_introspection_off() -> None:
    assert switches(SECURE) == ["False", "False"]
    # the documented switch turns introspection back on for strangers (say, a public API explorer)
    assert switches({**SECURE, "GRAPHQL_ANONYMOUS_INTROSPECTION": "true"}) == ["False", "True"]


def test_development_keeps_both_on() -> None:
    assert switches({"DJANGO_ENV": "development"}) == ["True", "True"]
