"""Record types of the sales module. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.sqlpages import ChoiceName, in_sql
from graphql_schema.core.users import UserNode
from graphql_schema.customers.enums import BuyingRole
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.permissions import access_controlled, scoped
from saas.customers.models import Contact
from saas.sales import models, services

from .enums import ForecastCategory, StageKind


@record_type(models.Stage, name="Stage", description="A step of a pipeline; won and lost stages close a deal.")
class StageNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name, unique in its pipeline.")
    position: int = strawberry_django.field(description="Its place in the pipeline, from 0.")
    probability: int = strawberry_django.field(description="Default win probability of deals entering it (%).")

    @strawberry_django.field(
        description="Open, won or lost.", only=["kind"], metadata=in_sql(ChoiceName("kind", blank_is_null=False))
    )
    def kind(self, root: models.Stage) -> StageKind:
        return StageKind(root.kind)

    @strawberry_django.field(only=["pipeline_id"], description="Global id of the pipeline, without fetching it.")
    def pipeline_id(self, root: models.Stage) -> relay.GlobalID:
        return relay.GlobalID("Pipeline", str(root.pipeline_id))

    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.Pipeline, name="Pipeline", description="A sales process: its stages, in order.")
class PipelineNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name, unique in the workspace.")
    position: int = strawberry_django.field(description="Its place among the workspace's pipelines.")
    is_default: bool = strawberry_django.field(description="New deals without a pipeline go here.")
    stages: list[StageNode] = strawberry_django.field(description="In order.")
    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.CompetingProduct, name="CompetingProduct", description="A competitor's product.")
class CompetingProductNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The product name.")
    strengths: str = strawberry_django.field(description="Where it beats us.")
    weaknesses: str = strawberry_django.field(description="Where we beat it.")
    competitor: CompetitorNode = strawberry_django.field(description="Who makes it.")

    @strawberry_django.field(only=["price", "currency"], description="List price; null when unknown.")
    def price(self, root: models.CompetingProduct) -> Money | None:
        return Money.of(root.price, root.currency)

    history: KeysetConnection[AuditEntryNode] = history_field()


@record_type(models.Competitor, name="Competitor", description="A company competing with us for deals.")
class CompetitorNode(Scoped, relay.Node):
    name: str = strawberry_django.field(description="The name.")
    website: str = strawberry_django.field(description="Web address.")
    strengths: str = strawberry_django.field(description="Where they beat us.")
    weaknesses: str = strawberry_django.field(description="Where we beat them.")
    products: list[CompetingProductNode] = strawberry_django.field(description="Their products.")
    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry.type(description="A contact's part in a deal.")
class DealContactRole:
    contact: ContactNode = strawberry.field(description="The contact.")
    role: BuyingRole | None = strawberry.field(description="Their part in the buying decision.")


@strawberry.type(description="One move of a deal between stages.")
class DealStageChange:
    from_stage: StageNode | None = strawberry.field(description="Null: where the deal started.")
    to_stage: StageNode | None = strawberry.field(description="Where the deal went (null: the stage was removed).")
    at: datetime = strawberry.field(description="When.")
    by: UserNode | None = strawberry.field(description="Who moved it (null: the system).")
    time_in_previous: float = strawberry.field(description="Seconds the deal spent in `fromStage`.")


def _seconds(duration: timedelta) -> float:
    return round(duration.total_seconds(), 3)


@access_controlled  # amount: hidden or read-only by the member's role
@record_type(models.Deal, name="Deal", description="An opportunity: what may be sold, to whom, for how much.")
class DealNode(Scoped, relay.Node):
    title: str = strawberry_django.field(description="What is being sold, in a few words.")
    probability: int = strawberry_django.field(description="Win probability, percent.")
    expected_close_date: date | None = strawberry_django.field(description="When it is expected to close.")
    next_step: str = strawberry_django.field(description="What happens next.")
    lost_reason: str = strawberry_django.field(description="Why it was lost (lost deals only).")
    owner: UserNode | None = strawberry_django.field(description="Who works the deal.")
    company: CompanyNode | None = strawberry_django.field(description="The customer.")
    pipeline: PipelineNode = strawberry_django.field(description="The pipeline it is in.")
    stage: StageNode = strawberry_django.field(description="The stage it is in.")
    competitors: list[CompetitorNode] = strawberry_django.field(description="Competitors in the running.")
    stage_entered_at: datetime = strawberry_django.field(description="When the deal entered its current stage.")
    closed_at: datetime | None = strawberry_django.field(description="When it was won or lost; null while open.")
    created_at: datetime = strawberry_django.field(description="When it was opened.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )

    @strawberry_django.field(
        only=["amount", "currency"], description="Expected value. Null when unknown or your role may not see it."
    )
    def amount(self, root: models.Deal) -> Money | None:
        return Money.of(root.amount, root.currency)

    @strawberry_django.field(
        only=["forecast_category", "probability", "stage__kind"],
        select_related=["stage"],
        description="Where the deal counts in the forecast: the category chosen for it, else from its probability "
        f"(commit from {models.COMMIT_PROBABILITY}%, best case from {models.BEST_CASE_PROBABILITY}%); "
        "won deals commit, lost ones are omitted.",
    )
    def forecast_category(self, root: models.Deal) -> ForecastCategory:
        return ForecastCategory(models.category_for(root.probability, root.stage.kind, root.forecast_category))

    @strawberry_django.field(
        only=["forecast_category"], description="True while the category follows the probability (none chosen)."
    )
    def forecast_category_automatic(self, root: models.Deal) -> bool:
        return not root.forecast_category

    @strawberry_django.field(only=["stage_id"], description="Global id of the stage, without fetching it.")
    def stage_id(self, root: models.Deal) -> relay.GlobalID:
        return relay.GlobalID("Stage", str(root.stage_id))

    @strawberry_django.field(only=["pk"], description="The contacts involved and their roles (those you may read).")
    def contacts(self, root: models.Deal, info: Info) -> list[DealContactRole]:
        readable = scoped(info, Contact.objects.all(), "read")
        links = root.contact_roles.filter(contact__in=readable).select_related("contact").order_by("id")
        return [
            DealContactRole(contact=link.contact, role=BuyingRole(link.role) if link.role else None)  # type: ignore[arg-type]
            for link in links
        ]

    @strawberry_django.field(only=["pk"], description="Every move between stages, oldest first.")
    def stage_history(self, root: models.Deal) -> list[DealStageChange]:
        return [
            DealStageChange(
                from_stage=change.from_stage,  # type: ignore[arg-type]
                to_stage=change.to_stage,  # type: ignore[arg-type]
                at=change.at,
                by=change.by,
                time_in_previous=_seconds(change.time_in_previous),
            )
            for change in services.stage_history(root).select_related("by")
        ]

    history: KeysetConnection[AuditEntryNode] = history_field()
