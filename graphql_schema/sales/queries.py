"""Lists and figures of the sales module: deals, pipelines, the board, competitors and win/loss."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry
import strawberry_django
from django.core.exceptions import ValidationError
from django.db.models import CharField, F, QuerySet, Window
from django.db.models.functions import Cast, Coalesce, RowNumber
from strawberry import relay
from strawberry.types import Info

from graphql_schema.activities.types import ActivityNode
from graphql_schema.core import merged
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.lists import listed
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import decode_id
from graphql_schema.customers.types import InteractionNode
from graphql_schema.permissions import get_record, require_membership, scoped
from saas.access import policy
from saas.activities.models import Activity
from saas.customers.models import Contact, Interaction
from saas.sales import models, services
from saas.sales.models import SEARCH_CONFIG, search_vector

from .filters import (
    CompetingProductFilter,
    CompetingProductOrder,
    CompetitorFilter,
    CompetitorOrder,
    DealFilter,
    DealOrder,
    PipelineFilter,
    PipelineOrder,
    StageFilter,
    StageOrder,
)
from .types import CompetingProductNode, CompetitorNode, DealNode, PipelineNode, StageNode

SEARCH_HELP = "Full text over title and next step; every word must match the start of a word."
BOARD_MAX = 100


def _deals(queryset: QuerySet[Any], info: Info, filter: Any, order_by: Any, search: str | None) -> QuerySet[Any]:
    return listed(
        queryset,
        info,
        filter=filter,
        order_by=order_by,
        order_type=DealOrder,
        search_text=search,
        search_vector=search_vector(),
        search_config=SEARCH_CONFIG,
    )


TIMELINE_ORDERING = "sales.deal_timeline:-at,id"

TimelineEntry = Annotated[
    InteractionNode | ActivityNode,
    strawberry.union(
        "TimelineEntry",
        description="An entry of a record's timeline: an interaction (e-mail, call, note, reply) or an activity "
        "(task, call, meeting, note) logged against the record.",
    ),
]


@strawberry.type(description="One entry of a timeline and its cursor.")
class TimelineEdge:
    cursor: str = strawberry.field(description="Where the entry is in the timeline (for `after:`).")
    node: TimelineEntry = strawberry.field(description="The interaction or activity.")


@strawberry.type(description="A page of a timeline, newest first.")
class TimelineConnection:
    edges: list[TimelineEdge] = strawberry.field(description="The page's entries, newest first.")
    page_info: relay.PageInfo = strawberry.field(description="Whether entries lie before and after the page.")
    total_count: int = strawberry.field(description="Entries in the whole timeline (that you may read).")


def activity_time() -> Any:
    """Where an activity stands in a timeline: a meeting's start, else when it was done, due, or logged."""
    return Coalesce("starts_at", "completed_at", "due_at", "created_at")


def _timeline(info: Info, deal_id: relay.GlobalID) -> list[merged.Part]:
    """The deal's contacts' interactions and the deal's own activities, each narrowed to what the member may read.

    Interactions carry no deal: a deal's are those of its contacts (as each contact's own timeline shows them).
    The deal, its contacts and the activities' link are narrowed to what the member may read inside the page's
    one SQL query (subqueries); an activity also keeps its own scope (the assignee's, for own-scope roles).
    """
    membership = require_membership(info)
    try:
        pk = uuid.UUID(deal_id.node_id) if deal_id.type_name == "Deal" else None
    except ValueError:
        pk = None
    deal = policy.scope_queryset(membership, models.Deal.objects.filter(pk=pk), "read")
    contacts = policy.scope_queryset(membership, Contact.objects.all(), "read").filter(deal_roles__deal__in=deal)
    interactions = policy.scope_queryset(membership, Interaction.objects.filter(contact__in=contacts), "read")
    deal_key = deal.annotate(key=Cast("pk", CharField())).values("key")
    activities = policy.scope_queryset(
        membership, Activity.objects.filter(record_type="Deal", record_id__in=deal_key), "read"
    )
    return [
        merged.Part("Interaction", interactions, F("occurred_at")),
        merged.Part("Activity", activities, activity_time()),
    ]


