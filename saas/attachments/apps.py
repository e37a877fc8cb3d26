from typing import Any

from django.db.models.signals import post_delete

from saas import modules


class AttachmentsConfig(modules.ModuleConfig):
    name = "saas.attachments"
    label = "attachments"
    verbose_name = "Attachments"
    declaration = "saas.attachments.module.ATTACHMENTS"

    def ready(self) -> None:
        super().ready()
        from tenants.models import Tenant

        post_delete.connect(_workspace_deleted, sender=Tenant, dispatch_uid="attachments.workspace_deleted")


def _workspace_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A workspace deleted takes its files (everything under its schema's folder) once the deletion committed."""
    from django.db import transaction

    from .services import remove_workspace_files

    schema_name = instance.schema_name
    transaction.on_commit(lambda: remove_workspace_files(schema_name))
