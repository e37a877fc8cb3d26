from saas import modules


class ContractsConfig(modules.ModuleConfig):
    name = "saas.contracts"
    label = "contracts"
    verbose_name = "Contracts and customer development plans"
    declaration = "saas.contracts.module.CONTRACTS"

    def ready(self) -> None:
        super().ready()
        from . import tasks  # noqa: F401  (registers the daily expiry's schedule)
