"""``customFieldDefinitions(type:)`` and the admins' mutations that define, change, delete and purge fields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import UNSET, relay
from strawberry.scalars import JSON
from strawberry.types import Info

import graphql_schema.core.custom_fields  # noqa: F401  (registers CustomFieldType)
from graphql_schema.core.inputs import input_data
from graphql_schema.core.mutations import Call, Mutation
from graphql_schema.errors import UserError
from graphql_schema.permissions import require_membership
from saas.access import policy
from saas.customization import services, values
from saas.customization.models import CustomFieldDefinition as Definition
from saas.customization.models import FieldType
from saas.errors import FieldError, ServiceError

NODE = "CustomFieldDefinition"


@strawberry.type(name="CustomFieldDefinition", description="A custom field of a record type, as forms render it.")
class CustomFieldDefinitionType:
    id: relay.GlobalID = strawberry.field(description="Global id (type `CustomFieldDefinition`).")
    record_type: str = strawberry.field(description="The record type it belongs to: `Company`, `Contact`, ...")
    key: str = strawberry.field(description="The key of its values in `customFields`, fixed once made.")
    label: str = strawberry.field(description="What forms and columns call it.")
    type: FieldType = strawberry.field(description="The type of its values.")
    description: str = strawberry.field(description="Help text for forms.")
    required: bool = strawberry.field(description="A record must have a value.")
    unique: bool = strawberry.field(description="No two records of the workspace share a value.")
    sensitive: bool = strawberry.field(
        description="Roles that hide or lock sensitive fields (sales: read-only; marketing, service, "
        "read-only: hidden) treat it alike; custom roles name it `custom_fields.<key>` in their field rules."
    )
    default: JSON | None = strawberry.field(description="Given to new records that leave it out.")
    min_value: Decimal | None = strawberry.field(
        description="Numbers and money: the smallest value; text: the fewest characters."
    )
    max_value: Decimal | None = strawberry.field(
        description="Numbers and money: the largest value; text: the most characters."
    )
    regex: str = strawberry.field(description="Text: a pattern the whole value must match (empty: none).")
    choices: list[str] = strawberry.field(
        description="Picklists: the values new writes may pick, in order (a shared picklist's live values)."
    )
    picklist: str = strawberry.field(
        description="Picklists: the key of the shared picklist (`picklists`) its values come from; empty: own "
        "`choices`. Records may hold its deprecated values."
    )
    reference_type: str = strawberry.field(description="References: the record type they point to.")
    position: int = strawberry.field(description="Order in forms and columns (smaller first).")
    group: str = strawberry.field(description="The heading it is shown under on record pages (empty: none).")
    deleted_at: datetime | None = strawberry.field(
        description="Set when an admin deleted it: gone from the API, values kept until purged."
    )

    @classmethod
    def of(cls, d: Definition, membership: Any = None) -> CustomFieldDefinitionType:
        return cls(
            id=relay.GlobalID(NODE, str(d.pk)),
            record_type=d.record_type,
            key=d.key,
            label=d.label,
            type=FieldType(d.field_type),
            description=d.description,
            required=d.required,
            unique=d.unique,
            sensitive=d.sensitive,
            default=d.default,
            min_value=d.min_value,
            max_value=d.max_value,
            regex=d.regex,
            choices=values.choices_of(d, membership),
            picklist=d.picklist,
            reference_type=d.reference_type,
            position=d.position,
            group=d.group,
            deleted_at=d.deleted_at,
        )


@strawberry.type
class CustomizationQuery:
    @strawberry.field(
        description="The custom fields of a record type (`Company`, `Contact`, ...) your role may see, in form "
        "order. `includeDeleted` (owners and admins) adds deleted fields awaiting their purge."
    )
    def custom_field_definitions(
        self,
        info: Info,
        type: Annotated[str, strawberry.argument(description="A record type name, as in `__typename`.")],
        include_deleted: Annotated[
            bool, strawberry.argument(description="Also deleted fields (owners and admins only).")
        ] = False,
    ) -> list[CustomFieldDefinitionType]:
        membership = require_membership(info)
        found = services.readable_definitions(membership, type)
        if include_deleted and policy.is_admin(membership):
            deleted = Definition.objects.filter(record_type=type, deleted_at__isnull=False)
            found = [*found, *deleted.order_by("position", "id")]
        return [CustomFieldDefinitionType.of(d, membership) for d in found]


@strawberry.input
class DefineCustomFieldInput:
    type: str = strawberry.field(description="The record type: `Company`, `Contact`, ...")
    key: str = strawberry.field(description="1 to 40 lower-case letters, digits or _, starting with a letter.")
    label: str = strawberry.field(description="What forms and columns call it.")
    field_type: FieldType = strawberry.field(description="The type of its values (fixed once made).")
    description: str | None = strawberry.field(default=None, description="Help text for forms.")
    required: bool = strawberry.field(default=False, description="A record must have a value.")
    unique: bool = strawberry.field(default=False, description="No two records share a value.")
    sensitive: bool = strawberry.field(default=False, description="Roles treat it as a sensitive field.")
    default: JSON | None = strawberry.field(default=None, description="For new records that leave it out.")
    min_value: Decimal | None = strawberry.field(default=None, description="Smallest number / fewest characters.")
    max_value: Decimal | None = strawberry.field(default=None, description="Largest number / most characters.")
    regex: str | None = strawberry.field(default=None, description="Text: a pattern the whole value must match.")
    choices: list[str] | None = strawberry.field(default=None, description="Picklists: the values, in order.")
    picklist: str | None = strawberry.field(
        default=None, description="Picklists: a shared picklist's key instead of `choices`."
    )
    reference_type: str | None = strawberry.field(default=None, description="References: the record type.")
    position: int | None = strawberry.field(default=None, description="Order in forms (default: last).")
    group: str | None = strawberry.field(default=None, description="Heading on record pages.")


@strawberry.input(description="Only the fields given change; null clears an optional one. Key and type stay.")
class UpdateCustomFieldInput:
    id: relay.GlobalID = strawberry.field(description="The field's global id.")
    label: str | None = strawberry.field(default=UNSET, description="What forms and columns call it.")
    description: str | None = strawberry.field(default=UNSET, description="Help text for forms.")
    required: bool | None = strawberry.field(default=UNSET, description="A record must have a value (new writes).")
    unique: bool | None = strawberry.field(default=UNSET, description="No two records share a value (new writes).")
    sensitive: bool | None = strawberry.field(default=UNSET, description="Roles treat it as a sensitive field.")
    default: JSON | None = strawberry.field(default=UNSET, description="For new records that leave it out.")
    min_value: Decimal | None = strawberry.field(default=UNSET, description="Smallest number / fewest characters.")
    max_value: Decimal | None = strawberry.field(default=UNSET, description="Largest number / most characters.")
    regex: str | None = strawberry.field(default=UNSET, description="Text: a pattern the whole value must match.")
    choices: list[str] | None = strawberry.field(
        default=UNSET, description="Picklists: the values, in order (records keep values no longer listed)."
    )
    picklist: str | None = strawberry.field(
        default=UNSET, description="Picklists: a shared picklist's key instead of `choices` (null: own choices)."
    )
    position: int | None = strawberry.field(default=UNSET, description="Order in forms.")
    group: str | None = strawberry.field(default=UNSET, description="Heading on record pages.")


@strawberry.input
class CustomFieldIdInput:
    id: relay.GlobalID = strawberry.field(description="The field's global id.")


@strawberry.type
class CustomFieldDefinitionPayload:
    custom_field_definition: CustomFieldDefinitionType | None = strawberry.field(
        default=None, description="The field as saved; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PurgeCustomFieldPayload:
    purged_records: int | None = strawberry.field(
        default=None, description="How many records had a value that was removed."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


def _pk(gid: relay.GlobalID) -> Any:
    if gid.type_name != NODE:
        raise ServiceError(FieldError("id", f"Expected the id of a {NODE}.", "not_found"))
    return gid.node_id


@dataclass(frozen=True)
class Define(Call):
    def call(self, membership: Any, input: Any) -> Any:
        data = input_data(input)
        data["record_type"] = data.pop("type")
        return services.define_custom_field(membership, data)

    def answer(self, result: Any) -> Any:
        return self.payload(custom_field_definition=CustomFieldDefinitionType.of(result))


@dataclass(frozen=True)
class Change(Define):
    def call(self, membership: Any, input: Any) -> Any:
        return services.update_custom_field(membership, _pk(input.id), input_data(input))


@dataclass(frozen=True)
class Remove(Define):
    def call(self, membership: Any, input: Any) -> Any:
        return services.delete_custom_field(membership, _pk(input.id))


@dataclass(frozen=True)
class Purge(Mutation):
    def call(self, membership: Any, input: Any) -> Any:
        return services.purge_custom_field(membership, _pk(input.id))

    def answer(self, result: Any) -> Any:
        return self.payload(purged_records=result)


@strawberry.type
class CustomizationMutation:
    define_custom_field = Define(DefineCustomFieldInput, CustomFieldDefinitionPayload, "custom_field_definition").field(
        "Add a custom field to a record type (owners and admins)."
    )
    update_custom_field = Change(UpdateCustomFieldInput, CustomFieldDefinitionPayload, "custom_field_definition").field(
        "Change a custom field's label, rules, choices, order or group (owners and admins)."
    )
    delete_custom_field = Remove(CustomFieldIdInput, CustomFieldDefinitionPayload, "custom_field_definition").field(
        "Delete a custom field: it leaves the API at once; records keep its values until it is purged."
    )
    purge_custom_field = Purge(CustomFieldIdInput, PurgeCustomFieldPayload, "purged_records").field(
        "Remove a deleted custom field's values from every record and free its key (owners and admins)."
    )
