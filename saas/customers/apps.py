from saas import modules


class CustomersConfig(modules.ModuleConfig):
    name = "saas.customers"
    label = "customers"
    verbose_name = "Customers"
    declaration = "saas.customers.module.CUSTOMERS"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the pool rule's schedule)

        super().ready()
