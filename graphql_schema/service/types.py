"""Record types of the service module. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.access.types import TeamNode
from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import ProductNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from saas.service import models, services

from .enums import ArticleStatus, MessageVisibility, TicketChannel, TicketKind, TicketPriority, TicketStatus


@strawberry_django.type(models.TicketTransition, name="TicketTransition", description="One status change.")
class TicketTransitionType:
    actor: UserNode | None = strawberry_django.field(description="Who moved it; null: the system.")
    note: str = strawberry_django.field(description="Why, for the history (at most 500 characters).")
    created_at: datetime = strawberry_django.field(description="When it was created.")

    @strawberry_django.field(only=["from_status"], description="Null for the ticket's arrival.")
    def from_status(self, root: models.TicketTransition) -> TicketStatus | None:
        return TicketStatus(root.from_status) if root.from_status else None

    @strawberry_django.field(only=["to_status"], description="The status it moved to.")
    def to_status(self, root: models.TicketTransition) -> TicketStatus:
        return TicketStatus(root.to_status)


@strawberry_django.type(models.TicketMessage, name="TicketMessage", description="A reply or an internal note.")
class TicketMessageType:
    id: strawberry.ID = strawberry_django.field(field_name="id")
    author: UserNode | None = strawberry_django.field(description="Who wrote it.")
    body: str = strawberry_django.field(description="The text.")
    created_at: datetime = strawberry_django.field(description="When it was created.")

    @strawberry_django.field(only=["visibility"], description="A reply the customer sees, or an internal note.")
    def visibility(self, root: models.TicketMessage) -> MessageVisibility:
        return MessageVisibility(root.visibility)


@strawberry_django.type(models.ArticleVersion, name="ArticleVersion", description="An article as saved at one version.")
class ArticleVersionType:
    version: int = strawberry_django.field(
        description="The version number, from 1; each change of title or text adds one."
    )
    title: str = strawberry_django.field(description="The headline.")
    body: str = strawberry_django.field(description="The text.")
    editor: UserNode | None = strawberry_django.field(description="Who saved this version.")
    created_at: datetime = strawberry_django.field(description="When it was created.")


@record_type(models.Ticket, name="Ticket", description="A case, service request or complaint.")
class TicketNode(Scoped, relay.Node):
    subject: str = strawberry_django.field(description="What the customer needs, in one line.")
    description: str = strawberry_django.field(description="The customer's request in full.")
    category: str = strawberry_django.field(
        description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    company: CompanyNode | None = strawberry_django.field(description="The customer organisation.")
    contact: ContactNode | None = strawberry_django.field(description="The customer person.")
    product: ProductNode | None = strawberry_django.field(description="The product the request is about.")
    assignee: UserNode | None = strawberry_django.field(description="Null: in the queue.")
    team: TeamNode | None = strawberry_django.field(description="The team handling it.")
    created_at: datetime = strawberry_django.field(description="When it was created.")
    updated_at: datetime = strawberry_django.field(description="When it last changed.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null: it is not there."
    )
    first_response_due_at: datetime | None = strawberry_django.field(description="Null: no SLA policy applies.")
    resolution_due_at: datetime | None = strawberry_django.field(
        description="When it must be resolved by, in business time; null: no SLA policy applies."
    )
    first_responded_at: datetime | None = strawberry_django.field(description="When the first public reply went out.")
    resolved_at: datetime | None = strawberry_django.field(
        description="When it was last resolved; null while open or after reopening."
    )
    closed_at: datetime | None = strawberry_django.field(description="When it was closed.")
    last_message_at: datetime | None = strawberry_django.field(description="When the last reply or note was added.")
    first_response_breached_at: datetime | None = strawberry_django.field(
        description="When breach detection marked the first response late (and notified)."
    )
    resolution_breached_at: datetime | None = strawberry_django.field(
        description="When breach detection marked the resolution late (and notified)."
    )
    transitions: list[TicketTransitionType] = strawberry_django.field(description="Every status change, oldest first.")
    messages: list[TicketMessageType] = strawberry_django.field(description="The conversation, oldest first.")
    articles: list[ArticleNode] = strawberry_django.field(description="Knowledge-base articles linked to it.")
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(
        only=["status"],
        metadata=in_sql(ChoiceName("status", blank_is_null=False)),
        description="Where it is in its lifecycle.",
    )
    def status(self, root: models.Ticket) -> TicketStatus:
        return TicketStatus(root.status)

    @strawberry_django.field(
        only=["priority"],
        metadata=in_sql(ChoiceName("priority", blank_is_null=False)),
        description="Decides the SLA policy whose targets apply.",
    )
    def priority(self, root: models.Ticket) -> TicketPriority:
        return TicketPriority(root.priority)

    @strawberry_django.field(
        only=["channel"],
        metadata=in_sql(ChoiceName("channel", blank_is_null=False)),
        description="Where the ticket came in.",
    )
    def channel(self, root: models.Ticket) -> TicketChannel:
        return TicketChannel(root.channel)

    @strawberry_django.field(
        only=["kind"],
        metadata=in_sql(ChoiceName("kind", blank_is_null=False)),
        description="Case, service request or complaint.",
    )
    def kind(self, root: models.Ticket) -> TicketKind:
        return TicketKind(root.kind)

    @strawberry_django.field(
        only=["status"],
        description="The statuses its lifecycle lets it move to now (`changeTicketStatus` refuses the others).",
    )
    def allowed_statuses(self, root: models.Ticket) -> list[TicketStatus]:
        return [TicketStatus(s) for s in TicketStatus.values if s in services.TRANSITIONS[root.status]]

    @strawberry_django.field(
        only=["status", "first_response_due_at", "first_responded_at", "first_response_breached_at"],
        description="The first response is late: marked, answered late, or overdue now.",
    )
    def first_response_breached(self, root: models.Ticket) -> bool:
        return services.first_response_breached(root)

    @strawberry_django.field(
        only=["status", "resolution_due_at", "resolved_at", "resolution_breached_at"],
        description="The resolution is late: marked, resolved late, or overdue now.",
    )
    def resolution_breached(self, root: models.Ticket) -> bool:
        return services.resolution_breached(root)


@record_type(models.Article, name="Article", description="A knowledge-base article.")
class ArticleNode(Scoped, relay.Node):
    title: str = strawberry_django.field(description="The headline.")
    slug: str = strawberry_django.field(description="Its address on the public help page: /help/<slug>.")
    body: str = strawberry_django.field(description="The text.")
    category: str = strawberry_django.field(description="Groups articles on the help page.")
    version: int = strawberry_django.field(
        description="The version number, from 1; each change of title or text adds one."
    )
    published_at: datetime | None = strawberry_django.field(description="When it was published; null: not published.")
    author: UserNode | None = strawberry_django.field(description="Who wrote it.")
    created_at: datetime = strawberry_django.field(description="When it was created.")
    updated_at: datetime = strawberry_django.field(description="When it last changed.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null: it is not there."
    )
    versions: list[ArticleVersionType] = strawberry_django.field(description="Every saved version, newest first.")
    tickets: list[TicketNode] = strawberry_django.field(description="Tickets it is linked to (those you may read).")
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(
        only=["status"],
        metadata=in_sql(ChoiceName("status", blank_is_null=False)),
        description="Where it is in its lifecycle.",
    )
    def status(self, root: models.Article) -> ArticleStatus:
        return ArticleStatus(root.status)


@record_type(models.SlaPolicy, name="SlaPolicy", description="Targets of one priority, in business minutes.")
class SlaPolicyNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="Its name.")
    first_response_minutes: int = strawberry_django.field(
        description="Business minutes until the first public reply is due."
    )
    resolution_minutes: int = strawberry_django.field(description="Business minutes until resolution is due.")
    history: KeysetConnection[AuditEntryNode] = history_field()

    @strawberry_django.field(
        only=["priority"],
        metadata=in_sql(ChoiceName("priority", blank_is_null=False)),
        description="Decides the SLA policy whose targets apply.",
    )
    def priority(self, root: models.SlaPolicy) -> TicketPriority:
        return TicketPriority(root.priority)


@record_type(models.Holiday, name="Holiday", description="A day the desk is closed; SLA clocks stop.")
class HolidayNode(Scoped, relay.Node):
    date: date = strawberry_django.field(description="The day, in the workspace's time zone.")
    name: str = strawberry_django.field(description="Its name.")
    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(
    models.AssignmentRule, name="TicketAssignmentRule", description="Round-robin of new tickets within a team."
)
class TicketAssignmentRuleNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="Its name.")
    category: str = strawberry_django.field(description="Blank: tickets of any category no other rule takes.")
    team: TeamNode = strawberry_django.field(description="The team handling it.")
    position: int = strawberry_django.field(
        description="Rules are tried lowest first; a rule naming the ticket's category wins over a catch-all."
    )
    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="The workspace's business hours on one weekday, in its time zone.")
class BusinessDay:
    weekday: int = strawberry.field(description="0 = Monday … 6 = Sunday.")
    opens_at: str = strawberry.field(description="HH:MM")
    closes_at: str = strawberry.field(description="HH:MM")


@strawberry.type(description="A published article, as the public help page shows it (no author, no drafts).")
class PublicArticle:
    slug: str = strawberry.field(description="Its address on the public help page.")
    title: str = strawberry.field(description="The headline.")
    body: str = strawberry.field(description="The text.")
    category: str = strawberry.field(description="The article's category.")
    published_at: datetime | None = strawberry.field(description="When it was published; null: not published.")
