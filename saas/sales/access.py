"""How the sales module plugs into access control: its record types and sample-record factories."""

from __future__ import annotations

from django.utils import timezone

from saas.access.registry import register
from saas.access.roles import SETTINGS_ONLY

from .models import CompetingProduct, Competitor, Deal, Pipeline, Stage
from .services import default_pipeline


def new_deal(owner_id: int | None) -> Deal:
    pipeline = default_pipeline()
    stage = pipeline.stages.order_by("position").first()
    assert stage is not None
    return Deal.objects.create(
        title="Matrix renewal",
        amount=1000,
        currency="USD",
        pipeline=pipeline,
        stage=stage,
        stage_entered_at=timezone.now(),
        owner_id=owner_id,
    )


def new_pipeline(owner_id: int | None) -> Pipeline:
    return Pipeline.objects.create(name=f"Pipeline {Pipeline.objects.count() + 1}")


def new_stage(owner_id: int | None) -> Stage:
    pipeline = default_pipeline()
    return Stage.objects.create(pipeline=pipeline, name=f"Stage {Stage.objects.count() + 1}", position=99)


def new_competitor(owner_id: int | None) -> Competitor:
    return Competitor.objects.create(name=f"Rival {Competitor.objects.count() + 1}")


def new_competing_product(owner_id: int | None) -> CompetingProduct:
    return CompetingProduct.objects.create(competitor=new_competitor(owner_id), name="Rival CRM", price=99)


def register_record_types() -> None:
    register(
        Deal,
        owner_field="owner",
        sensitive_fields=("amount",),
        factory=new_deal,
        field_overrides={"sales": {"amount": None}},  # sellers price their own deals
    )
    # The workspace's sales process: members read it, managers and admins shape it.
    register(Pipeline, owner_field=None, factory=new_pipeline, role_overrides=SETTINGS_ONLY)
    register(Stage, owner_field=None, factory=new_stage, role_overrides=SETTINGS_ONLY)
    register(Competitor, owner_field=None, factory=new_competitor)
    register(CompetingProduct, owner_field=None, factory=new_competing_product)
