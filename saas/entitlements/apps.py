from saas import modules


class EntitlementsConfig(modules.ModuleConfig):
    name = "saas.entitlements"
    label = "entitlements"
    verbose_name = "Service entitlements"
    declaration = "saas.entitlements.module.ENTITLEMENTS"

    def ready(self) -> None:
        super().ready()
        from saas.service import hooks

        from . import services, tasks  # noqa: F401  (tasks: registers the daily expiry's schedule)

        hooks.on_ticket_arrival(services.ticket_arrived)
        hooks.override_sla(services.sla_policies)
