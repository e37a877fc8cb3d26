from saas import modules


class BillingConfig(modules.ModuleConfig):
    name = "saas.billing"
    label = "billing"
    verbose_name = "Billing"
    declaration = "saas.billing.module.BILLING"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the webhook retry sweep's schedule)

        super().ready()
