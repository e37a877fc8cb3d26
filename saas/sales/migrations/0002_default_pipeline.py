"""Every workspace starts with the standard pipeline (run in the template schema, so new workspaces have it)."""

from typing import Any

from django.db import migrations

from saas.sales.services import DEFAULT_PIPELINE_NAME, DEFAULT_STAGES


def add_default_pipeline(apps: Any, schema_editor: Any) -> None:
    Pipeline = apps.get_model("sales", "Pipeline")
    Stage = apps.get_model("sales", "Stage")
    if Pipeline.objects.filter(is_default=True).exists():
        return
    pipeline = Pipeline.objects.create(name=DEFAULT_PIPELINE_NAME, is_default=True, position=1)
    Stage.objects.bulk_create(
        Stage(pipeline=pipeline, name=name, probability=probability, kind=kind, position=i)
        for i, (name, probability, kind) in enumerate(DEFAULT_STAGES)
    )


class Migration(migrations.Migration):
    dependencies = [("sales", "0001_initial")]

    operations = [migrations.RunPython(add_default_pipeline, migrations.RunPython.noop)]
