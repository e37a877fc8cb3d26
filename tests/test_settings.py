"""Configuration from the environment: production refuses insecure settings; Sentry when asked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECURE = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k" * 64,
    "BASE_DOMAIN": "crm.example.com",
    "DATABASE_URL": "postgres://crm:pw@db.internal:5432/crm",
    "REDIS_URL": "redis://cache.internal:6379/0",
}


def load_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {*SECURE, "DEBUG", "GRAPHIQL", "SENTRY_DSN"}}
    code = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'saas.settings'; django.setup(); print('ok')"
    return subprocess.run(
        [sys.executable, "-c", code], env={**clean, **env}, cwd=BASE_DIR, capture_output=True, text=True, timeout=60
    )


def test_production_starts_with_secure_settings() -> None:
    result = load_settings(SECURE)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_production_refuses_insecure_settings() -> None:
    for change, expected in [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"BASE_DOMAIN": "localhost"}, "BASE_DOMAIN"),
        ({"REDIS_URL": ""}, "REDIS_URL"),
    ]:
        env = {k: v for k, v in (SECURE | change).items() if v}
        result = load_settings(env)
        assert result.returncode != 0, change
        assert "Insecure production settings" in result.stderr and expected in result.stderr, result.stderr


def test_sentry_is_initialised_when_a_dsn_is_set() -> None:
    code = (
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','saas.settings'); django.setup();"
        "import sentry_sdk; c = sentry_sdk.get_client(); print(c.is_active(), c.dsn)"
    )
    env = {**os.environ, "SENTRY_DSN": "https://public@sentry.example.com/1"}
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True)
    assert result.stdout.split() == ["True", "https://public@sentry.example.com/1"], result.stderr
    env.pop("SENTRY_DSN")
    result = subprocess.run([sys.executable, "-c", code], env=env, cwd=BASE_DIR, capture_output=True, text=True)
    assert result.stdout.split()[0] == "False"


def test_the_platform_admin_shows_only_platform_tables() -> None:
    """The admin is served on the public host (public schema): a workspace's table there is a 500 page."""
    from django.apps import apps
    from django.contrib import admin

    from saas.settings import SHARED_APPS

    registered = [model for model in apps.get_models() if admin.site.is_registered(model)]
    assert registered
    outside = [model._meta.label for model in registered if model._meta.app_config.name not in SHARED_APPS]
    assert outside == []


def test_each_xdist_worker_gets_a_redis_database_of_its_own() -> None:
    from saas.settings import redis_url_for_test_worker

    assert redis_url_for_test_worker("redis://127.0.0.1:6379/0", "gw0") == "redis://127.0.0.1:6379/1"
    assert redis_url_for_test_worker("redis://127.0.0.1:6379/0", "gw1") == "redis://127.0.0.1:6379/2"
    assert redis_url_for_test_worker("redis://cache:6379", "gw0") == "redis://cache:6379/1"
    assert redis_url_for_test_worker("redis://:pw@cache:6379/4", "gw2") == "redis://:pw@cache:6379/7"
