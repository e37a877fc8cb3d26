from saas import modules


class ActivitiesConfig(modules.ModuleConfig):
    name = "saas.activities"
    label = "activities"
    verbose_name = "Activities"
    declaration = "saas.activities.module.ACTIVITIES"

    def ready(self) -> None:
        from . import tasks  # noqa: F401  (registers the reminders' schedule)

        super().ready()
