from django.db import migrations, models

import tenants.models


class Migration(migrations.Migration):
    dependencies = [
        ("tenants", "0005_workspace_profile_and_branding"),
    ]

    operations = [
        migrations.AddField(
            model_name="tenant",
            name="business_hours",
            field=models.JSONField(blank=True, default=tenants.models.default_business_hours),
        ),
    ]
