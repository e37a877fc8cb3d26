from saas import modules


class PortabilityConfig(modules.ModuleConfig):
    name = "saas.portability"
    label = "portability"
    verbose_name = "Data portability"
    declaration = "saas.portability.module.PORTABILITY"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the export tasks with the Celery app)

        super().ready()
