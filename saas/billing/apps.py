from typing import Any

from saas import modules


class BillingConfig(modules.ModuleConfig):
    name = "saas.billing"
    label = "billing"
    verbose_name = "Billing"
    declaration = "saas.billing.module.BILLING"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from saas import ratelimits

        from . import plans, tasks  # noqa: F401  (tasks: registers the webhook retry sweep's schedule)
        from .models import Plan, Subscription

        super().ready()
        if plans.plan_rate_limit not in ratelimits.PLAN_RATE_LIMITS:
            ratelimits.PLAN_RATE_LIMITS.append(plans.plan_rate_limit)
        # Cached terms follow every change, made by the webhook, a service or an operator in the admin.
        post_save.connect(_plan_changed, sender=Plan, dispatch_uid="billing-plan-saved")
        post_delete.connect(_plan_changed, sender=Plan, dispatch_uid="billing-plan-deleted")
        post_save.connect(_subscription_changed, sender=Subscription, dispatch_uid="billing-subscription-saved")


def _plan_changed(sender: Any, **kwargs: Any) -> None:
    from django.db import transaction

    from . import plans

    plans.plans_changed()
    transaction.on_commit(plans.plans_changed)


def _subscription_changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    from . import plans

    if not created:  # a new row (a trial starting) changes nothing that was cached
        plans.forget_standing(instance.tenant_id)
        if plans.standing_of(instance) == plans.Standing.SUSPENDED:
            plans.announce_suspended(instance.tenant_id)
