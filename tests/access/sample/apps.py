from django.apps import AppConfig


class SampleConfig(AppConfig):
    name = "tests.access.sample"
    label = "access_sample"
    verbose_name = "Access test sample"

    def ready(self) -> None:
        from saas.access.registry import register

        from .models import SampleDeal

        register(
            SampleDeal,
            owner_field="owner_id",
            sensitive_fields=("amount",),
            factory=lambda owner_id: SampleDeal._default_manager.create(
                title="Sample deal", owner_id=owner_id, amount=1000
            ),
        )
