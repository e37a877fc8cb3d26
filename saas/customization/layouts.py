"""Record-page layouts: per record type and role, the order of fields and which ones the page leaves out.

Presentation only. Field rules (``saas.access``) remain the security boundary: a field a role hides is
never sent, whatever its layout says; a layout merely orders and tucks away what the role may see.
Fields are named as the API names them: ``emails``, ``owner``... and ``customFields.<key>``; a field may
name the page group it is shown in (``group``: a group's id or title, or a new group's title), and the
layout may order the page's groups (``groups``: ids or titles; those it leaves out follow in the page's order).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from saas.access.models import CustomRole
from saas.access.services import require_admin
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector
from saas.kernel.validation import check_length
from saas.modules import page_fields
from tenants.models import Membership, Role

from .models import RecordLayout
from .services import customizable_types, definitions_for

AUDIT_TYPE = "RecordLayout"
MAX_FIELDS = 300
MAX_GROUP = 60
MAX_GROUPS = 50


def role_key(membership: Membership) -> str:
    """The member's role as layouts name it: ``sales``, or ``custom:<id>`` for a workspace's own role."""
    return f"custom:{membership.custom_role_id}" if membership.role == Role.CUSTOM else str(membership.role)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


# Columns that are bookkeeping, never a field a record page shows.
BOOKKEEPING = {"id", "custom_fields", "search_vector", "search_text", "deleted_at", "merged_into", "normalized_name"}


def field_names(membership: Membership | None, record_type: str) -> list[str]:
    """Every field a layout of the type may name: the model's own (API names), the computed ones its
    module shows on the page (``Module.page_fields``), then its live custom fields."""
    rt = customizable_types().get(record_type)
    if rt is None:
        return []
    own = [
        _camel(f.name)
        for f in [*rt.model._meta.concrete_fields, *rt.model._meta.many_to_many]
        if f.name not in BOOKKEEPING
    ]
    computed = [name for name in page_fields(record_type) if name not in own]
    return own + computed + [f"customFields.{d.key}" for d in definitions_for(membership, record_type)]


def layout_for(membership: Membership, record_type: str, role: str | None = None) -> RecordLayout:
    """The layout of ``role`` (default: the member's own); an empty one when none is set (the page's default order)."""
    chosen = role or role_key(membership)
    found = RecordLayout.objects.filter(record_type=record_type, role=chosen).first()
    return found if found is not None else RecordLayout(record_type=record_type, role=chosen, fields=[], groups=[])


def _clean_groups(groups: list[str], errors: ErrorCollector) -> list[str]:
    """Group names in page order, spaces collapsed; each once (names match whatever their case, as pages do)."""
    clean: list[str] = []
    for index, raw in enumerate(groups):
        name = " ".join(str(raw or "").split())
        if not name:
            errors.add(f"groups.{index}", "Name the group (its id or title).", ErrorCode.REQUIRED)
        elif name.lower() in {g.lower() for g in clean}:
            errors.add(f"groups.{index}", "Named twice.", ErrorCode.INVALID)
        check_length(name, MAX_GROUP, f"groups.{index}", errors)
        clean.append(name)
    if len(clean) > MAX_GROUPS:
        errors.add("groups", f"At most {MAX_GROUPS} groups.", ErrorCode.TOO_MANY)
    return clean


def _check_role(role: str, errors: ErrorCollector) -> None:
    raw = role.removeprefix("custom:")
    if role.startswith("custom:"):
        if not (raw.isdigit() and CustomRole.objects.filter(pk=int(raw)).exists()):
            errors.add("role", "No such custom role.", ErrorCode.NOT_FOUND)
    elif role not in Role.values or role == Role.CUSTOM:
        builtin = ", ".join(r for r in Role.values if r != Role.CUSTOM)
        errors.add("role", f"A built-in role ({builtin}) or custom:<id>.", ErrorCode.INVALID_CHOICE)


def set_layout(
    membership: Membership,
    record_type: str,
    role: str,
    fields: list[dict[str, Any]],
    groups: list[str] | None = None,
) -> RecordLayout:
    """Replace a role's layout of a record type (owners and admins); [] goes back to the default order.

    ``groups`` orders the page's groups (ids or titles, a layout's own new groups too); [] or none: the page's.
    """
    require_admin(membership)
    errors = ErrorCollector()
    # The types whose record pages show fields through the kit: those with custom fields.
    types = customizable_types()
    if record_type not in types:
        errors.add("type", f"One of: {', '.join(types)}.", ErrorCode.INVALID_CHOICE)
        errors.raise_if_any()
    _check_role(role, errors)
    known = set(field_names(membership, record_type))
    clean: list[dict[str, Any]] = []
    for index, item in enumerate(fields):
        name = str(item.get("field") or "")
        if name not in known:
            errors.add(f"fields.{index}.field", f"{record_type} has no field {name!r}.", ErrorCode.NOT_FOUND)
        elif any(c["field"] == name for c in clean):
            errors.add(f"fields.{index}.field", "Named twice.", ErrorCode.INVALID)
        # The page group to show it in (a group's id or title, or a new one's title); '' keeps the page's own.
        group = " ".join(str(item.get("group") or "").split())
        check_length(group, MAX_GROUP, f"fields.{index}.group", errors)
        clean.append({"field": name, "hidden": bool(item.get("hidden"))} | ({"group": group} if group else {}))
    if len(clean) > MAX_FIELDS:
        errors.add("fields", f"At most {MAX_FIELDS} fields.", ErrorCode.TOO_MANY)
    order = _clean_groups(groups or [], errors)
    errors.raise_if_any()
    with transaction.atomic():
        layout, _ = RecordLayout.objects.select_for_update().get_or_create(record_type=record_type, role=role)
        before = {"fields": list(layout.fields), "groups": list(layout.groups)}
        layout.fields, layout.groups = clean, order
        layout.save()
        after = {"fields": clean, "groups": order}
        if changes := {
            name: {"old": before[name], "new": after[name]} for name in after if before[name] != after[name]
        }:
            audit.record(
                actor=membership.user,
                action="update",
                record_type=AUDIT_TYPE,
                record_id=layout.pk,
                changes=changes | {"role": {"old": role, "new": role}},
            )
    return layout
