"""Mutations of the customers module: ``verbNoun(input:)`` → ``{ record, errors }``; rules live in the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import Any, cast

import strawberry
from graphql import GraphQLError, GraphQLInputObjectType, GraphQLList, GraphQLNonNull
from graphql.utilities import validate_input_value
from strawberry import UNSET, relay
from strawberry.scalars import JSON
from strawberry.types import Info

from graphql_schema.core.inputs import input_data
from graphql_schema.core.nodes import decode_id, decode_ids
from graphql_schema.errors import DeletePayload, UserError, run_service, user_errors
from graphql_schema.permissions import require_membership
from saas.customers import models, services

from .enums import (
    BuyingRole,
    CompanySize,
    CreditRating,
    CustomerLevel,
    CustomerSource,
    InteractionDirection,
    InteractionKind,
    LifecycleStage,
    SavedViewRecordType,
)
from .queries import PoolRule
from .types import CompanyNode, ContactGroupNode, ContactNode, InteractionNode, SavedViewNode, TagNode

# --- inputs ---------------------------------------------------------------------------------------


@strawberry.input
class MoneyInput:
    amount: Decimal
    currency: str = "USD"


@strawberry.input
class AddressInput:
    kind: str | None = None
    street: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country: str | None = None


@strawberry.input
class SocialHandleInput:
    network: str
    handle: str


COMPANY_IDS = {"owner_id": ("owner", "User"), "parent_id": ("parent", "Company"), "tag_ids": ("tags", "Tag")}
CONTACT_IDS = {
    "owner_id": ("owner", "User"),
    "company_id": ("company", "Company"),
    "tag_ids": ("tags", "Tag"),
    "group_ids": ("groups", "ContactGroup"),
}


@strawberry.input
class CreateCompanyInput:
    name: str
    industry: str | None = None
    size: CompanySize | None = None  # type: ignore[valid-type]
    website: str | None = None
    phone: str | None = None
    addresses: list[AddressInput] | None = strawberry.field(default=None, description="The first is the main address.")
    level: CustomerLevel | None = None  # type: ignore[valid-type]
    category: str | None = None
    lifecycle_stage: LifecycleStage | None = None  # type: ignore[valid-type]
    source: CustomerSource | None = None  # type: ignore[valid-type]
    credit_rating: CreditRating | None = None  # type: ignore[valid-type]
    credit_limit: MoneyInput | None = None
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Null: into the public pool.")
    parent_id: relay.GlobalID | None = None
    tag_ids: list[relay.GlobalID] | None = None
    allow_duplicate: bool = strawberry.field(
        default=False, description="Create even when similar companies exist (else they come back as `duplicates`)."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateCompanyInput:
    id: relay.GlobalID
    name: str | None = UNSET
    industry: str | None = UNSET
    size: CompanySize | None = UNSET  # type: ignore[valid-type]
    website: str | None = UNSET
    phone: str | None = UNSET
    addresses: list[AddressInput] | None = UNSET
    level: CustomerLevel | None = UNSET  # type: ignore[valid-type]
    category: str | None = UNSET
    lifecycle_stage: LifecycleStage | None = UNSET  # type: ignore[valid-type]
    source: CustomerSource | None = UNSET  # type: ignore[valid-type]
    credit_rating: CreditRating | None = UNSET  # type: ignore[valid-type]
    credit_limit: MoneyInput | None = UNSET
    owner_id: relay.GlobalID | None = UNSET
    parent_id: relay.GlobalID | None = UNSET
    tag_ids: list[relay.GlobalID] | None = UNSET


@strawberry.input
class CreateContactInput:
    first_name: str
    last_name: str | None = None
    company_id: relay.GlobalID | None = None
    title: str | None = None
    buying_role: BuyingRole | None = None  # type: ignore[valid-type]
    emails: list[str] | None = None
    phones: list[str] | None = None
    wechat_id: str | None = None
    social_handles: list[SocialHandleInput] | None = None
    birthday: date | None = None
    preferences: JSON | None = None
    email_consent: bool | None = None
    sms_consent: bool | None = None
    owner_id: relay.GlobalID | None = None
    tag_ids: list[relay.GlobalID] | None = None
    group_ids: list[relay.GlobalID] | None = None
    allow_duplicate: bool = strawberry.field(
        default=False, description="Create even when contacts share an e-mail or phone (else they come back)."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateContactInput:
    id: relay.GlobalID
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    company_id: relay.GlobalID | None = UNSET
    title: str | None = UNSET
    buying_role: BuyingRole | None = UNSET  # type: ignore[valid-type]
    emails: list[str] | None = UNSET
    phones: list[str] | None = UNSET
    wechat_id: str | None = UNSET
    social_handles: list[SocialHandleInput] | None = UNSET
    birthday: date | None = UNSET
    preferences: JSON | None = UNSET
    email_consent: bool | None = UNSET
    sms_consent: bool | None = UNSET
    owner_id: relay.GlobalID | None = UNSET
    tag_ids: list[relay.GlobalID] | None = UNSET
    group_ids: list[relay.GlobalID] | None = UNSET


@strawberry.input
class RecordIdInput:
    id: relay.GlobalID


@strawberry.input
class TransferCustomersInput:
    owner_id: relay.GlobalID | None = strawberry.field(description="The new owner; null returns them to the pool.")
    company_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    contact_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    include_contacts: bool = strawberry.field(default=False, description="Also the contacts of these companies.")


@strawberry.input
class TagContactsInput:
    contact_ids: list[relay.GlobalID]
    add_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    remove_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)


@strawberry.input
class TagCompaniesInput:
    company_ids: list[relay.GlobalID]
    add_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)
    remove_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list)


def tag_changes(input: TagContactsInput | TagCompaniesInput) -> dict[str, list[Any]]:
    """The tags a bulk tagging adds and removes, as database ids."""
    return {
        "add_tag_ids": decode_ids(input.add_tag_ids, "Tag", "addTagIds") or [],
        "remove_tag_ids": decode_ids(input.remove_tag_ids, "Tag", "removeTagIds") or [],
    }


@strawberry.input
class DeleteContactsInput:
    contact_ids: list[relay.GlobalID]


@strawberry.input
class MergeInput:
    target_id: relay.GlobalID = strawberry.field(description="The record that stays.")
    source_ids: list[relay.GlobalID] = strawberry.field(description="Records folded into it (then deleted).")


@strawberry.input
class CreateTagInput:
    name: str
    color: str | None = None


@strawberry.input
class UpdateTagInput:
    id: relay.GlobalID
    name: str | None = UNSET
    color: str | None = UNSET


@strawberry.input
class CreateContactGroupInput:
    name: str
    description: str | None = None


@strawberry.input
class UpdateContactGroupInput:
    id: relay.GlobalID
    name: str | None = UNSET
    description: str | None = UNSET


@strawberry.input
class LogInteractionInput:
    kind: InteractionKind  # type: ignore[valid-type]
    direction: InteractionDirection | None = None  # type: ignore[valid-type]
    occurred_at: datetime | None = strawberry.field(default=None, description="Default: now.")
    subject: str | None = None
    body: str | None = None
    outcome: str | None = None
    company_id: relay.GlobalID | None = None
    contact_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The contact's company gets it on its timeline too."
    )
    performed_by_id: relay.GlobalID | None = strawberry.field(default=None, description="Default: me.")


@strawberry.input
class UpdateInteractionInput:
    id: relay.GlobalID
    kind: InteractionKind | None = UNSET  # type: ignore[valid-type]
    direction: InteractionDirection | None = UNSET  # type: ignore[valid-type]
    occurred_at: datetime | None = UNSET
    subject: str | None = UNSET
    body: str | None = UNSET
    outcome: str | None = UNSET
    performed_by_id: relay.GlobalID | None = UNSET


INTERACTION_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "performed_by_id": ("performed_by", "User"),
}


SAVED_VIEW_INPUTS = {"company": ("CompanyFilter", "CompanyOrder"), "contact": ("ContactFilter", "ContactOrder")}


def saved_view_shape_problems(record_type: str, filter: Any, ordering: Any) -> list[str]:
    """What the list's ``filter:`` / ``orderBy:`` would refuse in a saved view (checked as GraphQL input)."""
    from graphql_schema.schema import tenant_schema

    schema = tenant_schema._schema
    filter_name, order_name = SAVED_VIEW_INPUTS[record_type]
    problems: list[str] = []

    def refuse(error: GraphQLError, path: Any) -> None:
        where = ".".join(map(str, path or ()))
        problems.append(f"{where}: {error.message}" if where else error.message)

    if filter is not None:
        validate_input_value(filter, cast(GraphQLInputObjectType, schema.get_type(filter_name)), refuse)
    if ordering is not None:
        order = GraphQLList(GraphQLNonNull(cast(GraphQLInputObjectType, schema.get_type(order_name))))
        validate_input_value(ordering, order, refuse)
    return problems


