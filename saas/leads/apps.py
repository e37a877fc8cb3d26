from saas import modules


class LeadsConfig(modules.ModuleConfig):
    name = "saas.leads"
    label = "leads"
    verbose_name = "Leads"
    declaration = "saas.leads.module.LEADS"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the score decay's schedule)

        super().ready()
