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
        post_save.connect(_plan_saved, sender=Plan, dispatch_uid="billing-plan-saved")
        post_delete.connect(_plan_changed, sender=Plan, dispatch_uid="billing-plan-deleted")
        post_save.connect(_subscription_changed, sender=Subscription, dispatch_uid="billing-subscription-saved")


def _plan_changed(sender: Any, **kwargs: Any) -> None:
    from django.db import transaction

    from . import plans

    plans.plans_changed()
    transaction.on_commit(plans.plans_changed)


def _plan_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    from . import plans

    _plan_changed(sender)
    plans.plan_lost_live_updates(instance)  # an operator took live updates out of it: they end at once


def _subscription_changed(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    from . import plans

    if not created:  # a new row (a trial starting) changes nothing that was cached
        plans.forget_standing(instance.tenant_id)
        # Suspended, or moved to a plan without live updates: open subscriptions end now.
        refused = plans.live_updates_refused(instance)
        if refused is not None:
            plans.announce_live_updates_refused([instance.tenant_id], reason=refused)
