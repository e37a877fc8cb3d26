"""Mutations of the service module: declarations on the mutation base; the rules live in saas.service.services."""

from __future__ import annotations

from datetime import date, time

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.mutations import Call, Create, Delete, Update, VersionedInput, recycle_bin_fields
from graphql_schema.errors import UserError
from saas.access.services import require_admin
from saas.service import models, services

from .enums import ArticleStatus, MessageVisibility, TicketChannel, TicketKind, TicketPriority, TicketStatus
from .queries import business_days
from .types import (
    ArticleNode,
    BusinessDay,
    HolidayNode,
    SlaPolicyNode,
    TicketAssignmentRuleNode,
    TicketMessageType,
    TicketNode,
)

# --- tickets ---------------------------------------------------------------------------------------

TICKET_IDS = {
    "company_id": ("company", "Company"),
    "contact_id": ("contact", "Contact"),
    "product_id": ("product", "Product"),
    "assignee_id": ("assignee", "User"),
    "team_id": ("team", "Team"),
}


@strawberry.input
class CreateTicketInput:
    subject: str = strawberry.field(description="What the customer needs, in one line.")
    description: str | None = strawberry.field(default=None, description="The customer's request in full.")
    kind: TicketKind | None = strawberry.field(default=None, description="Case, service request or complaint.")
    channel: TicketChannel | None = strawberry.field(default=None, description="Where the ticket came in.")
    category: str | None = strawberry.field(
        default=None, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    priority: TicketPriority | None = strawberry.field(
        default=None, description="Decides the SLA policy whose targets apply."
    )
    company_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The customer organisation (a Company id)."
    )
    contact_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The customer person (a Contact id)."
    )
    product_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The product the request is about (a Product id)."
    )
    assignee_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Left out: an assignment rule (or, for own-scope roles, you) takes it."
    )
    team_id: relay.GlobalID | None = strawberry.field(default=None, description="A Team id.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input
class UpdateTicketInput(VersionedInput):
    id: relay.GlobalID
    subject: str | None = strawberry.field(default=UNSET, description="What the customer needs, in one line.")
    description: str | None = strawberry.field(default=UNSET, description="The customer's request in full.")
    kind: TicketKind | None = strawberry.field(default=UNSET, description="Case, service request or complaint.")
    channel: TicketChannel | None = strawberry.field(default=UNSET, description="Where the ticket came in.")
    category: str | None = strawberry.field(
        default=UNSET, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    priority: TicketPriority | None = strawberry.field(
        default=UNSET, description="Decides the SLA policy whose targets apply."
    )
    company_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The customer organisation (a Company id)."
    )
    contact_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The customer person (a Contact id)."
    )
    product_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The product the request is about (a Product id); null: none."
    )
    team_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="A Team id.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class AssignTicketInput:
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket (a Ticket id).")
    assignee_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The member who takes it (a User id); left out: you take it."
    )


@strawberry.input
class ChangeTicketStatusInput:
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket (a Ticket id).")
    status: TicketStatus = strawberry.field(description="Where it is in its lifecycle.")
    note: str | None = strawberry.field(default=None, description="Why, for the history (at most 500 characters).")


@strawberry.input
class AddTicketMessageInput:
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket (a Ticket id).")
    body: str = strawberry.field(description="The text.")
    visibility: MessageVisibility | None = strawberry.field(default=None, description="Default: a public reply.")


@strawberry.input
class DeleteTicketInput:
    id: relay.GlobalID


@strawberry.input
class RestoreTicketInput:
    id: relay.GlobalID


@strawberry.input
class DeleteArticleInput:
    id: relay.GlobalID


@strawberry.input
class RestoreArticleInput:
    id: relay.GlobalID


@strawberry.input
class DeleteSlaPolicyInput:
    id: relay.GlobalID


@strawberry.input
class DeleteHolidayInput:
    id: relay.GlobalID


@strawberry.input
class DeleteTicketAssignmentRuleInput:
    id: relay.GlobalID


