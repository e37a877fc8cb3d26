"""``recordLayout`` and ``setRecordLayout``: per-role order and visibility of record pages' fields."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry.types import Info

from graphql_schema.core.mutations import Call
from graphql_schema.errors import UserError
from graphql_schema.permissions import require_membership
from saas.access import policy
from saas.customization import layouts, models


@strawberry.type(description="One field of a record page's layout.")
class LayoutField:
    field: str = strawberry.field(description="As the API names it: `emails`, `owner`, `customFields.<key>`.")
    hidden: bool = strawberry.field(description="Left off the page (presentation only: field rules still decide).")
    group: str = strawberry.field(
        default="",
        description="The page group it is shown in: a group's id or title, or a new group's title ('': the page's).",
    )


@strawberry.type(description="How record pages of one type show their fields to one role.")
class RecordLayout:
    type: str = strawberry.field(description="The record type: `Company`, `Contact`, ...")
    role: str = strawberry.field(description="A built-in role (`sales`) or `custom:<id>`.")
    fields: list[LayoutField] = strawberry.field(
        description="In page order; fields not named follow in the page's own order. Empty: the default layout."
    )
    groups: list[str] = strawberry.field(
        default_factory=list,
        description="The page's groups in order, each a group's id or title; groups not named follow in the "
        "page's own order. Empty: the page's order.",
    )
    available: list[str] = strawberry.field(
        description="Every field a layout of the type may name (its own fields, then its custom fields)."
    )


def _layout(membership: Any, saved: models.RecordLayout) -> RecordLayout:
    return RecordLayout(
        type=saved.record_type,
        role=saved.role,
        fields=[LayoutField(field=f["field"], hidden=f["hidden"], group=f.get("group", "")) for f in saved.fields],
        groups=list(saved.groups),
        available=layouts.field_names(membership, saved.record_type),
    )


@strawberry.type
class LayoutQuery:
    @strawberry.field(
        description="The record page layout of a type for your role, or (owners and admins) for the role named."
    )
    def record_layout(
        self,
        info: Info,
        type: Annotated[str, strawberry.argument(description="A record type name, as in `__typename`.")],
        role: Annotated[str | None, strawberry.argument(description="Owners and admins: another role.")] = None,
    ) -> RecordLayout:
        membership = require_membership(info)
        chosen = role if role is not None and policy.is_admin(membership) else layouts.role_key(membership)
        return _layout(membership, layouts.layout_for(membership, type, chosen))


@strawberry.input(description="One field of a layout, in page order.")
class LayoutFieldInput:
    field: str = strawberry.field(description="As the API names it: `emails`, `customFields.<key>`.")
    hidden: bool = strawberry.field(default=False, description="Leave it off the page.")
    group: str = strawberry.field(
        default="",
        description="Show it in this page group: a group's id or title, or a new one (60 characters at most).",
    )


@strawberry.input
class SetRecordLayoutInput:
    type: str = strawberry.field(description="The record type.")
    role: str = strawberry.field(description="A built-in role (`sales`) or `custom:<id>`.")
    fields: list[LayoutFieldInput] = strawberry.field(description="In page order; [] restores the default layout.")
    groups: list[str] = strawberry.field(
        default_factory=list,
        description="The page's groups in order: ids or titles (60 characters at most each), a field's new group "
        "too; groups left out follow in the page's order. Left out or []: the page's order.",
    )


@strawberry.type
class RecordLayoutPayload:
    record_layout: RecordLayout | None = strawberry.field(default=None, description="The layout as saved.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@dataclass(frozen=True)
class SetLayout(Call):
    def call(self, membership: Any, input: Any) -> Any:
        fields = [{"field": f.field, "hidden": f.hidden, "group": f.group} for f in input.fields]
        return layouts.set_layout(membership, input.type, input.role, fields, list(input.groups))

    def answer(self, result: Any) -> Any:
        return self.payload(record_layout=_layout(None, result))


@strawberry.type
class LayoutMutation:
    set_record_layout = SetLayout(SetRecordLayoutInput, RecordLayoutPayload, "record_layout").field(
        "Set a role's record page layout of a type: field order and visibility, group order (owners and admins)."
    )
