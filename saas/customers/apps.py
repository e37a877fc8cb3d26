from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "saas.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self) -> None:
        from tenants.demo import SAMPLE_DATA_SEEDERS

        from . import demo, tasks  # noqa: F401  (tasks: registers the pool rule's schedule)
        from .access import register_record_types

        register_record_types()
        if demo.seed_customers not in SAMPLE_DATA_SEEDERS:
            SAMPLE_DATA_SEEDERS.append(demo.seed_customers)
