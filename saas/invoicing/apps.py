from saas import modules


class InvoicingConfig(modules.ModuleConfig):
    name = "saas.invoicing"
    label = "invoicing"
    verbose_name = "Invoices and payments"
    declaration = "saas.invoicing.module.INVOICING"

    def ready(self) -> None:
        super().ready()
        from . import tasks  # noqa: F401  (registers the overdue check's schedule)
