from saas import modules


class ImportsConfig(modules.ModuleConfig):
    name = "saas.imports"
    label = "imports"
    verbose_name = "Imports"
    declaration = "saas.imports.module.IMPORTS"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the import task with the Celery app)

        super().ready()
