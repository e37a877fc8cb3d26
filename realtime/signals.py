"""Deactivating a user or a membership closes their open WebSockets (via ``access_changed``).

Whoever deactivates (admin, services of the users module) just saves the row.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from tenants.models import Membership, User

from .events import access_changed


def _user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        access_changed(instance.pk)


def _membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    # Also on a role change: open connections reload the membership their checks use.
    if not created:
        access_changed(instance.user_id)


post_save.connect(_user_saved, sender=User, dispatch_uid="realtime-user-access")
post_save.connect(_membership_saved, sender=Membership, dispatch_uid="realtime-membership-access")