services.check_saved_view_shape_with(saved_view_shape_problems)


@strawberry.input
class CreateSavedViewInput:
    name: str
    record_type: SavedViewRecordType  # type: ignore[valid-type]
    filter: JSON | None = None
    ordering: JSON | None = None
    columns: list[str] | None = None
    shared: bool = False


@strawberry.input
class UpdateSavedViewInput:
    id: relay.GlobalID
    name: str | None = UNSET
    filter: JSON | None = UNSET
    ordering: JSON | None = UNSET
    columns: list[str] | None = UNSET
    shared: bool | None = UNSET


@strawberry.input
class UpdatePoolRuleInput:
    return_after_days: int | None = strawberry.field(description="Null: customers never return to the pool.")


# --- payloads -------------------------------------------------------------------------------------


@strawberry.type
class CompanyPayload:
    company: CompanyNode | None = None
    duplicates: list[CompanyNode] = strawberry.field(
        default_factory=list, description="Similar companies found on create (with error `duplicate_suspected`)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactPayload:
    contact: ContactNode | None = None
    duplicates: list[ContactNode] = strawberry.field(
        default_factory=list, description="Contacts sharing an e-mail or phone (with error `duplicate_suspected`)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TransferCustomersPayload:
    companies: list[CompanyNode] = strawberry.field(default_factory=list)
    contacts: list[ContactNode] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactsPayload:
    contacts: list[ContactNode] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompaniesPayload:
    companies: list[CompanyNode] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteContactsPayload:
    deleted_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TagPayload:
    tag: TagNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactGroupPayload:
    contact_group: ContactGroupNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InteractionPayload:
    interaction: InteractionNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SavedViewPayload:
    saved_view: SavedViewNode | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PoolRulePayload:
    pool_rule: PoolRule | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)


def global_id(type_name: str, pk: Any) -> strawberry.ID:
    return strawberry.ID(str(relay.GlobalID(type_name, str(pk))))


def update_record(
    info: Info,
    input: Any,
    type_name: str,
    update: Callable[[Any, Any, dict[str, Any]], Any],
    payload: type[Any],
    field: str,
    data: Callable[[], dict[str, Any]],
) -> Any:
    """The shape of every update: decode the id, call the service with the given fields, wrap the record."""
    membership = require_membership(info)
    return run_service(
        lambda: payload(**{field: update(membership, decode_id(input.id, type_name, "id"), data())}),
        lambda errors: payload(errors=errors),
    )


def delete_record(info: Info, input: RecordIdInput, type_name: str, delete: Callable[[Any, Any], Any]) -> DeletePayload:
    """The shape of every single-record delete: decode the id, call the service, answer the global id."""
    membership = require_membership(info)
    return run_service(
        lambda: DeletePayload(
            deleted_id=global_id(type_name, delete(membership, decode_id(input.id, type_name, "id")))
        ),
        lambda errors: DeletePayload(errors=errors),
    )


def company_data(input: Any) -> dict[str, Any]:
    data = input_data(input, ids=COMPANY_IDS, skip=("id", "allow_duplicate", "credit_limit"))
    if input.credit_limit is not UNSET:
        money = input.credit_limit
        data["credit_limit"] = money.amount if money else None
        if money:
            data["credit_currency"] = money.currency
    return data


def with_duplicates(build: Any, payload: type[Any], field: str) -> Any:
    """Like ``run_service``, and when a duplicate was suspected, the candidates come back too."""

    def on_error(errors: list[UserError]) -> Any:
        return payload(errors=errors)

    def build_or_duplicates() -> Any:
        try:
            return build()
        except services.DuplicatesFound as exc:
            return payload(errors=user_errors(exc.errors), duplicates=exc.candidates)

    return run_service(build_or_duplicates, on_error)


# --- mutations ------------------------------------------------------------------------------------


@strawberry.type
class CustomersMutation:
    @strawberry.mutation(description="Create a company; similar ones come back as `duplicates` unless allowed.")
    def create_company(self, info: Info, input: CreateCompanyInput) -> CompanyPayload:
        membership = require_membership(info)

        def build() -> CompanyPayload:
            company = services.create_company(membership, company_data(input), allow_duplicate=input.allow_duplicate)
            return CompanyPayload(company=company)  # type: ignore[arg-type]

        return with_duplicates(build, CompanyPayload, "company")  # type: ignore[no-any-return]

    @strawberry.mutation
    def update_company(self, info: Info, input: UpdateCompanyInput) -> CompanyPayload:
        return update_record(
            info, input, "Company", services.update_company, CompanyPayload, "company", lambda: company_data(input)
        )

    @strawberry.mutation(description="Move a company to the recycle bin (`restoreCompany` brings it back).")
    def delete_company(self, info: Info, input: RecordIdInput) -> CompanyPayload:
        membership = require_membership(info)
        return run_service(
            lambda: CompanyPayload(
                company=services.soft_delete(membership, models.Company, decode_id(input.id, "Company", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: CompanyPayload(errors=errors),
        )

    @strawberry.mutation
    def restore_company(self, info: Info, input: RecordIdInput) -> CompanyPayload:
        membership = require_membership(info)
        return run_service(
            lambda: CompanyPayload(
                company=services.restore(membership, models.Company, decode_id(input.id, "Company", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: CompanyPayload(errors=errors),
        )

    @strawberry.mutation(description="Take an unowned company from the public pool.")
    def claim_company(self, info: Info, input: RecordIdInput) -> CompanyPayload:
        membership = require_membership(info)
        return run_service(
            lambda: CompanyPayload(
                company=services.claim(membership, models.Company, decode_id(input.id, "Company", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: CompanyPayload(errors=errors),
        )

    @strawberry.mutation(description="Fold companies into one: contacts, interactions and every linked record move.")
    def merge_companies(self, info: Info, input: MergeInput) -> CompanyPayload:
        membership = require_membership(info)
        return run_service(
            lambda: CompanyPayload(
                company=services.merge_companies(  # type: ignore[arg-type]
                    membership,
                    decode_id(input.target_id, "Company", "targetId"),
                    decode_ids(input.source_ids, "Company", "sourceIds") or [],
                )
            ),
            lambda errors: CompanyPayload(errors=errors),
        )

    @strawberry.mutation(description="Create a contact; ones sharing an e-mail or phone come back unless allowed.")
    def create_contact(self, info: Info, input: CreateContactInput) -> ContactPayload:
        membership = require_membership(info)

        def build() -> ContactPayload:
            data = input_data(input, ids=CONTACT_IDS, skip=("id", "allow_duplicate"))
            contact = services.create_contact(membership, data, allow_duplicate=input.allow_duplicate)
            return ContactPayload(contact=contact)  # type: ignore[arg-type]

        return with_duplicates(build, ContactPayload, "contact")  # type: ignore[no-any-return]

    @strawberry.mutation
    def update_contact(self, info: Info, input: UpdateContactInput) -> ContactPayload:
        return update_record(
            info,
            input,
            "Contact",
            services.update_contact,
            ContactPayload,
            "contact",
            lambda: input_data(input, ids=CONTACT_IDS),
        )

    @strawberry.mutation(description="Move a contact to the recycle bin (`restoreContact` brings it back).")
    def delete_contact(self, info: Info, input: RecordIdInput) -> ContactPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactPayload(
                contact=services.soft_delete(membership, models.Contact, decode_id(input.id, "Contact", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: ContactPayload(errors=errors),
        )

    @strawberry.mutation
    def restore_contact(self, info: Info, input: RecordIdInput) -> ContactPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactPayload(
                contact=services.restore(membership, models.Contact, decode_id(input.id, "Contact", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: ContactPayload(errors=errors),
        )

    @strawberry.mutation(description="Take an unowned contact from the public pool.")
    def claim_contact(self, info: Info, input: RecordIdInput) -> ContactPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactPayload(
                contact=services.claim(membership, models.Contact, decode_id(input.id, "Contact", "id"))  # type: ignore[arg-type]
            ),
            lambda errors: ContactPayload(errors=errors),
        )

    @strawberry.mutation(description="Fold contacts into one: interactions, tags, groups, e-mails and phones move.")
    def merge_contacts(self, info: Info, input: MergeInput) -> ContactPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactPayload(
                contact=services.merge_contacts(  # type: ignore[arg-type]
                    membership,
                    decode_id(input.target_id, "Contact", "targetId"),
                    decode_ids(input.source_ids, "Contact", "sourceIds") or [],
                )
            ),
            lambda errors: ContactPayload(errors=errors),
        )

    @strawberry.mutation(description="Give companies and contacts another owner (or the pool), all or nothing.")
    def transfer_customers(self, info: Info, input: TransferCustomersInput) -> TransferCustomersPayload:
        membership = require_membership(info)

        def build() -> TransferCustomersPayload:
            companies, contacts = services.transfer_customers(
                membership,
                owner_id=decode_id(input.owner_id, "User", "ownerId"),
                company_ids=decode_ids(input.company_ids, "Company", "companyIds") or [],
                contact_ids=decode_ids(input.contact_ids, "Contact", "contactIds") or [],
                include_contacts=input.include_contacts,
            )
            return TransferCustomersPayload(companies=companies, contacts=contacts)  # type: ignore[arg-type]

        return run_service(build, lambda errors: TransferCustomersPayload(errors=errors))

    @strawberry.mutation(description="Add and remove tags on many contacts at once.")
    def tag_contacts(self, info: Info, input: TagContactsInput) -> ContactsPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactsPayload(
                contacts=services.tag_contacts(  # type: ignore[arg-type]
                    membership,
                    contact_ids=decode_ids(input.contact_ids, "Contact", "contactIds") or [],
                    **tag_changes(input),
                )
            ),
            lambda errors: ContactsPayload(errors=errors),
        )

    @strawberry.mutation(description="Add and remove tags on many companies at once.")
    def tag_companies(self, info: Info, input: TagCompaniesInput) -> CompaniesPayload:
        membership = require_membership(info)
        return run_service(
            lambda: CompaniesPayload(
                companies=services.tag_companies(  # type: ignore[arg-type]
                    membership,
                    company_ids=decode_ids(input.company_ids, "Company", "companyIds") or [],
                    **tag_changes(input),
                )
            ),
            lambda errors: CompaniesPayload(errors=errors),
        )

    @strawberry.mutation(description="Move many contacts to the recycle bin at once.")
    def delete_contacts(self, info: Info, input: DeleteContactsInput) -> DeleteContactsPayload:
        membership = require_membership(info)
        return run_service(
            lambda: DeleteContactsPayload(
                deleted_ids=[
                    global_id("Contact", c.pk)
                    for c in services.delete_contacts(
                        membership, decode_ids(input.contact_ids, "Contact", "contactIds") or []
                    )
                ]
            ),
            lambda errors: DeleteContactsPayload(errors=errors),
        )

    @strawberry.mutation
    def create_tag(self, info: Info, input: CreateTagInput) -> TagPayload:
        membership = require_membership(info)
        return run_service(
            lambda: TagPayload(tag=services.create_tag(membership, input_data(input))),  # type: ignore[arg-type]
            lambda errors: TagPayload(errors=errors),
        )

    @strawberry.mutation
    def update_tag(self, info: Info, input: UpdateTagInput) -> TagPayload:
        return update_record(info, input, "Tag", services.update_tag, TagPayload, "tag", lambda: input_data(input))

    @strawberry.mutation(description="Delete a tag (it is removed from every record).")
    def delete_tag(self, info: Info, input: RecordIdInput) -> DeletePayload:
        return delete_record(info, input, "Tag", services.delete_tag)

    @strawberry.mutation
    def create_contact_group(self, info: Info, input: CreateContactGroupInput) -> ContactGroupPayload:
        membership = require_membership(info)
        return run_service(
            lambda: ContactGroupPayload(contact_group=services.create_group(membership, input_data(input))),  # type: ignore[arg-type]
            lambda errors: ContactGroupPayload(errors=errors),
        )

    @strawberry.mutation
    def update_contact_group(self, info: Info, input: UpdateContactGroupInput) -> ContactGroupPayload:
        return update_record(
            info,
            input,
            "ContactGroup",
            services.update_group,
            ContactGroupPayload,
            "contact_group",
            lambda: input_data(input),
        )

    @strawberry.mutation
    def delete_contact_group(self, info: Info, input: RecordIdInput) -> DeletePayload:
        return delete_record(info, input, "ContactGroup", services.delete_group)

    @strawberry.mutation(description="Put a touch on the timelines of a company and/or contact.")
    def log_interaction(self, info: Info, input: LogInteractionInput) -> InteractionPayload:
        membership = require_membership(info)
        return run_service(
            lambda: InteractionPayload(
                interaction=services.log_interaction(membership, input_data(input, ids=INTERACTION_IDS))  # type: ignore[arg-type]
            ),
            lambda errors: InteractionPayload(errors=errors),
        )

    @strawberry.mutation
    def update_interaction(self, info: Info, input: UpdateInteractionInput) -> InteractionPayload:
        return update_record(
            info,
            input,
            "Interaction",
            services.update_interaction,
            InteractionPayload,
            "interaction",
            lambda: input_data(input, ids=INTERACTION_IDS),
        )

    @strawberry.mutation
    def delete_interaction(self, info: Info, input: RecordIdInput) -> DeletePayload:
        return delete_record(info, input, "Interaction", services.delete_interaction)

    @strawberry.mutation
    def create_saved_view(self, info: Info, input: CreateSavedViewInput) -> SavedViewPayload:
        membership = require_membership(info)
        return run_service(
            lambda: SavedViewPayload(saved_view=services.create_saved_view(membership, input_data(input))),  # type: ignore[arg-type]
            lambda errors: SavedViewPayload(errors=errors),
        )

    @strawberry.mutation
    def update_saved_view(self, info: Info, input: UpdateSavedViewInput) -> SavedViewPayload:
        return update_record(
            info,
            input,
            "SavedView",
            services.update_saved_view,
            SavedViewPayload,
            "saved_view",
            lambda: input_data(input),
        )

    @strawberry.mutation
    def delete_saved_view(self, info: Info, input: RecordIdInput) -> DeletePayload:
        return delete_record(info, input, "SavedView", services.delete_saved_view)

    @strawberry.mutation(description="Set after how many idle days owned customers return to the pool.")
    def update_pool_rule(self, info: Info, input: UpdatePoolRuleInput) -> PoolRulePayload:
        membership = require_membership(info)
        return run_service(
            lambda: PoolRulePayload(
                pool_rule=PoolRule(
                    return_after_days=services.update_pool_rule(membership, input.return_after_days).return_after_days
                )
            ),
            lambda errors: PoolRulePayload(errors=errors),
        )
