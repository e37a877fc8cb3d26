"""``access_changed``: sent (after commit) when what some users may see or do changed.

Deactivation, role change, API key revocation, team seats. Realtime connects here to
close or re-check the subscriptions of those users; nothing in access depends on listeners.

    access_changed.connect(lambda sender, user_ids, **kw: ...)
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.dispatch import Signal

access_changed = Signal()  # kwargs: user_ids: list[int], reason: str


def announce(user_ids: Iterable[int], reason: str) -> None:
    ids = sorted(set(user_ids))
    transaction.on_commit(lambda: access_changed.send(sender=None, user_ids=ids, reason=reason))
