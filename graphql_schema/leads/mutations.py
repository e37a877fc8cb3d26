"""Mutations of the leads module: declarations on the mutation base; the rules live in saas.leads.services."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import strawberry
from strawberry import UNSET, relay

from graphql_schema.core.custom_fields import CustomFieldInput
from graphql_schema.core.mutations import Act, Call, Create, Update, VersionedInput, recycle_bin_fields
from graphql_schema.customers.enums import InteractionKind
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.errors import UserError
from graphql_schema.sales.types import DealNode
from saas.access.services import require_admin
from saas.leads import models, services

from .enums import AssignmentMethod, CampaignStatus, CampaignType, LeadSource, LeadStatus, ScoredField
from .types import AssignmentRule, CampaignNode, LeadActivityNode, LeadNode, LeadScoring, ScoringRule

LEAD_IDS = {"owner_id": ("owner", "User"), "campaign_id": ("campaign", "Campaign")}
CAMPAIGN_IDS = {"owner_id": ("owner", "User")}
MONEY_HELP = "Amount in the campaign's currency (at most 2 decimals); hidden and read-only as a deal's amount."


@strawberry.input
class CreateCampaignInput:
    name: str = strawberry.field(description="What the campaign is called.")
    type: CampaignType | None = strawberry.field(default=None, description="Default: OTHER.")
    status: CampaignStatus | None = strawberry.field(default=None, description="PLANNED (default) or ACTIVE.")
    start_date: date | None = strawberry.field(default=None, description="First day.")
    end_date: date | None = strawberry.field(default=None, description="Last day (not before the first).")
    budget: Decimal | None = strawberry.field(default=None, description=f"What may be spent. {MONEY_HELP}")
    actual_cost: Decimal | None = strawberry.field(default=None, description=f"What it cost. {MONEY_HELP}")
    expected_revenue: Decimal | None = strawberry.field(default=None, description=f"Revenue expected. {MONEY_HELP}")
    currency: str | None = strawberry.field(default=None, description="ISO 4217 code; default: the workspace's.")
    owner_id: relay.GlobalID | None = strawberry.field(default=None, description="Who runs it; default: you.")
    description: str | None = strawberry.field(default=None, description="What it is about.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values; defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateCampaignInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="What the campaign is called.")
    type: CampaignType | None = strawberry.field(default=UNSET, description="E-mail, event, webinar, ads, other.")
    status: CampaignStatus | None = strawberry.field(
        default=UNSET, description="planned → active → completed; aborted before it ends (else invalid_transition)."
    )
    start_date: date | None = strawberry.field(default=UNSET, description="First day.")
    end_date: date | None = strawberry.field(default=UNSET, description="Last day.")
    budget: Decimal | None = strawberry.field(default=UNSET, description=f"What may be spent. {MONEY_HELP}")
    actual_cost: Decimal | None = strawberry.field(default=UNSET, description=f"What it cost. {MONEY_HELP}")
    expected_revenue: Decimal | None = strawberry.field(default=UNSET, description=f"Revenue expected. {MONEY_HELP}")
    currency: str | None = strawberry.field(default=UNSET, description="ISO 4217 code of its amounts.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="Who runs it.")
    description: str | None = strawberry.field(default=UNSET, description="What it is about.")
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one."
    )


@strawberry.input
class CampaignIdInput:
    id: relay.GlobalID


@strawberry.type
class CampaignPayload:
    campaign: CampaignNode | None = strawberry.field(default=None, description="The campaign; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateLeadInput:
    name: str = strawberry.field(description="The person's name.")
    company_name: str | None = strawberry.field(default=None, description="The company the lead works for.")
    title: str | None = strawberry.field(default=None, description="Job title.")
    email: str | None = strawberry.field(default=None, description="E-mail address.")
    phone: str | None = strawberry.field(default=None, description="Phone number (stored as digits with a leading +).")
    source: LeadSource | None = strawberry.field(default=None, description="Default: API.")
    status: LeadStatus | None = strawberry.field(default=None, description="Default: NEW.")
    region: str | None = strawberry.field(
        default=None, description="Region; assignment and scoring rules may look at it."
    )
    industry: str | None = strawberry.field(
        default=None, description="Industry; assignment and scoring rules may look at it."
    )
    description: str | None = strawberry.field(default=None, description="What the lead asked or said.")
    owner_id: relay.GlobalID | None = strawberry.field(
        default=None, description="Null: the assignment rules pick one (else you, if your role only owns its own)."
    )
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The campaign it was captured from."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=None, description="Custom field values (see `customFieldDefinitions`); defaults fill the rest."
    )


@strawberry.input(description="Only the fields given change; null clears an optional field.")
class UpdateLeadInput(VersionedInput):
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="The person's name (not blank).")
    company_name: str | None = strawberry.field(default=UNSET, description="The company the lead works for.")
    title: str | None = strawberry.field(default=UNSET, description="Job title.")
    email: str | None = strawberry.field(default=UNSET, description="E-mail address.")
    phone: str | None = strawberry.field(default=UNSET, description="Phone number (stored as digits with a leading +).")
    source: LeadSource | None = strawberry.field(default=UNSET, description="Where the lead came from.")
    status: LeadStatus | None = strawberry.field(
        default=UNSET, description="Where it stands (CONVERTED only through convertLead)."
    )
    region: str | None = strawberry.field(
        default=UNSET, description="Region; assignment and scoring rules may look at it."
    )
    industry: str | None = strawberry.field(
        default=UNSET, description="Industry; assignment and scoring rules may look at it."
    )
    description: str | None = strawberry.field(default=UNSET, description="What the lead asked or said.")
    owner_id: relay.GlobalID | None = strawberry.field(default=UNSET, description="The new owner; null: nobody.")
    campaign_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The campaign it was captured from; null: none."
    )
    custom_fields: list[CustomFieldInput] | None = strawberry.field(
        default=UNSET, description="Custom fields to change; a value null clears one, fields not named stay."
    )


@strawberry.input
class LeadIdInput:
    id: relay.GlobalID


@strawberry.input
class LogLeadActivityInput:
    lead_id: relay.GlobalID = strawberry.field(description="The lead it was with.")
    kind: InteractionKind = strawberry.field(description="Call, e-mail, meeting...")
    occurred_at: datetime | None = strawberry.field(default=None, description="Default: now.")
    note: str | None = strawberry.field(default=None, description="A short note (at most 500 characters).")


@strawberry.input
class ConvertLeadInput:
    lead_id: relay.GlobalID = strawberry.field(description="The lead to convert.")
    company_id: relay.GlobalID | None = strawberry.field(
        default=None, description="The company to use; default: one with the lead's company name, else a new one."
    )
    deal_title: str | None = strawberry.field(
        default=None, description="The deal's title; default: the lead's company name, else its name."
    )


@strawberry.input
class CreateScoringRuleInput:
    field: ScoredField | None = strawberry.field(default=None, description="Score a field's value (with `value`)...")
    value: str | None = strawberry.field(default=None, description="The value that scores, ignoring case.")
    activity_kind: InteractionKind | None = strawberry.field(
        default=None, description="...or each activity of this kind."
    )
    points: int = strawberry.field(description="-1000 to 1000.")


@strawberry.input(description="Only the fields given change.")
class UpdateScoringRuleInput:
    id: relay.GlobalID
    value: str | None = strawberry.field(default=UNSET, description="The value that scores, ignoring case.")
    points: int | None = strawberry.field(default=UNSET, description="-1000 to 1000.")


@strawberry.input
class RuleIdInput:
    id: relay.GlobalID


@strawberry.input
class UpdateLeadScoringInput:
    half_life_days: int | None = strawberry.field(description="Null: activity points never fade.")


@strawberry.input
class CreateAssignmentRuleInput:
    name: str = strawberry.field(description="What the rule is called.")
    team_id: relay.GlobalID = strawberry.field(description="The team whose active members get the leads.")
    method: AssignmentMethod | None = strawberry.field(default=None, description="Default: ROUND_ROBIN.")
    region: str | None = strawberry.field(default=None, description="Only leads of this region; blank: any.")
    industry: str | None = strawberry.field(default=None, description="Only leads of this industry; blank: any.")
    position: int | None = strawberry.field(default=None, description="Tried in this order, lowest first.")
    is_active: bool | None = strawberry.field(default=None, description="Default: true; inactive rules are skipped.")


@strawberry.input(description="Only the fields given change.")
class UpdateAssignmentRuleInput:
    id: relay.GlobalID
    name: str | None = strawberry.field(default=UNSET, description="What the rule is called.")
    team_id: relay.GlobalID | None = strawberry.field(
        default=UNSET, description="The team whose active members get the leads."
    )
    method: AssignmentMethod | None = strawberry.field(default=UNSET, description="How it picks in the team.")
    region: str | None = strawberry.field(default=UNSET, description="Only leads of this region; blank: any.")
    industry: str | None = strawberry.field(default=UNSET, description="Only leads of this industry; blank: any.")
    position: int | None = strawberry.field(default=UNSET, description="Tried in this order, lowest first.")
    is_active: bool | None = strawberry.field(default=UNSET, description="Inactive rules are skipped.")


@strawberry.type
class LeadPayload:
    lead: LeadNode | None = strawberry.field(default=None, description="The lead; null on errors.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LeadActivityPayload:
    lead_activity: LeadActivityNode | None = strawberry.field(default=None, description="The activity recorded.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type(description="The lead and the customer records it became (the same ones when converted before).")
class ConvertLeadPayload:
    lead: LeadNode | None = strawberry.field(default=None, description="The converted lead.")
    company: CompanyNode | None = strawberry.field(default=None, description="The company it became or matched.")
    contact: ContactNode | None = strawberry.field(default=None, description="The contact it became or matched.")
    deal: DealNode | None = strawberry.field(default=None, description="The deal opened for it.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ScoringRulePayload:
    scoring_rule: ScoringRule | None = strawberry.field(default=None, description="The rule (as it was, when deleted).")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LeadScoringPayload:
    lead_scoring: LeadScoring | None = strawberry.field(default=None, description="The scoring settings now.")
    errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class AssignmentRulePayload:
    assignment_rule: AssignmentRule | None = strawberry.field(
        default=None, description="The rule (as it was, when deleted)."
    )
    errors: list[UserError] = strawberry.field(default_factory=list)


def _scoring() -> LeadScoring:
    return LeadScoring(
        half_life_days=models.LeadScoring.current().half_life_days,
        rules=[ScoringRule.of(rule) for rule in models.ScoringRule.objects.all()],
    )


class ScoringRuleAnswer:
    """Answers the rule as the API shows it (a settings type, not a record node)."""

    def answer(self, result: models.ScoringRule) -> ScoringRulePayload:
        return ScoringRulePayload(scoring_rule=ScoringRule.of(result))


class AssignmentRuleAnswer:
    def answer(self, result: models.AssignmentRule) -> AssignmentRulePayload:
        return AssignmentRulePayload(assignment_rule=AssignmentRule.of(result))


class LeadScoringCall(Call):
    def answer(self, result: models.LeadScoring) -> LeadScoringPayload:
        return LeadScoringPayload(lead_scoring=_scoring())


class CreateScoringRule(ScoringRuleAnswer, Create):
    pass


class UpdateScoringRule(ScoringRuleAnswer, Update):
    pass


class DeleteScoringRule(ScoringRuleAnswer, Act):
    pass


class CreateAssignmentRule(AssignmentRuleAnswer, Create):
    pass


class UpdateAssignmentRule(AssignmentRuleAnswer, Update):
    pass


class DeleteAssignmentRule(AssignmentRuleAnswer, Act):
    pass


TEAM_ID = {"team_id": ("team", "Team")}
ADMIN = require_admin


@strawberry.type
class LeadsMutation:
    create_campaign = Create(
        CreateCampaignInput, CampaignPayload, "campaign", services.create_campaign, ids=CAMPAIGN_IDS
    ).field("Plan a campaign; its leads, conversions, cost per lead and ROI are computed as leads come in.")
    update_campaign = Update(
        UpdateCampaignInput, CampaignPayload, "campaign", services.update_campaign, node="Campaign", ids=CAMPAIGN_IDS
    ).field("Change a campaign (its status moves planned → active → completed, or aborted before it ends).")
    delete_campaign, restore_campaign, delete_campaigns, restore_campaigns = recycle_bin_fields(
        models.Campaign,
        CampaignIdInput,
        CampaignPayload,
        "campaign",
        delete="To the recycle bin (its leads keep it).",
        restore="Back from the recycle bin.",
        bulk=True,
    )

    create_lead = Create(CreateLeadInput, LeadPayload, "lead", services.create_lead, ids=LEAD_IDS).field(
        "Add a lead; it is scored, and assigned by the rules when nobody is named."
    )
    update_lead = Update(UpdateLeadInput, LeadPayload, "lead", services.update_lead, node="Lead", ids=LEAD_IDS).field(
        "Change a lead; its score follows."
    )
    delete_lead, restore_lead, delete_leads, restore_leads = recycle_bin_fields(
        models.Lead, LeadIdInput, LeadPayload, "lead", restore="Back from the recycle bin.", bulk=True
    )
    log_lead_activity = Call(
        LogLeadActivityInput,
        LeadActivityPayload,
        "lead_activity",
        services.log_lead_activity,
        ids={"lead_id": ("lead_id", "Lead")},
    ).field("Record a call, e-mail or meeting with a lead; its score follows.")
    convert_lead = Call(
        ConvertLeadInput,
        ConvertLeadPayload,
        ("lead", "company", "contact", "deal"),
        services.convert_lead,
        ids={"lead_id": ("lead_id", "Lead"), "company_id": ("company_id", "Company")},
    ).field(
        "Turn a lead into a company, a contact and a deal in one step, matching existing customers (company by "
        "name, contact by e-mail or phone). Converting again answers the same records."
    )
    create_scoring_rule = CreateScoringRule(
        CreateScoringRuleInput, ScoringRulePayload, "scoring_rule", services.create_scoring_rule, permission=ADMIN
    ).field("Owners and admins: every lead's score follows at once.")
    update_scoring_rule = UpdateScoringRule(
        UpdateScoringRuleInput,
        ScoringRulePayload,
        "scoring_rule",
        services.update_scoring_rule,
        permission=ADMIN,
        node="ScoringRule",
    ).field("Owners and admins: every lead's score follows at once.")
    delete_scoring_rule = DeleteScoringRule(
        RuleIdInput,
        ScoringRulePayload,
        "scoring_rule",
        services.delete_scoring_rule,
        permission=ADMIN,
        node="ScoringRule",
    ).field("Owners and admins: every lead's score follows at once.")
    update_lead_scoring = LeadScoringCall(
        UpdateLeadScoringInput, LeadScoringPayload, "lead_scoring", services.update_lead_scoring, permission=ADMIN
    ).field("Owners and admins: how fast activity points fade.")
    create_assignment_rule = CreateAssignmentRule(
        CreateAssignmentRuleInput,
        AssignmentRulePayload,
        "assignment_rule",
        services.create_assignment_rule,
        ids=TEAM_ID,
        permission=ADMIN,
    ).field("Owners and admins.")
    update_assignment_rule = UpdateAssignmentRule(
        UpdateAssignmentRuleInput,
        AssignmentRulePayload,
        "assignment_rule",
        services.update_assignment_rule,
        ids=TEAM_ID,
        permission=ADMIN,
        node="AssignmentRule",
    ).field("Owners and admins.")
    delete_assignment_rule = DeleteAssignmentRule(
        RuleIdInput,
        AssignmentRulePayload,
        "assignment_rule",
        services.delete_assignment_rule,
        permission=ADMIN,
        node="AssignmentRule",
    ).field("Owners and admins.")
