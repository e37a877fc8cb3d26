"""Record types of the leads module. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry
import strawberry_django
from strawberry import relay

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import nested_list
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.customers.enums import InteractionKind
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.permissions import access_controlled
from graphql_schema.sales.types import DealNode
from saas.leads import models

from .enums import AssignmentMethod, LeadSource, LeadStatus, ScoredField
from .filters import LeadActivityFilter, LeadActivityOrder


@record_type(models.LeadActivity, name="LeadActivity", description="A touch with a lead; it counts for the score.")
class LeadActivityNode(Scoped, relay.Node):
    occurred_at: datetime = strawberry_django.field(description="When it happened.")
    note: str = strawberry_django.field(description="A short note about it.")
    performed_by: UserNode | None = strawberry_django.field(description="Who did it.")
    created_at: datetime = strawberry_django.field(description="When it was recorded.")

    @strawberry_django.field(
        only=["kind"], metadata=in_sql(ChoiceName("kind", blank_is_null=False)), description="Call, e-mail, meeting..."
    )
    def kind(self, root: models.LeadActivity) -> InteractionKind:
        return InteractionKind(root.kind)

    history: KeysetConnection[AuditEntryNode] = history_field()


@access_controlled  # e-mail and phone: hidden or read-only by the member's role
@record_type(models.Lead, name="Lead", description="Someone who showed interest, before becoming a customer.")
class LeadNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The person's name.")
    company_name: str = strawberry_django.field(description="The company the lead named (blank: none).")
    title: str = strawberry_django.field(description="Job title.")
    email: str | None = strawberry_django.field(description="Null when your role may not see it.")
    phone: str | None = strawberry_django.field(
        description="Digits with a leading + when given. Null when your role may not see it."
    )
    region: str = strawberry_django.field(description="Region; assignment and scoring rules may look at it.")
    industry: str = strawberry_django.field(description="Industry; assignment and scoring rules may look at it.")
    description: str = strawberry_django.field(description="What the lead asked or said.")
    owner: UserNode | None = strawberry_django.field(description="Null: not assigned yet.")
    score: int = strawberry_django.field(
        description="Points from the scoring rules: field values plus activities, fading with age."
    )
    scored_at: datetime | None = strawberry_django.field(description="When the score was last computed.")
    converted_at: datetime | None = strawberry_django.field(description="When convertLead turned it into customers.")
    converted_by: UserNode | None = strawberry_django.field(description="Who converted it.")
    converted_company: CompanyNode | None = strawberry_django.field(description="The company it became or matched.")
    converted_contact: ContactNode | None = strawberry_django.field(description="The contact it became or matched.")
    converted_deal: DealNode | None = strawberry_django.field(description="The deal opened when it was converted.")
    created_at: datetime = strawberry_django.field(description="When the lead was added.")
    updated_at: datetime = strawberry_django.field(description="When the lead last changed.")
    deleted_at: datetime | None = strawberry_django.field(description="When it went to the recycle bin.")
    activities: KeysetConnection[LeadActivityNode] = nested_list(
        LeadActivityFilter, LeadActivityOrder, "Calls, e-mails, meetings with the lead, newest first."
    )

    @strawberry_django.field(
        only=["status"], metadata=in_sql(ChoiceName("status", blank_is_null=False)), description="Where it stands."
    )
    def status(self, root: models.Lead) -> LeadStatus:
        return LeadStatus(root.status)

    @strawberry_django.field(
        only=["source"], metadata=in_sql(ChoiceName("source", blank_is_null=False)), description="Where it came from."
    )
    def source(self, root: models.Lead) -> LeadSource:
        return LeadSource(root.source)

    history: KeysetConnection[AuditEntryNode] = history_field()


def choice(value: str, enum: Any) -> Any:
    return enum(value) if value else None


@strawberry.type(description="Points for leads: for a field's value, or for each activity of a kind.")
class ScoringRule:
    id: relay.GlobalID = strawberry.field(description="The rule's id.")
    field: ScoredField | None = strawberry.field(description="The lead field compared; null for an activity rule.")
    value: str = strawberry.field(description="The value that scores, compared ignoring case.")
    activity_kind: InteractionKind | None = strawberry.field(description="Each activity of this kind scores.")
    points: int = strawberry.field(description="Added to the score (negative: taken off).")

    @classmethod
    def of(cls, rule: models.ScoringRule) -> ScoringRule:
        return cls(
            id=relay.GlobalID("ScoringRule", str(rule.pk)),
            field=choice(rule.field, ScoredField),
            value=rule.value,
            activity_kind=choice(rule.activity_kind, InteractionKind),
            points=rule.points,
        )


@strawberry.type(description="How leads are scored in this workspace.")
class LeadScoring:
    half_life_days: int | None = strawberry.field(
        description="Activity points halve every this many days; null: they never fade."
    )
    rules: list[ScoringRule] = strawberry.field(description="Every scoring rule, oldest first.")


@strawberry.type(description="Who gets a new lead nobody was named for: the first matching rule picks in its team.")
class AssignmentRule:
    id: relay.GlobalID = strawberry.field(description="The rule's id.")
    name: str = strawberry.field(description="What the rule is called.")
    position: int = strawberry.field(description="Rules are tried in this order, lowest first.")
    region: str = strawberry.field(description="Matches leads of this region (ignoring case); blank: any.")
    industry: str = strawberry.field(description="Matches leads of this industry (ignoring case); blank: any.")
    team_id: relay.GlobalID = strawberry.field(description="The team whose active members get the leads.")
    team_name: str = strawberry.field(description="The team's name.")
    method: AssignmentMethod = strawberry.field(description="How it picks in the team.")
    is_active: bool = strawberry.field(description="Inactive rules are skipped.")

    @classmethod
    def of(cls, rule: models.AssignmentRule) -> AssignmentRule:
        return cls(
            id=relay.GlobalID("AssignmentRule", str(rule.pk)),
            name=rule.name,
            position=rule.position,
            region=rule.region,
            industry=rule.industry,
            team_id=relay.GlobalID("Team", str(rule.team_id)),
            team_name=rule.team.name,
            method=AssignmentMethod(rule.method),
            is_active=rule.is_active,
        )
