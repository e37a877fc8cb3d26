from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "saas.access"
    label = "access"
    verbose_name = "Users, teams, roles and permissions"

    def ready(self) -> None:
        from tenants.demo import SAMPLE_DATA_SEEDERS

        from .demo import seed_teams

        if seed_teams not in SAMPLE_DATA_SEEDERS:
            SAMPLE_DATA_SEEDERS.insert(0, seed_teams)
