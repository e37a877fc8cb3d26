from django.apps import AppConfig


class CustomersConfig(AppConfig):
    name = "saas.customers"
    label = "customers"
    verbose_name = "Customers"

    def ready(self) -> None:
        from saas.access.registry import register
        from tenants.demo import SAMPLE_DATA_SEEDERS

        from . import demo, tasks  # noqa: F401  (tasks: registers the pool rule's schedule)
        from .models import Company, Contact, ContactGroup, Interaction, SavedView, Tag

        register(Company, owner_field="owner", sensitive_fields=("credit_limit", "credit_rating"))
        register(Contact, owner_field="owner", sensitive_fields=("birthday", "phones", "emails"))
        register(Interaction, owner_field="performed_by")
        register(Tag, owner_field=None)
        register(ContactGroup, owner_field=None)
        register(SavedView, owner_field="owner")
        if demo.seed_customers not in SAMPLE_DATA_SEEDERS:
            SAMPLE_DATA_SEEDERS.append(demo.seed_customers)
