# Saved views move from the customers app into the kernel: the table stays (customers_savedview),
# only Django's model state changes hands (customers 0004 lets go of it).

import uuid

import django.contrib.postgres.fields
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("customers", "0003_users_are_global"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SavedView",
                    fields=[
                        ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ("created_at", models.DateTimeField(db_index=True, default=django.utils.timezone.now)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=100)),
                        ("record_type", models.CharField(max_length=10)),
                        ("filter", models.JSONField(blank=True, default=dict)),
                        ("ordering", models.JSONField(blank=True, default=list)),
                        (
                            "columns",
                            django.contrib.postgres.fields.ArrayField(
                                base_field=models.CharField(max_length=50), blank=True, default=list, size=None
                            ),
                        ),
                        ("shared", models.BooleanField(default=False)),
                        (
                            "owner",
                            models.ForeignKey(
                                db_constraint=False,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={"db_table": "customers_savedview", "ordering": ["name", "id"]},
                ),
            ],
        ),
    ]