@strawberry.type(description="One stage of the board: its first deals, how many there are and what they add up to.")
class BoardColumn:
    stage: StageNode = strawberry.field(description="The stage.")
    deals: list[DealNode] = strawberry.field(description="The first `first` deals, newest first.")
    count: int = strawberry.field(description="Deals in the stage (that you may read and the filter keeps).")
    sums: list[Money] | None = strawberry.field(
        description="Amounts added up per currency (no conversion). Null when your role may not see amounts."
    )


@strawberry.type(description="A pipeline as a kanban board.")
class PipelineBoard:
    pipeline: PipelineNode = strawberry.field(description="The pipeline.")
    columns: list[BoardColumn] = strawberry.field(description="Its stages, in order.")


@strawberry.type(description="Deals against one competitor that you may read.")
class CompetitorWinLoss:
    competitor: CompetitorNode = strawberry.field(description="The competitor.")
    won: int = strawberry.field(description="Deals against it we won.")
    lost: int = strawberry.field(description="Deals against it we lost.")
    open: int = strawberry.field(description="Deals against it still open.")
    win_rate: float | None = strawberry.field(description="Won / (won + lost); null before any deal closed.")


@strawberry.type
class SalesQuery:
    @strawberry_django.connection(KeysetConnection[DealNode], description="Deals (opportunities).")
    def deals(
        self,
        info: Info,
        filter: DealFilter | None = None,
        order_by: list[DealOrder] | None = None,
        search: Annotated[str | None, strawberry.argument(description=SEARCH_HELP)] = None,
    ) -> QuerySet[Any]:
        return _deals(models.Deal.objects.all(), info, filter, order_by, search)

    @strawberry_django.connection(KeysetConnection[DealNode], description="The recycle bin: deleted deals.")
    def deleted_deals(
        self,
        info: Info,
        filter: DealFilter | None = None,
        order_by: list[DealOrder] | None = None,
        search: str | None = None,
    ) -> QuerySet[Any]:
        queryset = models.Deal.all_objects.filter(deleted_at__isnull=False).order_by("-deleted_at", "id")
        return _deals(queryset, info, filter, order_by, search)

    @strawberry.field(
        description="A deal's timeline, newest first: the interactions (e-mails, calls, notes, replies) of its "
        "contacts, as each contact's own timeline shows them, and the activities (tasks, calls, meetings, notes) "
        "logged against the deal, at their start, completion, due or logging time. Only what you may read: "
        "contacts, interactions and activities out of your sight stay out of it; empty for a deal out of sight."
    )
    def deal_timeline(
        self,
        info: Info,
        deal_id: Annotated[relay.GlobalID, strawberry.argument(description="The deal.")],
        first: Annotated[int | None, strawberry.argument(description="Entries per page (at most 100).")] = None,
        after: Annotated[str | None, strawberry.argument(description="The page after this cursor.")] = None,
    ) -> TimelineConnection:
        page = merged.merged_page(info, _timeline(info, deal_id), ordering=TIMELINE_ORDERING, first=first, after=after)
        return TimelineConnection(
            edges=[TimelineEdge(cursor=e.cursor, node=e.node) for e in page.entries],
            page_info=page.page_info,
            total_count=page.total_count,
        )

    @strawberry_django.connection(KeysetConnection[PipelineNode], description="The workspace's pipelines.")
    def pipelines(
        self, info: Info, filter: PipelineFilter | None = None, order_by: list[PipelineOrder] | None = None
    ) -> QuerySet[Any]:
        services.default_pipeline()  # a workspace always has one
        return listed(models.Pipeline.objects.all(), info, filter=filter, order_by=order_by, order_type=PipelineOrder)

    @strawberry_django.connection(KeysetConnection[StageNode], description="Stages of every pipeline.")
    def stages(
        self, info: Info, filter: StageFilter | None = None, order_by: list[StageOrder] | None = None
    ) -> QuerySet[Any]:
        services.default_pipeline()
        return listed(models.Stage.objects.all(), info, filter=filter, order_by=order_by, order_type=StageOrder)

    @strawberry_django.connection(KeysetConnection[CompetitorNode], description="Competitors.")
    def competitors(
        self, info: Info, filter: CompetitorFilter | None = None, order_by: list[CompetitorOrder] | None = None
    ) -> QuerySet[Any]:
        return listed(
            models.Competitor.objects.all(), info, filter=filter, order_by=order_by, order_type=CompetitorOrder
        )

    @strawberry_django.connection(KeysetConnection[CompetingProductNode], description="Competitors' products.")
    def competing_products(
        self,
        info: Info,
        filter: CompetingProductFilter | None = None,
        order_by: list[CompetingProductOrder] | None = None,
    ) -> QuerySet[Any]:
        queryset = models.CompetingProduct.objects.all()
        return listed(queryset, info, filter=filter, order_by=order_by, order_type=CompetingProductOrder)

    @strawberry.field(
        description="A pipeline as a kanban board: each stage with its first deals, their count and sums "
        "(deals you may read, kept by `filter`). Null pipeline id: the default pipeline."
    )
    def pipeline_board(
        self,
        info: Info,
        pipeline_id: Annotated[
            relay.GlobalID | None, strawberry.argument(description="Null: the default pipeline.")
        ] = None,
        first: Annotated[int, strawberry.argument(description="Deals per stage, 0 to 100.")] = 20,
        filter: DealFilter | None = None,
    ) -> PipelineBoard:
        membership = require_membership(info)
        if not 0 <= first <= BOARD_MAX:
            raise ValidationError(f"first: between 0 and {BOARD_MAX}.")
        if pipeline_id is None:
            pipeline = services.default_pipeline()
        else:
            pipeline = get_record(info, models.Pipeline, decode_id(pipeline_id, "Pipeline", "pipelineId"))
        stages = list(scoped(info, pipeline.stages.all()).order_by("position", "id"))
        deals = _deals(models.Deal.objects.filter(pipeline=pipeline), info, filter, None, None)
        totals = services.stage_totals(membership, deals, [stage.pk for stage in stages])
        # One query for every column's first deals: numbered per stage, newest first.
        ranked = deals.annotate(
            board_row=Window(RowNumber(), partition_by=F("stage_id"), order_by=[F("created_at").desc(), F("id")])
        )
        by_stage: dict[Any, list[models.Deal]] = {}
        if first:
            page = ranked.filter(board_row__lte=first).select_related("owner", "company", "stage", "pipeline")
            for deal in page.order_by("stage_id", "board_row"):
                by_stage.setdefault(deal.stage_id, []).append(deal)
        columns = []
        for stage in stages:
            total = totals[stage.pk]
            sums = None if total.sums is None else [Money(amount=v, currency=c) for c, v in sorted(total.sums.items())]
            columns.append(
                BoardColumn(stage=stage, deals=by_stage.get(stage.pk, []), count=total.count, sums=sums)  # type: ignore[arg-type]
            )
        return PipelineBoard(pipeline=pipeline, columns=columns)  # type: ignore[arg-type]

    @strawberry.field(description="Per competitor: the deals against it you may read, won, lost and open.")
    def competitor_win_loss(self, info: Info) -> list[CompetitorWinLoss]:
        return [
            CompetitorWinLoss(
                competitor=row.competitor,  # type: ignore[arg-type]
                won=row.won,
                lost=row.lost,
                open=row.open,
                win_rate=row.win_rate,
            )
            for row in services.win_loss(require_membership(info))
        ]
