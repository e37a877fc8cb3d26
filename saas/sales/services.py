"""Business rules of the sales module: pipelines, deals and their moves, competitors.

Every write: check access (``saas.access.policy``), validate everything first (nothing changes on
bad input), write in one transaction, then ``written`` (audit entry and realtime event).
``create_deal`` is the public entry other modules use (lead conversion).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from saas.access import policy
from saas.customers.models import BuyingRole, Company, Contact
from saas.errors import ErrorCode, ErrorCollector
from saas.kernel.changes import diff, snapshot
from saas.kernel.declared import DeclaredRecord
from saas.kernel.money import check_money
from saas.kernel.services import (
    BAD_KEY,
    apply_fields,
    apply_update,
    collect,
    get_for,
    get_many_for,
    member_user,
    set_many,
    written,
)
from saas.kernel.validation import check_choice, check_custom_fields, check_length, longest, unique_name
from tenants.models import Membership

from .models import (
    CompetingProduct,
    Competitor,
    Deal,
    DealContact,
    DealStageChange,
    ForecastCategory,
    Pipeline,
    Stage,
    StageKind,
)

DEAL_FIELDS = (
    "title",
    "amount",
    "currency",
    "pipeline",
    "stage",
    "probability",
    "expected_close_date",
    "owner",
    "company",
    "next_step",
    "lost_reason",
    "forecast_category",
    "competitors",
    "closed_at",
)

# The stages a workspace starts with: (name, default win probability, kind).
DEFAULT_STAGES: tuple[tuple[str, int, str], ...] = (
    ("Qualification", 10, StageKind.OPEN),
    ("Needs analysis", 25, StageKind.OPEN),
    ("Proposal", 50, StageKind.OPEN),
    ("Negotiation", 75, StageKind.OPEN),
    ("Won", 100, StageKind.WON),
    ("Lost", 0, StageKind.LOST),
)
DEFAULT_PIPELINE_NAME = "Sales pipeline"
MAX_STAGES = 30


# --- pipelines and stages ----------------------------------------------------------------------------


def default_pipeline() -> Pipeline:
    """Return the workspace's default pipeline, making the standard one the first time it is needed.

    Made on first use (the board, the pipelines list, a new deal) rather than by a data migration:
    new workspaces are copies of a template schema, and rows copied from it would give every
    workspace the same primary keys, while global ids must never name a record in two workspaces.
    """
    pipeline = Pipeline.objects.filter(is_default=True).first()
    if pipeline is not None:
        return pipeline
    with transaction.atomic():
        pipeline = Pipeline.objects.select_for_update().filter(is_default=True).first()
        if pipeline is None:
            pipeline = _insert_pipeline(DEFAULT_PIPELINE_NAME, DEFAULT_STAGES, is_default=True)
    return pipeline


def _insert_pipeline(name: str, stages: Iterable[tuple[str, int, str]], *, is_default: bool = False) -> Pipeline:
    position = (Pipeline.objects.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    pipeline = Pipeline.objects.create(name=name, is_default=is_default, position=position)
    Stage.objects.bulk_create(
        Stage(pipeline=pipeline, name=stage, probability=probability, kind=kind, position=i)
        for i, (stage, probability, kind) in enumerate(stages)
    )
    return pipeline


def _validate_stages(stages: Sequence[dict[str, Any]], errors: ErrorCollector) -> list[tuple[str, int, str]]:
    cleaned: list[tuple[str, int, str]] = []
    if not stages:
        errors.add("stages", "A pipeline needs at least one stage.", ErrorCode.REQUIRED)
    if len(stages) > MAX_STAGES:
        errors.add("stages", f"At most {MAX_STAGES} stages.", ErrorCode.TOO_MANY)
    seen: set[str] = set()
    for i, stage in enumerate(stages):
        name = (stage.get("name") or "").strip()
        check_length(name, 100, f"stages.{i}.name", errors, required=True)
        if name.lower() in seen:
            errors.add(f"stages.{i}.name", "Two stages have this name.", ErrorCode.TAKEN)
        seen.add(name.lower())
        probability = stage.get("probability")
        kind = stage.get("kind") or StageKind.OPEN
        check_choice(kind, StageKind, f"stages.{i}.kind", errors)
        if probability is None:
            probability = {StageKind.WON: 100, StageKind.LOST: 0}.get(kind, 0)
        _check_percent(probability, f"stages.{i}.probability", errors)
        cleaned.append((name, probability, kind))
    if stages and not any(kind == StageKind.OPEN for _, _, kind in cleaned):
        errors.add("stages", "A pipeline needs an open stage.", ErrorCode.REQUIRED)
    return cleaned


def _check_percent(value: Any, field: str, errors: ErrorCollector) -> None:
    if not isinstance(value, int) or not 0 <= value <= 100:
        errors.add(field, "A whole percentage from 0 to 100.", ErrorCode.OUT_OF_RANGE)


def create_pipeline(membership: Membership, *, name: str, stages: Sequence[dict[str, Any]]) -> Pipeline:
    """A new pipeline with its stages in the given order (admins: pipelines are workspace settings)."""
    policy.check(membership, "create", Pipeline)
    errors = ErrorCollector()
    name = (name or "").strip()
    check_length(name, 100, "name", errors, required=True)
    if name and Pipeline.objects.filter(name__iexact=name).exists():
        errors.add("name", "A pipeline with this name exists.", ErrorCode.TAKEN)
    cleaned = _validate_stages(stages or [], errors)
    errors.raise_if_any()
    with transaction.atomic():
        pipeline = _insert_pipeline(name, cleaned)
        changes = diff({}, {"name": name, "stages": [s[0] for s in cleaned]})
        written(membership, "create", pipeline, changes, "created")
    return pipeline


STAGES = DeclaredRecord(
    Stage,
    fields=("name", "probability", "kind", "position"),
    rules=(longest("name", 100),),
)


def update_stage(membership: Membership, stage_id: Any, data: dict[str, Any]) -> Stage:
    """Rename a stage or change its default probability (deals keep the probability they have)."""
    stage = get_for(membership, Stage, stage_id, "update")
    errors = ErrorCollector()
    if "name" in data:
        data["name"] = (data["name"] or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
        clash = Stage.objects.filter(pipeline_id=stage.pipeline_id, name__iexact=data["name"]).exclude(pk=stage.pk)
        if data["name"] and clash.exists():
            errors.add("name", "A stage with this name exists in the pipeline.", ErrorCode.TAKEN)
    if data.get("probability") is not None:
        _check_percent(data["probability"], "probability", errors)
    errors.raise_if_any()
    return STAGES.update(membership, stage.pk, {k: v for k, v in data.items() if v is not None})


# --- deals -----------------------------------------------------------------------------------------


def _validate_deal(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Deal | None = None
) -> None:
    creating = instance is None
    if "title" in data or creating:
        data["title"] = (data.get("title") or "").strip()
        check_length(data["title"], 200, "title", errors, required=True)
    for name, api_name in (("next_step", "nextStep"), ("lost_reason", "lostReason")):
        if data.get(name) is not None:
            data[name] = str(data[name]).strip()
            check_length(data[name], 200, api_name, errors)
    check_money(data, "amount", "currency", "amount", errors)
    if data.get("probability") is not None:
        _check_percent(data["probability"], "probability", errors)
    if data.get("forecast_category"):
        check_choice(data["forecast_category"], ForecastCategory, "forecastCategory", errors)
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("company") is not None:
        data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    if data.get("competitors") is not None:
        data["competitors"] = get_many_for(membership, Competitor, data["competitors"], "read", "competitorIds", errors)
    if data.get("contacts") is not None:
        data["contacts"] = _validate_contact_roles(membership, data["contacts"], errors)
    check_custom_fields(membership, Deal, data, errors, instance)


def _validate_contact_roles(
    membership: Membership, given: Sequence[dict[str, Any]], errors: ErrorCollector
) -> list[tuple[Contact, str]]:
    """``[{contact, role}]`` → the contacts (readable by the member) with their buying roles."""
    for i, item in enumerate(given):
        check_choice(item.get("role"), BuyingRole, f"contacts.{i}.role", errors)
    found = get_many_for(membership, Contact, [item["contact"] for item in given], "read", "contacts", errors)
    by_pk = {str(c.pk): c for c in found}
    return [(by_pk[str(item["contact"])], item.get("role") or "") for item in given if str(item["contact"]) in by_pk]


def _place(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector
) -> tuple[Pipeline | None, Stage | None]:
    """Where a new deal starts: the stage given, else the first open stage of the pipeline (or the default one)."""
    stage = collect(errors, membership, Stage, data.pop("stage"), "stageId") if data.get("stage") else None
    pipeline = (
        collect(errors, membership, Pipeline, data.pop("pipeline"), "pipelineId") if data.get("pipeline") else None
    )
    data.pop("stage", None), data.pop("pipeline", None)
    if errors.errors:
        return None, None
    if stage is not None:
        if pipeline is not None and stage.pipeline_id != pipeline.pk:
            errors.add("stageId", "The stage is not in this pipeline.", ErrorCode.INVALID)
        return stage.pipeline, stage
    pipeline = pipeline or default_pipeline()
    stage = pipeline.stages.filter(kind=StageKind.OPEN).order_by("position").first()
    if stage is None:
        errors.add("pipelineId", "The pipeline has no open stage.", ErrorCode.INVALID)
    return pipeline, stage


def _contact_snapshot(deal: Deal) -> list[str]:
    return sorted(f"{link.contact_id}:{link.role}" for link in DealContact.objects.filter(deal=deal))


def _set_contacts(deal: Deal, contacts: list[tuple[Contact, str]]) -> None:
    DealContact.objects.filter(deal=deal).delete()
    DealContact.objects.bulk_create(DealContact(deal=deal, contact=c, role=role) for c, role in contacts)


def create_deal(membership: Membership, data: dict[str, Any]) -> Deal:
    """Open a deal (the API's ``createDeal``; lead conversion calls it too).

    ``data`` holds model field names: ``title`` (required), ``amount`` + ``currency``, ``pipeline`` /
    ``stage`` (primary keys; neither: the first stage of the default pipeline), ``probability`` (else
    the stage's), ``expected_close_date``, ``owner`` (a user id; else the member), ``company``,
    ``contacts`` (``[{"contact": pk, "role": BuyingRole}]``), ``competitors`` (pks), ``next_step``,
    ``lost_reason``, ``custom_fields``. Raises ``ServiceError``.
    """
    policy.check(membership, "create", Deal)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_deal(membership, data, errors)
    pipeline, stage = _place(membership, data, errors)
    if stage is not None and stage.kind == StageKind.LOST and not data.get("lost_reason"):
        errors.add("lostReason", "Say why the deal was lost.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    assert pipeline is not None and stage is not None
    contacts = data.pop("contacts", None)
    now = timezone.now()
    with transaction.atomic():
        deal = Deal(pipeline=pipeline, stage=stage, probability=stage.probability, stage_entered_at=now)
        m2m = apply_fields(deal, data)
        if "owner" not in data:
            deal.owner = membership.user  # whoever opens a deal owns it unless they name someone
        policy.check(membership, "create", deal, fields=data)
        if stage.is_closed:
            deal.closed_at = now
        deal.save()
        for name, values in m2m:
            getattr(deal, name).set(values or [])
        if contacts:
            _set_contacts(deal, contacts)
        DealStageChange.objects.create(
            deal=deal, from_stage=None, to_stage=stage, at=now, by=membership.user, time_in_previous=timedelta(0)
        )
        after = snapshot(deal, DEAL_FIELDS)
        if contacts:
            after["contacts"] = _contact_snapshot(deal)
        written(membership, "create", deal, diff({}, after), "created")
    return deal


def update_deal(membership: Membership, deal_id: Any, data: dict[str, Any]) -> Deal:
    """Change a deal's fields (its stage changes with ``move_deal``); null clears an optional field."""
    deal = get_for(membership, Deal, deal_id, "update")
    errors = ErrorCollector()
    _validate_deal(membership, data, errors, deal)
    if "lost_reason" in data and not data["lost_reason"] and deal.stage.kind == StageKind.LOST:
        errors.add("lostReason", "A lost deal keeps its reason.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    policy.check(membership, "update", deal, fields=data)
    contacts = data.pop("contacts", None)
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        before = snapshot(deal, DEAL_FIELDS)
        before["contacts"] = _contact_snapshot(deal)
        m2m = apply_update(membership, deal, data)
        deal.save()
        set_many(deal, m2m)
        if contacts is not None:
            _set_contacts(deal, contacts)
        after = snapshot(deal, DEAL_FIELDS)
        after["contacts"] = _contact_snapshot(deal)
        if changes := diff(before, after):
            written(membership, "update", deal, changes, "updated")
    return deal


def move_deal(
    membership: Membership,
    deal_id: Any,
    stage: Any,
    lost_reason: str | None = None,
    probability: int | None = None,
) -> Deal:
    """Move a deal to another stage (of its pipeline or another one), keeping the history.

    The move is recorded with the time the deal spent in the stage it leaves. A won or lost stage
    closes the deal (``closed_at``); a lost one needs a reason (given here, or kept from before).
    Moving back to an open stage reopens it. The deal takes the stage's default probability unless
    ``probability`` is given.
    """
    deal = get_for(membership, Deal, deal_id, "update")
    errors = ErrorCollector()
    target = collect(errors, membership, Stage, stage, "stageId")
    if lost_reason is not None:
        lost_reason = lost_reason.strip()
        check_length(lost_reason, 200, "lostReason", errors)
    if probability is not None:
        _check_percent(probability, "probability", errors)
    if target is not None and target.kind == StageKind.LOST and not (lost_reason or deal.lost_reason):
        errors.add("lostReason", "Say why the deal was lost.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    assert target is not None
    policy.check(membership, "update", deal, fields=("stage", "pipeline", "probability"))
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        if deal.stage_id == target.pk and lost_reason is None and probability is None:
            return deal
        before = snapshot(deal, DEAL_FIELDS)
        now = timezone.now()
        if deal.stage_id != target.pk:
            DealStageChange.objects.create(
                deal=deal,
                from_stage_id=deal.stage_id,
                to_stage=target,
                at=now,
                by=membership.user,
                time_in_previous=now - deal.stage_entered_at,
            )
            deal.stage_entered_at = now
            deal.probability = target.probability
        deal.stage, deal.pipeline_id = target, target.pipeline_id
        if probability is not None:
            deal.probability = probability
        if target.kind == StageKind.LOST:
            deal.lost_reason = lost_reason or deal.lost_reason
        elif lost_reason is None:
            deal.lost_reason = ""  # reopened or won: the old reason no longer holds
        if target.is_closed:
            deal.closed_at = deal.closed_at if before["stage"] == str(target.pk) else now
        else:
            deal.closed_at = None
        deal.save()
        if changes := diff(before, snapshot(deal, DEAL_FIELDS)):
            written(membership, "update", deal, changes, "updated")
    return deal


def stage_history(deal: Deal) -> QuerySet[DealStageChange]:
    """The deal's moves, oldest first (read through the deal, so its read check covers them)."""
    return deal.stage_changes.select_related("from_stage", "to_stage").order_by("at", "id")


# --- the board -------------------------------------------------------------------------------------


@dataclass
class StageTotal:
    """A stage's deals on the board: how many, and the sum of their amounts per currency."""

    count: int
    sums: dict[str, Decimal] | None  # currency → sum; None when the member's role hides amounts


def stage_totals(membership: Membership, deals: QuerySet[Deal], stage_ids: Iterable[Any]) -> dict[Any, StageTotal]:
    """Count and amount sums per stage of ``deals`` (already scoped and filtered), in one query.

    Sums are per currency: the workspace keeps no exchange rates, so amounts in different
    currencies are never added together. Deals without an amount count, but add nothing.
    Every stage of ``stage_ids`` has an entry (an empty stage: 0 and no sums).
    """
    amounts_hidden = "amount" in policy.hidden_fields(membership, "read", Deal)
    totals = {pk: StageTotal(0, None if amounts_hidden else {}) for pk in stage_ids}
    rows = deals.order_by().values("stage_id", "currency").annotate(n=Count("pk"), total=Sum("amount"))
    for row in rows:
        total = totals.setdefault(row["stage_id"], StageTotal(0, None if amounts_hidden else {}))
        total.count += row["n"]
        if total.sums is not None and row["total"] is not None:
            total.sums[row["currency"]] = row["total"]
    return totals


# --- competitors -----------------------------------------------------------------------------------


def _competitor_exists(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if instance is None and not _competitor_known(data.get("competitor_id")):
        errors.add("competitorId", "No such competitor.", ErrorCode.NOT_FOUND)


def _competitor_known(pk: Any) -> bool:
    try:
        return pk is not None and Competitor.objects.filter(pk=pk).exists()
    except BAD_KEY:
        return False


def _product_name(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if "name" not in data and instance is not None:
        return
    data["name"] = (data.get("name") or "").strip()
    check_length(data["name"], 200, "name", errors, required=True)
    competitor_id = instance.competitor_id if instance is not None else data.get("competitor_id")
    if not _competitor_known(competitor_id):
        return  # reported by _competitor_exists
    clash = CompetingProduct.objects.filter(competitor_id=str(competitor_id), name__iexact=data["name"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if data["name"] and clash.exists():
        errors.add("name", "The competitor has a product with this name.", ErrorCode.TAKEN)


def _price(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    check_money(data, "price", "currency", "price", errors)


COMPETITORS = DeclaredRecord(
    Competitor,
    fields=("name", "website", "strengths", "weaknesses"),
    rules=(
        unique_name(Competitor, 200, "A competitor with this name exists."),
        longest("website", 200),
        longest("strengths", 5000),
        longest("weaknesses", 5000),
    ),
)
PRODUCTS = DeclaredRecord(
    CompetingProduct,
    fields=("competitor", "name", "price", "currency", "strengths", "weaknesses"),
    rules=(_competitor_exists, _product_name, _price, longest("strengths", 5000), longest("weaknesses", 5000)),
)
create_competitor, update_competitor, delete_competitor = COMPETITORS.create, COMPETITORS.update, COMPETITORS.delete
create_competing_product, update_competing_product = PRODUCTS.create, PRODUCTS.update
delete_competing_product = PRODUCTS.delete


@dataclass
class WinLoss:
    competitor: Competitor
    won: int
    lost: int
    open: int

    @property
    def win_rate(self) -> float | None:
        """Won out of closed deals against this competitor (None before any closed)."""
        closed = self.won + self.lost
        return round(self.won / closed, 4) if closed else None


def win_loss(membership: Membership) -> list[WinLoss]:
    """Per competitor: the deals against it the member may read, won / lost / still open (one query)."""
    deals = policy.scope_queryset(membership, Deal.objects.all(), "read")
    competitors = policy.scope_queryset(membership, Competitor.objects.all(), "read").annotate(
        won=Count("deals", filter=Q(deals__in=deals, deals__stage__kind=StageKind.WON)),
        lost=Count("deals", filter=Q(deals__in=deals, deals__stage__kind=StageKind.LOST)),
        open=Count("deals", filter=Q(deals__in=deals, deals__stage__kind=StageKind.OPEN)),
    )
    return [WinLoss(c, c.won, c.lost, c.open) for c in competitors.order_by("name", "id")]
