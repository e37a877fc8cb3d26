"""Mutations of the customers module: ``verbNoun(input:)`` → ``{ record, errors }``; rules live in the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import strawberry
from strawberry import UNSET, relay
from strawberry.scalars import JSON

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.inputs import RecordIdInput
from graphql_schema.core.money import MoneyInput
from graphql_schema.core.mutations import (
    Act,
    Batch,
    BatchItemError,
    BatchMode,
    Call,
    Create,
    Delete,
    Update,
    VersionedInput,
    bulk_recycle_fields,
    recycle_bin_fields,
)
from graphql_schema.core.nodes import decode_id
from graphql_schema.core.saved_views import CreateSavedView, UpdateSavedView
from graphql_schema.errors import UserError
from saas.customers import models, services
from saas.kernel import saved_views

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


@strawberry.input(description="A postal address of a company; leave out what is unknown.")
class AddressInput:
    kind: str | None = strawberry.field(default=None, description="What it is for: billing, shipping, office, ...")
    street: str | None = strawberry.field(default=None, description="Street and number.")
    city: str | None = strawberry.field(default=None, description="City.")
    region: str | None = strawberry.field(default=None, description="State, province or region.")
    postal_code: str | None = strawberry.field(default=None, description="Postal or ZIP code.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code.")


@strawberry.input(description="A contact's account on a social network; both parts are required.")
class SocialHandleInput:
    network: str = strawberry.field(description="The network (at most 30 characters): LinkedIn, X, ...")
    handle: str = strawberry.field(description="The account's name or address there (at most 100 characters).")


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
    size: CompanySize | None = None
    website: str | None = None
    phone: str | None = None
    addresses: list[AddressInput] | None = strawberry.field(default=None, description="The first is the main address.")
    level: CustomerLevel | None = None
    category: str | None = None
    lifecycle_stage: LifecycleStage | None = None
    source: CustomerSource | None = None
    credit_rating: CreditRating | None = None
    credit_limit: MoneyInput | None = None
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Null: into the public pool.")
    parent_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The parent company (head office or group); null: none."
    )
    tag_ids: list[relay.GlobalID] | None = strawberry.field(default=None, description="The tags to put on it.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values (see `customFieldDefinitions`); defaults fill the rest."
    )
    allow_duplicate: bool = strawberry.field(
        default=False, description="Create even when similar companies exist (else they come back as `duplicates`)."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateCompanyInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = UNSET
    industry: str | None = UNSET
    size: CompanySize | None = UNSET
    website: str | None = UNSET
    phone: str | None = UNSET
    addresses: list[AddressInput] | None = UNSET
    level: CustomerLevel | None = UNSET
    category: str | None = UNSET
    lifecycle_stage: LifecycleStage | None = UNSET
    source: CustomerSource | None = UNSET
    credit_rating: CreditRating | None = UNSET
    credit_limit: MoneyInput | None = UNSET
    owner_id: relay.GlobalID | None = UNSET
    parent_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The new parent company; null: none."
    )
    tag_ids: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="All its tags from now on (replaces the current ones)."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one, fields not named stay."
    )


@strawberry.input
class CreateContactInput:
    first_name: str
    last_name: str | None = None
    company_id: relay.GlobalID | None = None
    title: str | None = None
    buying_role: BuyingRole | None = None
    emails: list[str] | None = None
    phones: list[str] | None = None
    wechat_id: str | None = None
    social_handles: list[SocialHandleInput] | None = None
    birthday: date | None = None
    preferences: JSON | None = None
    email_consent: bool | None = None
    sms_consent: bool | None = None
    owner_id: relay.GlobalID | None = None
    tag_ids: list[relay.GlobalID] | None = strawberry.field(default=None, description="The tags to put on the contact.")
    group_ids: list[relay.GlobalID] | None = strawberry.field(
        default=None, description="The contact groups to add the contact to."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values (see `customFieldDefinitions`); defaults fill the rest."
    )
    allow_duplicate: bool = strawberry.field(
        default=False, description="Create even when contacts share an e-mail or phone (else they come back)."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateContactInput(VersionedInput):
    id: relay.GlobalID
    first_name: str | None = UNSET
    last_name: str | None = UNSET
    company_id: relay.GlobalID | None = UNSET
    title: str | None = UNSET
    buying_role: BuyingRole | None = UNSET
    emails: list[str] | None = UNSET
    phones: list[str] | None = UNSET
    wechat_id: str | None = UNSET
    social_handles: list[SocialHandleInput] | None = UNSET
    birthday: date | None = UNSET
    preferences: JSON | None = UNSET
    email_consent: bool | None = UNSET
    sms_consent: bool | None = UNSET
    owner_id: relay.GlobalID | None = UNSET
    tag_ids: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="All the contact's tags from now on (replaces the current ones)."
    )
    group_ids: list[relay.GlobalID] | None = strawberry.field(
        default=UNSET, description="All the contact's groups from now on (replaces the current ones)."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one, fields not named stay."
    )


@strawberry.input
class TransferCustomersInput:
    owner_id: relay.GlobalID | None = strawberry.field(description="The new owner; null returns them to the pool.")
    company_ids: list[relay.GlobalID] = strawberry.field(
        default_factory=list, description="The companies to hand over."
    )
    contact_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="The contacts to hand over.")
    include_contacts: bool = strawberry.field(default=False, description="Also the contacts of these companies.")


@strawberry.input
class TagContactsInput:
    contact_ids: list[relay.GlobalID] = strawberry.field(description="The contacts to tag or untag.")
    add_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="Tags to put on each.")
    remove_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="Tags to take off each.")


@strawberry.input
class TagCompaniesInput:
    company_ids: list[relay.GlobalID] = strawberry.field(description="The companies to tag or untag.")
    add_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="Tags to put on each.")
    remove_tag_ids: list[relay.GlobalID] = strawberry.field(default_factory=list, description="Tags to take off each.")


@strawberry.input(description="The surviving value of one field: the value it has on one of the merged records.")
class MergeChoiceInput:
    field: str = strawberry.field(description="The field as the API names it: `industry`, `ownerId`, `creditLimit`, …")
    source_id: relay.GlobalID = strawberry.field(description="The record (the target or a source) whose value stays.")


@strawberry.input
class MergeInput:
    target_id: relay.GlobalID = strawberry.field(description="The record that stays.")
    source_ids: list[relay.GlobalID] = strawberry.field(description="Records folded into it (then deleted).")
    choices: list[MergeChoiceInput] = strawberry.field(
        default_factory=list,
        description="Per field, whose value survives. Fields not named keep the target's value "
        "(blanks filled from the sources); tags, groups, e-mails and phones are always combined.",
    )


@strawberry.input
class CreateTagInput:
    name: str = strawberry.field(description="The tag's name (at most 50 characters), unique ignoring case.")
    color: str | None = strawberry.field(default=None, description="As #rrggbb; null: grey.")


@strawberry.input
class UpdateTagInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The new name, unique ignoring case.")
    color: str | None = strawberry.field(default=UNSET, description="The new colour, as #rrggbb.")


@strawberry.input
class CreateContactGroupInput:
    name: str = strawberry.field(description="The group's name, unique ignoring case.")
    description: str | None = strawberry.field(default=None, description="What the group is for.")


@strawberry.input
class UpdateContactGroupInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The new name, unique ignoring case.")
    description: str | None = strawberry.field(default=UNSET, description="What the group is for; null clears it.")


@strawberry.input
class LogInteractionInput:
    kind: InteractionKind = strawberry.field(description="What kind of touch it was.")
    direction: InteractionDirection | None = strawberry.field(default=None, description="Who started it.")
    occurred_at: datetime | None = strawberry.field(default=None, description="Default: now.")
    subject: str | None = strawberry.field(default=None, description="A one-line summary.")
    body: str | None = strawberry.field(default=None, description="The notes or the message's text.")
    outcome: str | None = strawberry.field(default=None, description="What came of it.")
    company_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The company whose timeline it goes on."
    )
    contact_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The contact's company gets it on its timeline too."
    )
    performed_by_id: relay.GlobalID | None = strawberry.field(default=None, description="Default: me.")


@strawberry.input
class UpdateInteractionInput(VersionedInput):
    id: relay.GlobalID
    kind: InteractionKind | None = strawberry.field(default=UNSET, description="What kind of touch it was.")
    direction: InteractionDirection | None = strawberry.field(default=UNSET, description="Who started it.")
    occurred_at: datetime | None = strawberry.field(default=UNSET, description="When it happened.")
    subject: str | None = strawberry.field(default=UNSET, description="A one-line summary.")
    body: str | None = strawberry.field(default=UNSET, description="The notes or the message's text.")
    outcome: str | None = strawberry.field(default=UNSET, description="What came of it.")
    performed_by_id: relay.GlobalID | None = UNSET


INTERACTION_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "performed_by_id": ("performed_by", "User"),
}


@strawberry.input
class CreateSavedViewInput:
    name: str = strawberry.field(description="The view's name, as the list's view picker shows it.")
    record_type: SavedViewRecordType = strawberry.field(description="Which list it is for.")
    filter: JSON | None = None
    ordering: JSON | None = None
    columns: list[str] | None = strawberry.field(
        default=None, description="The list's columns in order, by field name; null: the list's default."
    )
    shared: bool = False


@strawberry.input
class UpdateSavedViewInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The new name.")
    filter: JSON | None = UNSET
    ordering: JSON | None = UNSET
    columns: list[str] | None = strawberry.field(
        default=UNSET, description="The list's columns in order, by field name."
    )
    shared: bool | None = UNSET


@strawberry.input
class UpdatePoolRuleInput:
    return_after_days: int | None = strawberry.field(description="Null: customers never return to the pool.")


@strawberry.input(description="Up to 100 contacts to create; `mode` says whether one bad item stops the rest.")
class CreateContactsInput:
    items: list[CreateContactInput] = strawberry.field(description="The contacts, at most 100.")
    mode: BatchMode = strawberry.field(default=BatchMode.EACH, description="EACH (default) or ALL_OR_NOTHING.")


@strawberry.input(description="Up to 100 contact updates; `mode` says whether one bad item stops the rest.")
class UpdateContactsInput:
    items: list[UpdateContactInput] = strawberry.field(description="The updates, at most 100.")
    mode: BatchMode = strawberry.field(default=BatchMode.EACH, description="EACH (default) or ALL_OR_NOTHING.")


@strawberry.input(description="Up to 100 companies to create; `mode` says whether one bad item stops the rest.")
class CreateCompaniesInput:
    items: list[CreateCompanyInput] = strawberry.field(description="The companies, at most 100.")
    mode: BatchMode = strawberry.field(default=BatchMode.EACH, description="EACH (default) or ALL_OR_NOTHING.")


# --- payloads -------------------------------------------------------------------------------------


@strawberry.type(description="The contacts of a batch, in the order of its items (null where nothing was written).")
class ContactBatchPayload:
    contacts: list[ContactNode | None] = strawberry.field(
        default_factory=list, description="One per item, in order; null where that item was not written."
    )
    errors: list[BatchItemError] = strawberry.field(default_factory=list)


@strawberry.type(description="The companies of a batch, in the order of its items (null where nothing was written).")
class CompanyBatchPayload:
    companies: list[CompanyNode | None] = strawberry.field(
        default_factory=list, description="One per item, in order; null where that item was not written."
    )
    errors: list[BatchItemError] = strawberry.field(default_factory=list)


@strawberry.type
class CompanyPayload:
    company: CompanyNode | None = strawberry.field(default=None, description="The company as saved; null on errors.")
    duplicates: list[CompanyNode] = strawberry.field(
        default_factory=list, description="Similar companies found on create (with error `duplicate_suspected`)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactPayload:
    contact: ContactNode | None = strawberry.field(default=None, description="The contact as saved; null on errors.")
    duplicates: list[ContactNode] = strawberry.field(
        default_factory=list, description="Contacts sharing an e-mail or phone (with error `duplicate_suspected`)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TransferCustomersPayload:
    companies: list[CompanyNode] = strawberry.field(default_factory=list, description="The companies handed over.")
    contacts: list[ContactNode] = strawberry.field(default_factory=list, description="The contacts handed over.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactsPayload:
    contacts: list[ContactNode] = strawberry.field(default_factory=list, description="The contacts changed.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class CompaniesPayload:
    companies: list[CompanyNode] = strawberry.field(default_factory=list, description="The companies changed.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TagPayload:
    tag: TagNode | None = strawberry.field(default=None, description="The tag as saved; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ContactGroupPayload:
    contact_group: ContactGroupNode | None = strawberry.field(
        default=None, description="The group as saved; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class InteractionPayload:
    interaction: InteractionNode | None = strawberry.field(
        default=None, description="The interaction as saved; null on errors."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class SavedViewPayload:
    saved_view: SavedViewNode | None = strawberry.field(default=None, description="The view as saved; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class PoolRulePayload:
    pool_rule: PoolRule | None = strawberry.field(default=None, description="The rule now in force; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- mutations ------------------------------------------------------------------------------------

TRANSFER_IDS = {
    "owner_id": ("owner_id", "User"),
    "company_ids": ("company_ids", "Company"),
    "contact_ids": ("contact_ids", "Contact"),
}
TAG_CONTACTS_IDS = {
    "contact_ids": ("contact_ids", "Contact"),
    "add_tag_ids": ("add_tag_ids", "Tag"),
    "remove_tag_ids": ("remove_tag_ids", "Tag"),
}
TAG_COMPANIES_IDS = {**TAG_CONTACTS_IDS, "company_ids": ("company_ids", "Company")}
del TAG_COMPANIES_IDS["contact_ids"]


@dataclass(frozen=True)
class Merge(Call):
    """``mergeX``: the base's steps, with each choice's ``sourceId`` decoded as well."""

    node: str = ""

    def arguments(self, input: Any) -> dict[str, Any]:
        data = super().arguments(input)
        data["choices"] = [
            {"field": choice.field, "source_id": decode_id(choice.source_id, self.node, "choices")}
            for choice in input.choices
        ]
        return data


MERGE_COMPANIES_IDS = {"target_id": ("target_id", "Company"), "source_ids": ("source_ids", "Company")}
MERGE_CONTACTS_IDS = {"target_id": ("target_id", "Contact"), "source_ids": ("source_ids", "Contact")}
CREDIT_LIMIT = {"credit_limit": "credit_currency"}


CREATE_CONTACT = Create(
    CreateContactInput, ContactPayload, "contact", services.create_contact, ids=CONTACT_IDS, duplicates=True
)
UPDATE_CONTACT = Update(
    UpdateContactInput, ContactPayload, "contact", services.update_contact, CONTACT_IDS, node="Contact"
)
CREATE_COMPANY = Create(
    CreateCompanyInput,
    CompanyPayload,
    "company",
    services.create_company,
    ids=COMPANY_IDS,
    money=CREDIT_LIMIT,
    duplicates=True,
)


@strawberry.type
class CustomersMutation:
    create_companies = Batch(CreateCompaniesInput, CompanyBatchPayload, "companies", item=CREATE_COMPANY).field(
        "Create up to 100 companies at once, with per-item errors (integrations, imports)."
    )
    create_company = Create(
        CreateCompanyInput,
        CompanyPayload,
        "company",
        services.create_company,
        ids=COMPANY_IDS,
        money=CREDIT_LIMIT,
        duplicates=True,
    ).field("Create a company; similar ones come back as `duplicates` unless allowed.")
    update_company = Update(
        UpdateCompanyInput,
        CompanyPayload,
        "company",
        services.update_company,
        COMPANY_IDS,
        CREDIT_LIMIT,
        node="Company",
    ).field("Change a company's fields; only the fields given change.")
    delete_company, restore_company = recycle_bin_fields(
        models.Company,
        RecordIdInput,
        CompanyPayload,
        "company",
        delete="Move a company to the recycle bin (`restoreCompany` brings it back).",
        restore="Bring a company back from the recycle bin (the undo of `deleteCompany`).",
    )
    claim_company = Act(RecordIdInput, CompanyPayload, "company", services.claim_company, node="Company").field(
        "Take an unowned company from the public pool."
    )
    merge_companies = Merge(
        MergeInput, CompanyPayload, "company", services.merge_companies, MERGE_COMPANIES_IDS, node="Company"
    ).field("Fold companies into one: contacts, interactions and every linked record move.")
    create_contact = Create(
        CreateContactInput, ContactPayload, "contact", services.create_contact, ids=CONTACT_IDS, duplicates=True
    ).field("Create a contact; ones sharing an e-mail or phone come back unless allowed.")
    update_contact = Update(
        UpdateContactInput, ContactPayload, "contact", services.update_contact, CONTACT_IDS, node="Contact"
    ).field("Change a contact's fields; only the fields given change.")
    create_contacts = Batch(CreateContactsInput, ContactBatchPayload, "contacts", item=CREATE_CONTACT).field(
        "Create up to 100 contacts at once, with per-item errors (integrations, imports)."
    )
    update_contacts = Batch(UpdateContactsInput, ContactBatchPayload, "contacts", item=UPDATE_CONTACT).field(
        "Update up to 100 contacts at once, with per-item errors."
    )
    delete_contact, restore_contact = recycle_bin_fields(
        models.Contact,
        RecordIdInput,
        ContactPayload,
        "contact",
        delete="Move a contact to the recycle bin (`restoreContact` brings it back).",
        restore="Bring a contact back from the recycle bin (the undo of `deleteContact`).",
    )
    claim_contact = Act(RecordIdInput, ContactPayload, "contact", services.claim_contact, node="Contact").field(
        "Take an unowned contact from the public pool."
    )
    merge_contacts = Merge(
        MergeInput, ContactPayload, "contact", services.merge_contacts, MERGE_CONTACTS_IDS, node="Contact"
    ).field("Fold contacts into one: interactions, tags, groups, e-mails and phones move.")
    transfer_customers = Call(
        TransferCustomersInput,
        TransferCustomersPayload,
        ("companies", "contacts"),
        services.transfer_customers,
        TRANSFER_IDS,
    ).field("Give companies and contacts another owner (or the pool), all or nothing.")
    tag_contacts = Call(TagContactsInput, ContactsPayload, "contacts", services.tag_contacts, TAG_CONTACTS_IDS).field(
        "Add and remove tags on many contacts at once."
    )
    tag_companies = Call(
        TagCompaniesInput, CompaniesPayload, "companies", services.tag_companies, TAG_COMPANIES_IDS
    ).field("Add and remove tags on many companies at once.")
    delete_contacts, restore_contacts = bulk_recycle_fields(
        models.Contact,
        inputs=("DeleteContactsInput", "RestoreContactsInput"),
        delete="Move many contacts to the recycle bin at once.",
        restore="Bring many contacts back from the recycle bin at once (the undo of `deleteContacts`).",
    )
    delete_companies, restore_companies = bulk_recycle_fields(
        models.Company,
        plural="Companies",
        inputs=("DeleteCompaniesInput", "RestoreCompaniesInput"),
        delete="Move many companies to the recycle bin at once, all or nothing.",
        restore="Bring many companies back from the recycle bin at once (the undo of `deleteCompanies`).",
    )
    create_tag = Create(CreateTagInput, TagPayload, "tag", services.create_tag).field(
        "Create a tag members can put on companies and contacts."
    )
    update_tag = Update(UpdateTagInput, TagPayload, "tag", services.update_tag, node="Tag").field(
        "Rename or recolour a tag (every tagged record shows the change)."
    )
    delete_tag = Delete(RecordIdInput, service=services.delete_tag, node="Tag").field(
        "Delete a tag (it is removed from every record)."
    )
    create_contact_group = Create(
        CreateContactGroupInput, ContactGroupPayload, "contact_group", services.create_group
    ).field("Create a contact group.")
    update_contact_group = Update(
        UpdateContactGroupInput, ContactGroupPayload, "contact_group", services.update_group, node="ContactGroup"
    ).field("Rename a contact group or change what it is for.")
    delete_contact_group = Delete(RecordIdInput, service=services.delete_group, node="ContactGroup").field(
        "Delete a contact group (its contacts stay; they just leave the group)."
    )
    log_interaction = Create(
        LogInteractionInput, InteractionPayload, "interaction", services.log_interaction, ids=INTERACTION_IDS
    ).field("Put a touch on the timelines of a company and/or contact.")
    update_interaction = Update(
        UpdateInteractionInput,
        InteractionPayload,
        "interaction",
        services.update_interaction,
        INTERACTION_IDS,
        node="Interaction",
    ).field("Correct a logged interaction; only the fields given change.")
    delete_interaction = Delete(RecordIdInput, service=services.delete_interaction, node="Interaction").field(
        "Delete an interaction from the timelines."
    )
    create_saved_view = CreateSavedView(
        CreateSavedViewInput, SavedViewPayload, "saved_view", saved_views.create_saved_view
    ).field("Save a list's filter, ordering and columns under a name.")
    update_saved_view = UpdateSavedView(
        UpdateSavedViewInput, SavedViewPayload, "saved_view", saved_views.update_saved_view, node="SavedView"
    ).field("Change a saved view; only the fields given change.")
    delete_saved_view = Delete(RecordIdInput, service=saved_views.delete_saved_view, node="SavedView").field(
        "Delete a saved view."
    )
    update_pool_rule = Call(UpdatePoolRuleInput, PoolRulePayload, "pool_rule", services.update_pool_rule).field(
        "Set after how many idle days owned customers return to the pool."
    )
