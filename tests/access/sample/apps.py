from django.apps import AppConfig


class SampleConfig(AppConfig):
    name = "tests.access.sample"
    label = "access_sample"
    verbose_name = "Access test sample"

    def ready(self) -> None:
        from saas.access.registry import register

        from .models import SampleDeal, SampleLabel

        register(
            SampleDeal,
            owner_field="owner_id",
            sensitive_fields=("amount",),
            factory=lambda owner_id: SampleDeal.objects.create(title="Sample deal", owner_id=owner_id, amount=1000),
        )
        register(SampleLabel, owner_field=None, factory=lambda owner_id: SampleLabel.objects.create(name="Label"))
