"""The template schema and the warm pool stay true to the migrations."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_exists

from tenants import provisioning, services
from tenants.db import connection
from tenants.models import SchemaPoolEntry, Tenant
from tests.conftest import PASSWORD


def apply_fake_migration_to_template() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {provisioning.template_schema()}.django_migrations (app, name, applied)"
            " VALUES ('audit', '9999_new_feature', now())"
        )


@pytest.mark.django_db
def test_template_is_a_tenant_row_so_migrate_schemas_migrates_it() -> None:
    template = Tenant.objects.get(schema_name=provisioning.template_schema())
    assert template.is_template
    assert not template.domains.exists()  # never reachable by host


@pytest.mark.django_db
def test_pool_schemas_cloned_before_a_migration_are_never_claimed() -> None:
    stale = set(SchemaPoolEntry.objects.values_list("schema_name", flat=True))
    apply_fake_migration_to_template()

    result = services.sign_up(
        company_name="After", subdomain="after-change", email="a@after.example.com", password=PASSWORD, full_name="A"
    )

    assert result.provisioned_by == "clone"
    assert set(SchemaPoolEntry.objects.values_list("schema_name", flat=True)) == stale
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM after_change.django_migrations WHERE name = '9999_new_feature'")
        assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_refill_drops_stale_schemas_and_clones_fresh_ones() -> None:
    stale = list(SchemaPoolEntry.objects.values_list("schema_name", flat=True))
    apply_fake_migration_to_template()

    added = provisioning.refill_pool(size=1)

    assert added == 1
    fresh = SchemaPoolEntry.objects.get()
    assert fresh.fingerprint == provisioning.template_fingerprint()
    assert fresh.schema_name not in stale
    assert not any(schema_exists(name) for name in stale)
    assert schema_exists(fresh.schema_name)


@pytest.mark.django_db
def test_refill_is_a_no_op_when_the_pool_is_full() -> None:
    assert provisioning.refill_pool(size=SchemaPoolEntry.objects.count()) == 0


@pytest.mark.django_db
def test_setup_platform_command_is_idempotent(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> None:
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        before = SchemaPoolEntry.objects.count()
        call_command("setup_platform", pool_size=before, stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert SchemaPoolEntry.objects.count() == before
