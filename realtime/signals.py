"""Deactivating a user or a membership closes their open WebSockets (via ``access_changed``).

Whoever deactivates (admin, services of the users module) just saves the row.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

from saas.access import signals as access_signals
from tenants.models import Membership, User

from .events import access_changed


def _user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        access_changed(instance.pk)


def _membership_saved(sender: Any, instance: Membership, created: bool, **kwargs: Any) -> None:
    # Also on a role change: open connections reload the membership their checks use.
    if not created:
        access_changed(instance.user_id)


def _access_changed(sender: Any, user_ids: list[int], **kwargs: Any) -> None:
    # Team seats, custom role edits, API key revocation: the access module announces them.
    for user_id in user_ids:
        access_changed(user_id)


post_save.connect(_user_saved, sender=User, dispatch_uid="realtime-user-access")
access_signals.access_changed.connect(_access_changed, dispatch_uid="realtime-access-module")
post_save.connect(_membership_saved, sender=Membership, dispatch_uid="realtime-membership-access")
