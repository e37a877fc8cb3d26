"""Who may ask: the membership of the requesting user in the current tenant."""

from __future__ import annotations

from typing import Any

from tenants.models import Membership

from .errors import NotAuthenticated, request_of


def require_membership(info: Any) -> Membership:
    membership: Membership | None = getattr(request_of(info), "membership", None)
    if membership is None:
        raise NotAuthenticated()
    return membership
