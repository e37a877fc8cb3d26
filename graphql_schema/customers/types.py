"""Record types of the customers module. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.scalars import JSON

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import nested_list
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, column, record_type
from graphql_schema.core.sqlpages import ChoiceName, JoinedText, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.permissions import protect_fields
from saas.customers import models

from .enums import (
    BuyingRole,
    CompanySize,
    CreditRating,
    CustomerLevel,
    CustomerSource,
    InteractionChannel,
    InteractionDirection,
    InteractionKind,
    LifecycleStage,
    SavedViewRecordType,
)
from .filters import (
    CompanyFilter,
    CompanyOrder,
    ContactFilter,
    ContactOrder,
    InteractionFilter,
    InteractionOrder,
)


def choice(value: str, enum: Any) -> Any:
    """A stored choice as its enum member; a blank choice is null in the API."""
    return enum(value) if value else None


@strawberry.type(description="A postal address of a company.")
class Address:
    kind: str | None = strawberry.field(default=None, description="What it is for: billing, shipping, office, ...")
    street: str | None = strawberry.field(default=None, description="Street and number; null when not given.")
    city: str | None = strawberry.field(default=None, description="City; null when not given.")
    region: str | None = strawberry.field(default=None, description="State, province or region; null when not given.")
    postal_code: str | None = strawberry.field(default=None, description="Postal or ZIP code; null when not given.")
    country: str | None = strawberry.field(default=None, description="ISO 3166-1 alpha-2 code.")

    @classmethod
    def of(cls, data: dict[str, Any]) -> Address:
        return cls(**{k: data.get(k) for k in ("kind", "street", "city", "region", "postal_code", "country")})


@strawberry.type(description="A contact's account on a social network.")
class SocialHandle:
    network: str = strawberry.field(description="The network, as the workspace writes it: LinkedIn, X, WeChat, ...")
    handle: str = strawberry.field(description="The account's name or address on that network.")


@record_type(models.Tag, name="Tag", description="A label members put on companies and contacts to sort them.")
class TagNode(Scoped, relay.Node):
    name: str = column("The tag's name (at most 50 characters), unique in the workspace ignoring case.")
    color: str = column("The colour it is shown in, as #rrggbb (grey by default).")
    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(
    models.ContactGroup, name="ContactGroup", description="A named list of contacts (a mailing or campaign list)."
)
class ContactGroupNode(Scoped, relay.Node):
    name: str = column("The group's name, unique in the workspace ignoring case.")
    description: str = column("What the group is for ('' when not said).")
    contacts: KeysetConnection[Annotated[ContactNode, strawberry.lazy("graphql_schema.customers.types")]] = nested_list(
        ContactFilter, ContactOrder, "The contacts in the group."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()


@protect_fields  # credit limit and rating: hidden or read-only by the member's role
@record_type(models.Company, name="Company", description="A customer organisation (account).")
class CompanyNode(Scoped, relay.Node):
    name: str = column("The company's name.")
    industry: str = strawberry_django.field(description="Its industry, as the workspace words it ('' when unknown).")
    website: str = strawberry_django.field(description="Its website address ('' when unknown).")
    phone: str = strawberry_django.field(description="Its main phone number ('' when unknown).")
    category: str = strawberry_django.field(
        description="A free-form category the workspace sorts customers by ('' when none)."
    )
    region: str = strawberry_django.field(description="The sales region it belongs to ('' when none).")
    country: str = strawberry_django.field(description="Its country ('' when unknown).")
    owner: UserNode | None = strawberry_django.field(description="Null: in the public pool.")
    owner_assigned_at: datetime | None = strawberry_django.field(
        description="When its current owner got it; null in the public pool."
    )
    last_interaction_at: datetime | None = strawberry_django.field(
        description="When its timeline last had an interaction (what the public pool's return rule counts from)."
    )
    lifecycle_stage_changed_at: datetime | None = strawberry_django.field(
        description="When its lifecycle stage last changed."
    )
    created_at: datetime = strawberry_django.field(description="When it was created.")
    updated_at: datetime = strawberry_django.field(description="When it was last changed.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null while it is live."
    )
    parent: CompanyNode | None = column("The parent company (head office or group); null: none.")
    tags: list[TagNode] = column("The tags members put on it.")
    contacts: KeysetConnection[Annotated[ContactNode, strawberry.lazy("graphql_schema.customers.types")]] = nested_list(
        ContactFilter, ContactOrder, "The people who work there."
    )
    subsidiaries: KeysetConnection[CompanyNode] = nested_list(
        CompanyFilter, CompanyOrder, "The companies whose `parent` it is."
    )
    interactions: KeysetConnection[Annotated[InteractionNode, strawberry.lazy("graphql_schema.customers.types")]] = (
        nested_list(InteractionFilter, InteractionOrder, "The timeline: every touch, newest first.")
    )

    @strawberry_django.field(
        only=["lifecycle_stage"],
        description="Where it stands with you: prospect, active, dormant or lost.",
        metadata=in_sql(ChoiceName("lifecycle_stage", blank_is_null=False)),
    )
    def lifecycle_stage(self, root: models.Company) -> LifecycleStage:
        return LifecycleStage(root.lifecycle_stage)

    @strawberry_django.field(only=["size"], description="Its size by headcount band; null when unknown.")
    def size(self, root: models.Company) -> CompanySize | None:
        return choice(root.size, CompanySize)

    @strawberry_django.field(
        only=["level"],
        description="Its customer level (value tier); null when unset.",
        metadata=in_sql(ChoiceName("level")),
    )
    def level(self, root: models.Company) -> CustomerLevel | None:
        return choice(root.level, CustomerLevel)

    @strawberry_django.field(
        only=["source"],
        description="Where the customer came from; null when unknown.",
        metadata=in_sql(ChoiceName("source")),
    )
    def source(self, root: models.Company) -> CustomerSource | None:
        return choice(root.source, CustomerSource)

    @strawberry_django.field(only=["credit_rating"], description="Its credit rating; null when unrated.")
    def credit_rating(self, root: models.Company) -> CreditRating | None:
        return choice(root.credit_rating, CreditRating)

    @strawberry_django.field(
        only=["credit_limit", "credit_currency"],
        description="How much credit it is given; null when none is set or your role may not see it.",
    )
    def credit_limit(self, root: models.Company) -> Money | None:
        if root.credit_limit is None:
            return None
        return Money(amount=root.credit_limit, currency=root.credit_currency)

    @strawberry_django.field(only=["addresses"], description="Its addresses (billing, shipping, office).")
    def addresses(self, root: models.Company) -> list[Address]:
        return [Address.of(a) for a in root.addresses or []]

    history: KeysetConnection[AuditEntryNode] = history_field()


@protect_fields  # e-mails, phones, birthday: personal data, hidden or read-only by the member's role
@record_type(models.Contact, name="Contact", description="A person at a customer.")
class ContactNode(Scoped, relay.Node):
    first_name: str = strawberry_django.field(description="Given name.")
    last_name: str = strawberry_django.field(description="Family name.")
    full_name: str = strawberry_django.field(
        only=["first_name", "last_name"],
        description="Given and family name together.",
        metadata=in_sql(JoinedText(("first_name", "last_name"))),
    )
    title: str = strawberry_django.field(description="Job title ('' when unknown).")
    emails: list[str] | None = strawberry_django.field(description="Null when your role may not see it.")
    phones: list[str] | None = strawberry_django.field(
        description="Normalised: digits with a leading + when given. Null when your role may not see it."
    )
    wechat_id: str = strawberry_django.field(description="WeChat id.")
    birthday: date | None = strawberry_django.field(
        description="Birthday (reminders go to the owner); null when unknown or your role may not see it."
    )
    email_consent: bool = strawberry_django.field(description="May receive marketing e-mail.")
    sms_consent: bool = strawberry_django.field(description="May receive marketing SMS.")
    company: CompanyNode | None = column("The company the contact works at; null: none or out of your sight.")
    owner: UserNode | None = strawberry_django.field(description="Null: in the public pool.")
    owner_assigned_at: datetime | None = strawberry_django.field(
        description="When the current owner got this contact; null in the public pool."
    )
    last_interaction_at: datetime | None = strawberry_django.field(
        description="When the contact's timeline last had an interaction."
    )
    created_at: datetime = strawberry_django.field(description="When it was created.")
    updated_at: datetime = strawberry_django.field(description="When it was last changed.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null while it is live."
    )
    tags: list[TagNode] = column("The tags members put on the contact.")
    groups: list[ContactGroupNode] = column("The contact groups the contact is in.")
    interactions: KeysetConnection[Annotated[InteractionNode, strawberry.lazy("graphql_schema.customers.types")]] = (
        nested_list(InteractionFilter, InteractionOrder, "The timeline: every touch, newest first.")
    )

    @strawberry_django.field(only=["company_id"], description="Global id of the company, without fetching it.")
    def company_id(self, root: models.Contact) -> relay.GlobalID | None:
        return relay.GlobalID("Company", str(root.company_id)) if root.company_id else None

    @strawberry_django.field(
        only=["buying_role"], description="Role in the buying decision.", metadata=in_sql(ChoiceName("buying_role"))
    )
    def buying_role(self, root: models.Contact) -> BuyingRole | None:
        return choice(root.buying_role, BuyingRole)

    @strawberry_django.field(only=["social_handles"], description="Accounts on social networks.")
    def social_handles(self, root: models.Contact) -> list[SocialHandle]:
        return [
            SocialHandle(network=h.get("network", ""), handle=h.get("handle", "")) for h in root.social_handles or []
        ]

    @strawberry_django.field(only=["preferences"], description="Free-form preferences (language, channel, ...).")
    def preferences(self, root: models.Contact) -> JSON:
        return root.preferences

    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.Interaction, name="Interaction", description="One touch with a customer.")
class InteractionNode(Scoped, relay.Node):
    occurred_at: datetime = column("When it happened (the timeline's order).")
    subject: str = column("A one-line summary ('' when none).")
    body: str = column("The notes or the message's text ('' when none).")
    outcome: str = column("What came of it, in the member's words ('' when not said).")
    performed_by: UserNode | None = strawberry_django.field(description="Who did it.")
    company: CompanyNode | None = column("The company whose timeline it is on; null: none or out of your sight.")
    contact: ContactNode | None = column("The contact it was with; null: none or out of your sight.")
    created_at: datetime = column("When it was logged.")

    @strawberry_django.field(
        only=["kind"],
        description="What kind of touch: call, e-mail, meeting, visit, chat, note, ...",
        metadata=in_sql(ChoiceName("kind", blank_is_null=False)),
    )
    def kind(self, root: models.Interaction) -> InteractionKind:
        return InteractionKind(root.kind)

    @strawberry_django.field(
        only=["direction"],
        description="Who started it: the customer (inbound), we (outbound), or a note among colleagues (internal).",
        metadata=in_sql(ChoiceName("direction", blank_is_null=False)),
    )
    def direction(self, root: models.Interaction) -> InteractionDirection:
        return InteractionDirection(root.direction)

    @strawberry_django.field(
        only=["channel"],
        description="The connector it came in or went out through (only an e-mail that came through the inbox "
        "can be answered with `replyByEmail`); null when a member logged it.",
        metadata=in_sql(ChoiceName("channel")),
    )
    def channel(self, root: models.Interaction) -> InteractionChannel | None:
        return InteractionChannel(root.channel) if root.channel else None

    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.SavedView, name="SavedView", description="A named filter, ordering and columns.")
class SavedViewNode(Scoped, relay.Node):
    name: str = column("The view's name, as the list's view picker shows it.")
    shared: bool = strawberry_django.field(description="Visible to the whole team (else only to its author).")
    columns: list[str] = column("The list's columns in order, by field name.")
    owner: UserNode | None = column("Who saved it.")
    created_at: datetime = column("When it was saved.")
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(only=["record_type"], description="Which list it applies to.")
    def record_type(self, root: models.SavedView) -> SavedViewRecordType:
        return SavedViewRecordType(root.record_type)

    @strawberry_django.field(only=["filter"], description="As given to `filter:` of the list.")
    def filter(self, root: models.SavedView) -> JSON:
        return root.filter

    @strawberry_django.field(only=["ordering"], description="As given to `orderBy:` of the list.")
    def ordering(self, root: models.SavedView) -> JSON:
        return root.ordering
