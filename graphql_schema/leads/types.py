"""Record types of the leads module. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import strawberry
import strawberry_django
from django.db.models import Prefetch
from strawberry import relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import nested_list
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.customers.enums import InteractionKind
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.permissions import FieldRuleExtension, access_controlled, membership_of
from graphql_schema.sales.types import DealNode
from saas.access import policy
from saas.leads import campaigns, models, scoring
from saas.sales.models import Deal

from .enums import AssignmentMethod, CampaignStatus, CampaignType, LeadSource, LeadStatus, ScoredField
from .filters import LeadActivityFilter, LeadActivityOrder


def _figure(name: str, make: Any) -> dict[str, Any]:
    """The annotation a figure field asks the optimizer for: the member's figure, in the page's one query."""
    return {name: lambda info: make(membership_of(info))}


COUNTS = {**_figure(campaigns.LEADS, campaigns.leads_count), **_figure(campaigns.CONVERTED, campaigns.converted_count)}
WON = {
    **_figure(campaigns.WON_SAME, campaigns.won_in_own_currency),
    campaigns.WON_OTHER: lambda info: campaigns.won_in_other_currencies(membership_of(info), campaigns.converter()),
}


# The won amount is deals' amounts: hidden wherever a deal's amount is.
def deal_amount_rule() -> FieldRuleExtension:
    return FieldRuleExtension("amount", Deal)


@access_controlled  # budget, actual cost, expected revenue: hidden or read-only as a deal's amount
@record_type(models.Campaign, name="Campaign", description="A marketing push that leads are captured from.")
class CampaignNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="What the campaign is called.")
    start_date: date | None = strawberry_django.field(description="First day.")
    end_date: date | None = strawberry_django.field(description="Last day.")
    currency: str = strawberry_django.field(description="ISO 4217 code of its amounts.")
    owner: UserNode | None = strawberry_django.field(description="Who runs it.")
    description: str = strawberry_django.field(description="What it is about.")
    form_key: str = strawberry_django.field(
        description="A web form posting `campaign=<formKey>` to /forms/leads/ captures its leads for this campaign."
    )
    created_at: datetime = strawberry_django.field(description="When it was added.")
    updated_at: datetime = strawberry_django.field(description="When it last changed.")
    deleted_at: datetime | None = strawberry_django.field(description="When it went to the recycle bin.")

    @strawberry_django.field(only=["type"], description="E-mail, event, webinar, ads or other.")
    def type(self, root: models.Campaign) -> CampaignType:
        return CampaignType(root.type)

    @strawberry_django.field(only=["status"], description="Planned, active, completed or aborted.")
    def status(self, root: models.Campaign) -> CampaignStatus:
        return CampaignStatus(root.status)

    @strawberry_django.field(
        only=["budget", "currency"], description="What may be spent. Null when unset or your role may not see it."
    )
    def budget(self, root: models.Campaign) -> Money | None:
        return Money.of(root.budget, root.currency)

    @strawberry_django.field(
        only=["actual_cost", "currency"], description="What it cost. Null when unset or your role may not see it."
    )
    def actual_cost(self, root: models.Campaign) -> Money | None:
        return Money.of(root.actual_cost, root.currency)

    @strawberry_django.field(
        only=["expected_revenue", "currency"],
        description="The revenue it is expected to bring. Null when unset or your role may not see it.",
    )
    def expected_revenue(self, root: models.Campaign) -> Money | None:
        return Money.of(root.expected_revenue, root.currency)

    @strawberry_django.field(annotate=COUNTS, description="Its leads (those you may read).")
    def leads_count(self, root: models.Campaign, info: Info) -> int:
        return campaigns.figures_of(root, membership_of(info)).leads

    @strawberry_django.field(annotate=COUNTS, description="Its leads converted into customers (those you may read).")
    def converted_count(self, root: models.Campaign, info: Info) -> int:
        return campaigns.figures_of(root, membership_of(info)).converted

    @strawberry_django.field(
        annotate=COUNTS, description="Converted leads over leads, from 0 to 1; null without leads."
    )
    def conversion_rate(self, root: models.Campaign, info: Info) -> float | None:
        rate = campaigns.figures_of(root, membership_of(info)).conversion_rate
        return None if rate is None else round(rate, 4)

    @strawberry_django.field(
        only=["currency", "actual_cost"],
        annotate={**COUNTS, **WON},
        extensions=[deal_amount_rule()],
        description="The won deals of its converted leads, in its currency (others converted at the workspace's "
        "rates; without a rate, left out). Null when your role may not see deal amounts.",
    )
    def won_amount(self, root: models.Campaign, info: Info) -> Money | None:
        return Money.of(campaigns.figures_of(root, membership_of(info)).won_amount, root.currency)

    @strawberry_django.field(
        only=["currency", "actual_cost"],
        annotate=COUNTS,
        extensions=[FieldRuleExtension("actual_cost")],
        description="Actual cost over leads; null without a cost or leads, or when your role may not see costs.",
    )
    def cost_per_lead(self, root: models.Campaign, info: Info) -> Money | None:
        return Money.of(campaigns.figures_of(root, membership_of(info)).cost_per_lead, root.currency)

    @strawberry_django.field(
        only=["currency", "actual_cost"],
        annotate={**COUNTS, **WON},
        extensions=[FieldRuleExtension("actual_cost"), deal_amount_rule()],
        description="Return on investment: (won amount - actual cost) / actual cost (0.5: 50%); null without a "
        "cost, or when your role may not see costs or deal amounts.",
    )
    def roi(self, root: models.Campaign, info: Info) -> float | None:
        return campaigns.figures_of(root, membership_of(info)).roi

    history: KeysetConnection[AuditEntryNode] = history_field()


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


SCORED_ACTIVITIES = "_scored_activities"
# The lead field a scored field tells (a rule on the e-mail domain tells the e-mail's domain).
TELLS = {"email_domain": "email"}


def _scored_activities(info: Info) -> Prefetch:
    """The activities every lead of a page scores by, in one query."""
    only = models.LeadActivity.objects.only("lead_id", "kind", "occurred_at")
    return Prefetch("activities", queryset=only, to_attr=SCORED_ACTIVITIES)


@strawberry.type(description="One scoring rule's part of a lead's score.")
class LeadScoreItem:
    rule_id: relay.GlobalID = strawberry.field(description="The scoring rule (see `leadScoring`).")
    field: ScoredField | None = strawberry.field(description="The lead field it compared; null for an activity rule.")
    value: str | None = strawberry.field(
        description="The value that scored; null for an activity rule, or when your role may not see the field."
    )
    activity_kind: InteractionKind | None = strawberry.field(description="The kind of activity it counts.")
    activities: int = strawberry.field(description="How many of the lead's activities it counted (0: a field rule).")
    undecayed_points: int = strawberry.field(description="What it would give without decay.")
    points: float = strawberry.field(description="What it gives, after decay (activity points fade with age).")


@strawberry.type(description="How a lead's score was made: its rules' points and the decay, adding up to the score.")
class LeadScoreBreakdown:
    score: int = strawberry.field(description="The sum of the items' points, rounded: the lead's score.")
    computed_at: datetime = strawberry.field(description="The moment the decay was computed for (`scoredAt`).")
    half_life_days: int | None = strawberry.field(
        description="Activity points halve every this many days; null: they never fade."
    )
    items: list[LeadScoreItem] = strawberry.field(description="The rules that gave points, in rule order.")

    @classmethod
    def of(cls, lead: models.Lead, info: Info) -> LeadScoreBreakdown:
        request = info.context.request
        settings = getattr(request, "lead_scoring_settings", None)
        if settings is None:  # once per request: the rules and the half-life
            settings = (list(models.ScoringRule.objects.all()), models.LeadScoring.current().half_life_days)
            request.lead_scoring_settings = settings
        rules, half_life = settings
        activities = lead.__dict__.get(SCORED_ACTIVITIES)
        if activities is None:  # a lone lead, not through a list
            activities = list(models.LeadActivity.objects.filter(lead=lead).only("kind", "occurred_at"))
        # Never scored (made before scoring existed, or by a bulk path): as of its creation, so two reads agree.
        at = lead.scored_at or lead.created_at
        found = scoring.breakdown_of(lead, rules, activities, at, half_life)
        hidden = set(policy.hidden_fields(membership_of(info), "read", models.Lead))

        def shown(rule: models.ScoringRule) -> str | None:
            return rule.value if rule.field and TELLS.get(rule.field, rule.field) not in hidden else None

        return cls(
            score=found.score,
            computed_at=at,
            half_life_days=half_life,
            items=[
                LeadScoreItem(
                    rule_id=relay.GlobalID("ScoringRule", str(c.rule.pk)),
                    field=choice(c.rule.field, ScoredField),
                    value=c.rule.value
                    if c.rule.field and TELLS.get(c.rule.field, c.rule.field) not in hidden
                    else None,
                    activity_kind=choice(c.rule.activity_kind, InteractionKind),
                    activities=c.activities,
                    undecayed_points=c.undecayed,
                    points=round(c.points, 2),
                )
                for c in found.contributions
            ],
        )


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
    campaign: CampaignNode | None = strawberry_django.field(
        description="The campaign it was captured from (null: none, or one you may not read)."
    )
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

    @strawberry_django.field(
        only=["source", "status", "region", "industry", "title", "email", "scored_at"],
        prefetch_related=[_scored_activities],
        description="How `score` was made, from the same computation that sets it (as of `scoredAt`): which rule "
        "gave how many points, and the decay applied to activity points.",
    )
    def score_breakdown(self, root: models.Lead, info: Info) -> LeadScoreBreakdown:
        return LeadScoreBreakdown.of(root, info)

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
