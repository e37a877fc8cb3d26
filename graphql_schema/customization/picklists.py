"""``picklists`` (the data dictionary) and the admins' mutations that define, change and delete them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

import strawberry
from strawberry import UNSET
from strawberry.types import Info

from graphql_schema.core.inputs import input_data
from graphql_schema.core.mutations import Call
from graphql_schema.errors import UserError
from graphql_schema.permissions import require_membership
from saas.customization import picklists
from saas.customization.models import Picklist


@strawberry.type(name="PicklistValue", description="One value of a picklist.")
class PicklistValueType:
    value: str = strawberry.field(description="What records store (fixed once made).")
    label: str = strawberry.field(description="What forms and lists show.")
    colour: str = strawberry.field(description="`#rrggbb` for chips and badges; empty: none.")
    position: int = strawberry.field(description="Order in the list, from 0.")
    deprecated: bool = strawberry.field(
        description="No longer offered: records that have it keep it (shown greyed), new writes refuse it."
    )


@strawberry.type(name="Picklist", description="A workspace's list of values: industry, lead source, lost reason ...")
class PicklistType:
    key: str = strawberry.field(description="What custom fields (`picklist`) and modules name it by.")
    label: str = strawberry.field(description="Its name in settings.")
    declared: bool = strawberry.field(description="Used by a module (cannot be deleted; its values can change).")
    values: list[PicklistValueType] = strawberry.field(description="Every value in order, deprecated ones too.")

    @classmethod
    def of(cls, picklist: Picklist) -> PicklistType:
        return cls(
            key=picklist.key,
            label=picklist.label,
            declared=picklist.declared,
            values=[
                PicklistValueType(
                    value=v.value, label=v.label, colour=v.colour, position=v.position, deprecated=v.deprecated
                )
                for v in picklist.values.all()
            ],
        )


@strawberry.type
class PicklistQuery:
    @strawberry.field(description="The workspace's picklists (every member reads them: forms and lists use them).")
    def picklists(
        self,
        info: Info,
        key: Annotated[str | None, strawberry.argument(description="Only this one.")] = None,
    ) -> list[PicklistType]:
        found = picklists.all_picklists(require_membership(info)).values()
        return [PicklistType.of(p) for p in found if key is None or p.key == key]


@strawberry.input(description="A value; an existing value keeps its records, a new one is added.")
class PicklistValueInput:
    value: str = strawberry.field(description="1 to 100 characters, what records store.")
    label: str | None = strawberry.field(default=None, description="What forms show (default: the value).")
    colour: str | None = strawberry.field(default=None, description="`#rrggbb`, or empty for none.")
    deprecated: bool = strawberry.field(default=False, description="Keep on old records, refuse on new writes.")


@strawberry.input
class DefinePicklistInput:
    key: str = strawberry.field(description="1 to 40 lower-case letters, digits or _, starting with a letter.")
    label: str = strawberry.field(description="Its name in settings.")
    values: list[PicklistValueInput] = strawberry.field(default_factory=list, description="The values, in order.")


@strawberry.input(description="Only what is given changes. `values` replaces the whole list, in order.")
class UpdatePicklistInput:
    key: str = strawberry.field(description="The picklist's key.")
    label: str | None = strawberry.field(default=UNSET, description="Its name in settings.")
    values: list[PicklistValueInput] | None = strawberry.field(
        default=UNSET,
        description="Every value in the new order; values left out are removed (records keep what they "
        "store): deprecate a value instead to show it greyed.",
    )


@strawberry.input
class DeletePicklistInput:
    key: str = strawberry.field(description="A workspace's own picklist that no custom field uses.")


@strawberry.type
class PicklistPayload:
    picklist: PicklistType | None = strawberry.field(default=None, description="The picklist as saved; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@dataclass(frozen=True)
class DefinePicklist(Call):
    def call(self, membership: Any, input: Any) -> Any:
        return picklists.define_picklist(membership, input_data(input))

    def answer(self, result: Any) -> Any:
        return self.payload(picklist=PicklistType.of(result))


@dataclass(frozen=True)
class UpdatePicklist(DefinePicklist):
    def call(self, membership: Any, input: Any) -> Any:
        return picklists.update_picklist(membership, input_data(input))


@dataclass(frozen=True)
class DeletePicklist(DefinePicklist):
    def call(self, membership: Any, input: Any) -> Any:
        return picklists.delete_picklist(membership, input.key)

    def answer(self, result: Any) -> Any:
        return self.payload(picklist=PicklistType(key=result.key, label=result.label, declared=False, values=[]))


@strawberry.type
class PicklistMutation:
    define_picklist = DefinePicklist(DefinePicklistInput, PicklistPayload, "picklist").field(
        "Add a picklist of the workspace's own, e.g. for custom fields to share (owners and admins)."
    )
    update_picklist = UpdatePicklist(UpdatePicklistInput, PicklistPayload, "picklist").field(
        "Rename a picklist or change its values: order, labels, colours, deprecation (owners and admins)."
    )
    delete_picklist = DeletePicklist(DeletePicklistInput, PicklistPayload, "picklist").field(
        "Delete a workspace's own picklist that no custom field uses (owners and admins)."
    )
