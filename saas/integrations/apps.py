from saas import modules


class IntegrationsConfig(modules.ModuleConfig):
    name = "saas.integrations"
    label = "integrations"
    verbose_name = "Integrations"
    declaration = "saas.integrations.module.INTEGRATIONS"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the retry sweep's schedule)

        super().ready()