@strawberry.type
class TicketPayload:
    ticket: TicketNode | None = strawberry.field(default=None, description="The ticket, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class TicketMessagePayload:
    ticket_message: TicketMessageType | None = strawberry.field(default=None, description="The message added.")
    ticket: TicketNode | None = strawberry.field(default=None, description="The ticket, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- knowledge base --------------------------------------------------------------------------------


@strawberry.input
class CreateArticleInput:
    title: str = strawberry.field(description="The headline.")
    body: str | None = strawberry.field(default=None, description="The text.")
    category: str | None = strawberry.field(
        default=None, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    status: ArticleStatus | None = strawberry.field(default=None, description="Where it is in its lifecycle.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input
class UpdateArticleInput(VersionedInput):
    id: relay.GlobalID
    title: str | None = strawberry.field(default=UNSET, description="The headline.")
    body: str | None = strawberry.field(default=UNSET, description="The text.")
    category: str | None = strawberry.field(
        default=UNSET, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    status: ArticleStatus | None = strawberry.field(default=UNSET, description="Where it is in its lifecycle.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class LinkArticleInput:
    article_id: relay.GlobalID = strawberry.field(description="The article (an Article id).")
    ticket_id: relay.GlobalID = strawberry.field(description="The ticket (a Ticket id).")
    linked: bool = strawberry.field(default=True, description="false: remove the link.")


@strawberry.input
class RestoreArticleVersionInput:
    article_id: relay.GlobalID = strawberry.field(description="The article (an Article id).")
    version: int = strawberry.field(description="The version whose title and text come back.")


@strawberry.type
class ArticlePayload:
    article: ArticleNode | None = strawberry.field(default=None, description="The article, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


# --- settings: SLA policies, holidays, business hours, assignment rules ----------------------------


@strawberry.input
class CreateSlaPolicyInput:
    name: str = strawberry.field(description="Its name.")
    priority: TicketPriority = strawberry.field(description="Decides the SLA policy whose targets apply.")
    first_response_minutes: int = strawberry.field(description="Business minutes until the first public reply is due.")
    resolution_minutes: int = strawberry.field(description="Business minutes until resolution is due.")


@strawberry.input
class UpdateSlaPolicyInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="Its name.")
    first_response_minutes: int | None = strawberry.field(
        default=UNSET, description="Business minutes until the first public reply is due."
    )
    resolution_minutes: int | None = strawberry.field(
        default=UNSET, description="Business minutes until resolution is due."
    )


@strawberry.type
class SlaPolicyPayload:
    sla_policy: SlaPolicyNode | None = strawberry.field(default=None, description="The SLA policy, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateHolidayInput:
    date: date = strawberry.field(description="The day, in the workspace's time zone.")
    name: str = strawberry.field(description="Its name.")


@strawberry.input
class UpdateHolidayInput(VersionedInput):
    id: relay.GlobalID
    date: date | None = strawberry.field(default=UNSET, description="The day, in the workspace's time zone.")
    name: str | None = strawberry.field(default=UNSET, description="Its name.")


@strawberry.type
class HolidayPayload:
    holiday: HolidayNode | None = strawberry.field(default=None, description="The holiday, as it is now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateTicketAssignmentRuleInput:
    name: str = strawberry.field(description="Its name.")
    team_id: relay.GlobalID = strawberry.field(description="A Team id.")
    category: str | None = strawberry.field(
        default=None, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    position: int | None = strawberry.field(
        default=None,
        description="Rules are tried lowest first; a rule naming the ticket's category wins over a catch-all.",
    )


@strawberry.input
class UpdateTicketAssignmentRuleInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="Its name.")
    team_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="A Team id.")
    category: str | None = strawberry.field(
        default=UNSET, description="Free-form category; assignment rules match on it (case-insensitively)."
    )
    position: int | None = strawberry.field(
        default=UNSET,
        description="Rules are tried lowest first; a rule naming the ticket's category wins over a catch-all.",
    )


@strawberry.type
class TicketAssignmentRulePayload:
    ticket_assignment_rule: TicketAssignmentRuleNode | None = strawberry.field(
        default=None, description="The rule, as it is now."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input(description="The workspace's business hours on one weekday.")
class BusinessDayInput:
    weekday: int = strawberry.field(description="0 = Monday … 6 = Sunday.")
    opens_at: time = strawberry.field(description="Opening time, in the workspace's time zone.")
    closes_at: time = strawberry.field(description="Closing time (after opening).")


@strawberry.input
class SetBusinessHoursInput:
    days: list[BusinessDayInput] = strawberry.field(description="Every open weekday; those left out are closed.")


@strawberry.type
class BusinessHoursPayload:
    business_hours: list[BusinessDay] | None = strawberry.field(
        default=None, description="The workspace's business hours now in force."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


class SetBusinessHours(Call):
    """The service returns rows; the payload shows them as the ``businessHours`` query does."""

    def answer(self, result: object) -> BusinessHoursPayload:
        return BusinessHoursPayload(business_hours=business_days())


@strawberry.type
class ServiceMutation:
    create_ticket = Create(CreateTicketInput, TicketPayload, "ticket", services.create_ticket, ids=TICKET_IDS).field(
        "Open a ticket: its SLA due times are set from its priority's policy; without an assignee a rule may give it."
    )
    update_ticket = Update(
        UpdateTicketInput, TicketPayload, "ticket", services.update_ticket, ids=TICKET_IDS, node="Ticket"
    ).field("Change what a ticket is about; status and assignee have their own mutations.")
    assign_ticket = Call(
        AssignTicketInput,
        TicketPayload,
        "ticket",
        services.assign_ticket,
        ids={"ticket_id": ("ticket_id", "Ticket"), "assignee_id": ("assignee", "User")},
    ).field("Give a ticket to a member (a new ticket becomes assigned); they are notified.")
    change_ticket_status = Call(
        ChangeTicketStatusInput,
        TicketPayload,
        "ticket",
        services.change_ticket_status,
        ids={"ticket_id": ("ticket_id", "Ticket")},
    ).field("Move a ticket along its lifecycle; a move it does not allow answers `invalid_transition`.")
    add_ticket_message = Call(
        AddTicketMessageInput,
        TicketMessagePayload,
        ("ticket_message", "ticket"),
        services.add_ticket_message,
        ids={"ticket_id": ("ticket_id", "Ticket")},
    ).field("Reply to the customer (the first reply stops the first-response clock) or add an internal note.")
    delete_ticket, restore_ticket = recycle_bin_fields(
        models.Ticket,
        DeleteTicketInput,
        TicketPayload,
        "ticket",
        delete="Move a ticket to the recycle bin.",
        restore_input=RestoreTicketInput,
    )

    create_article = Create(CreateArticleInput, ArticlePayload, "article", services.create_article).field(
        "Write a knowledge-base article (version 1); published, it shows on the public help page."
    )
    update_article = Update(
        UpdateArticleInput, ArticlePayload, "article", services.update_article, node="Article"
    ).field("Edit an article; a change of its title or text saves a new version.")
    delete_article, restore_article = recycle_bin_fields(
        models.Article,
        DeleteArticleInput,
        ArticlePayload,
        "article",
        delete="Move an article to the recycle bin.",
        restore_input=RestoreArticleInput,
    )
    restore_article_version = Call(
        RestoreArticleVersionInput,
        ArticlePayload,
        "article",
        services.restore_article_version,
        ids={"article_id": ("article_id", "Article")},
    ).field("Bring back an earlier version's title and text, saved as a new version (every version stays).")
    link_article = Call(
        LinkArticleInput,
        ArticlePayload,
        "article",
        services.link_article,
        ids={"article_id": ("article_id", "Article"), "ticket_id": ("ticket_id", "Ticket")},
    ).field("Link a knowledge-base article to a ticket (or unlink it).")

    create_sla_policy = Create(
        CreateSlaPolicyInput, SlaPolicyPayload, "sla_policy", services.create_sla_policy, permission=require_admin
    ).field("Owners and admins: the targets of a priority; its open tickets are due by them from now on.")
    update_sla_policy = Update(
        UpdateSlaPolicyInput,
        SlaPolicyPayload,
        "sla_policy",
        services.update_sla_policy,
        node="SlaPolicy",
        permission=require_admin,
    ).field(
        "Owners and admins: change a priority's targets; its open tickets' due times move with them "
        "(a first response already given keeps its due time)."
    )
    delete_sla_policy = Delete(
        DeleteSlaPolicyInput, service=services.delete_sla_policy, node="SlaPolicy", permission=require_admin
    ).field("Owners and admins: remove a policy (its priority, open tickets included, has no SLA from now on).")
    create_holiday = Create(
        CreateHolidayInput, HolidayPayload, "holiday", services.create_holiday, permission=require_admin
    ).field("Owners and admins: a day the desk is closed; SLA clocks stop on it (open tickets' due times move).")
    update_holiday = Update(
        UpdateHolidayInput,
        HolidayPayload,
        "holiday",
        services.update_holiday,
        node="Holiday",
        permission=require_admin,
    ).field("Owners and admins: change a holiday.")
    delete_holiday = Delete(
        DeleteHolidayInput, service=services.delete_holiday, node="Holiday", permission=require_admin
    ).field("Owners and admins: remove a holiday.")
    create_ticket_assignment_rule = Create(
        CreateTicketAssignmentRuleInput,
        TicketAssignmentRulePayload,
        "ticket_assignment_rule",
        services.ASSIGNMENT_RULES.create,
        ids={"team_id": ("team", "Team")},
        permission=require_admin,
    ).field("Owners and admins: new tickets of a category go round-robin to a team's members.")
    update_ticket_assignment_rule = Update(
        UpdateTicketAssignmentRuleInput,
        TicketAssignmentRulePayload,
        "ticket_assignment_rule",
        services.ASSIGNMENT_RULES.update,
        ids={"team_id": ("team", "Team")},
        node="TicketAssignmentRule",
        permission=require_admin,
    ).field("Owners and admins: change an assignment rule.")
    delete_ticket_assignment_rule = Delete(
        DeleteTicketAssignmentRuleInput,
        service=services.ASSIGNMENT_RULES.delete,
        node="TicketAssignmentRule",
        permission=require_admin,
    ).field("Owners and admins: remove an assignment rule.")
    # The service refuses anyone but owners and admins itself (the workspace settings' permission).
    set_business_hours = SetBusinessHours(
        SetBusinessHoursInput, BusinessHoursPayload, "business_hours", services.set_business_hours
    ).field(
        "Owners and admins: set the workspace's business hours (Settings → Company profile), which the service "
        "desk's SLA clocks count in: open tickets' due times move. Colleagues are notified."
    )
