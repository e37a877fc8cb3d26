"""Saved views: rules for any module's lists. Which lists have them comes from the module registry.

The API checks a view's ``filter`` / ``ordering`` against the list's own input types before it
calls these services (that language is the API's); here: names, sizes, shapes, who may change what.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.db.models import Q

from saas.access import policy
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.modules import saved_view_types
from tenants.models import Membership

from .changes import diff, snapshot
from .models import SavedView
from .services import BAD_KEY, apply_fields, created, written
from .validation import check_length

SAVED_VIEW_FIELDS = ("name", "record_type", "filter", "ordering", "columns", "shared")


def visible_saved_views(membership: Membership) -> models.QuerySet[SavedView]:
    """Return mine, and the ones my team shared."""
    queryset = policy.scope_queryset(membership, SavedView.objects.all(), "read")
    return queryset.filter(Q(owner_id=membership.user_id) | Q(shared=True))


def _validate(data: dict[str, Any], errors: ErrorCollector, creating: bool) -> None:
    if "name" in data or creating:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
    if creating and not data.get("record_type"):
        errors.add("recordType", "This field is required.", ErrorCode.REQUIRED)
    kinds = saved_view_types()
    if data.get("record_type") and data["record_type"] not in kinds:
        errors.add("recordType", f"Must be one of: {', '.join(kinds)}.", ErrorCode.INVALID_CHOICE)
    if data.get("filter") is not None and not isinstance(data["filter"], dict):
        errors.add("filter", "A filter is an object, as given to `filter:`.", ErrorCode.INVALID_FORMAT)
    if data.get("ordering") is not None and not isinstance(data["ordering"], list):
        errors.add("ordering", "An ordering is a list, as given to `orderBy:`.", ErrorCode.INVALID_FORMAT)
    if data.get("columns") is not None and len(data["columns"]) > 50:
        errors.add("columns", "At most 50 columns.", ErrorCode.TOO_MANY)


def create_saved_view(membership: Membership, data: dict[str, Any]) -> SavedView:
    policy.check(membership, "create", SavedView)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate(data, errors, creating=True)
    errors.raise_if_any()
    with transaction.atomic():
        view = SavedView.objects.create(owner=membership.user, **data)
        created(membership, view, SAVED_VIEW_FIELDS)
    return view


def own_view(membership: Membership, view_id: Any, action: policy.Action) -> SavedView:
    """Return a view this member may change: their own, or (for admins) a shared one."""
    try:
        view = visible_saved_views(membership).filter(pk=view_id).first()
    except BAD_KEY:
        view = None
    if view is None:  # someone else's private view does not exist for me
        raise ServiceError(FieldError("id", "No such saved view.", ErrorCode.NOT_FOUND))
    if view.owner_id != membership.user_id and not (view.shared and policy.is_admin(membership)):
        raise ServiceError(
            FieldError(
                "id", "Only its author (or an admin, once shared) may change a view.", ErrorCode.PERMISSION_DENIED
            )
        )
    policy.check(membership, action, view)
    return view


def update_saved_view(membership: Membership, view_id: Any, data: dict[str, Any]) -> SavedView:
    view = own_view(membership, view_id, "update")
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate(data, errors, creating=False)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(view, SAVED_VIEW_FIELDS)
        apply_fields(view, data)
        view.save()
        changes = diff(before, snapshot(view, SAVED_VIEW_FIELDS))
        if changes:
            written(membership, "update", view, changes, "updated")
    return view


def delete_saved_view(membership: Membership, view_id: Any) -> str:
    view = own_view(membership, view_id, "delete")
    with transaction.atomic():
        gone = str(view.pk)
        written(membership, "delete", view, diff(snapshot(view, SAVED_VIEW_FIELDS), {}), "deleted")
        view.delete()
    return gone
