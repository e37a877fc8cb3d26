from saas import modules


class ServiceConfig(modules.ModuleConfig):
    name = "saas.service"
    label = "service"
    verbose_name = "Customer service"
    declaration = "saas.service.module.SERVICE"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the SLA breach sweep's schedule)

        super().ready()
