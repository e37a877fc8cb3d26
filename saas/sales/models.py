"""Sales: pipelines and their stages, deals (opportunities) with stage history, competitors.

A tenant has one or more pipelines; each is an ordered list of stages, each stage ``open``, ``won``
or ``lost`` with a default win probability. A deal sits in one stage of one pipeline; every move
between stages is kept (``DealStageChange``) with the time the deal spent in the stage it left.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from saas.customers.models import BuyingRole
from saas.records import Record, SoftDeletableRecord, user_reference

# As in customers: no stemming, so names and mixed Chinese/Latin text are matched as typed.
SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression (see ``Deal.Meta.indexes``); queries must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class StageKind(models.TextChoices):
    OPEN = "open", "Open"
    WON = "won", "Won"
    LOST = "lost", "Lost"


PERCENT = [MinValueValidator(0), MaxValueValidator(100)]


class ForecastCategory(models.TextChoices):
    """Where a deal counts in the forecast (``saas.forecasting``)."""

    PIPELINE = "pipeline", "Pipeline"
    BEST_CASE = "best_case", "Best case"
    COMMIT = "commit", "Commit"
    OMITTED = "omitted", "Omitted"


# An open deal without a category of its own takes one from its probability.
COMMIT_PROBABILITY = 75
BEST_CASE_PROBABILITY = 50


def category_for(probability: int, kind: str, chosen: str = "") -> str:
    """The forecast category a deal counts in: the one chosen, else from its stage and probability.

    A lost deal is omitted and a won one committed whatever was chosen; ``forecast_category_sql``
    is the same rule for the database.
    """
    if kind == StageKind.LOST:
        return ForecastCategory.OMITTED
    if kind == StageKind.WON:
        return ForecastCategory.COMMIT
    if chosen:
        return chosen
    if probability >= COMMIT_PROBABILITY:
        return ForecastCategory.COMMIT
    if probability >= BEST_CASE_PROBABILITY:
        return ForecastCategory.BEST_CASE
    return ForecastCategory.PIPELINE


def forecast_category_sql() -> models.Case:
    """``category_for`` as an expression over a deal's row (its stage joined)."""
    return models.Case(
        models.When(stage__kind=StageKind.LOST, then=models.Value(ForecastCategory.OMITTED.value)),
        models.When(stage__kind=StageKind.WON, then=models.Value(ForecastCategory.COMMIT.value)),
        models.When(~Q(forecast_category=""), then=F("forecast_category")),
        models.When(probability__gte=COMMIT_PROBABILITY, then=models.Value(ForecastCategory.COMMIT.value)),
        models.When(probability__gte=BEST_CASE_PROBABILITY, then=models.Value(ForecastCategory.BEST_CASE.value)),
        default=models.Value(ForecastCategory.PIPELINE.value),
        output_field=models.CharField(),
    )


class Pipeline(Record):
    """A sales process: its stages in order. Exactly one pipeline per tenant is the default."""

    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "name", "id"]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="sales_pipeline_unique_name"),
            models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True), name="sales_one_default"),
        ]

    def __str__(self) -> str:
        return self.name


class Stage(Record):
    pipeline = models.ForeignKey(Pipeline, on_delete=models.CASCADE, related_name="stages")
    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    # What a deal entering this stage gets as its probability, unless one is given.
    probability = models.PositiveSmallIntegerField(default=0, validators=PERCENT)
    kind = models.CharField(max_length=4, choices=StageKind.choices, default=StageKind.OPEN)

    class Meta:
        ordering = ["pipeline_id", "position", "id"]
        constraints = [
            models.UniqueConstraint("pipeline", Lower("name"), name="sales_stage_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.kind != StageKind.OPEN


class Competitor(Record):
    name = models.CharField(max_length=200)
    website = models.CharField(max_length=200, blank=True)
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(Lower("name"), name="sales_competitor_unique_name")]

    def __str__(self) -> str:
        return self.name


class CompetingProduct(Record):
    MONEY_FIELDS: ClassVar[dict[str, str]] = {"price": "currency"}  # saas.kernel.money
    competitor = models.ForeignKey(Competitor, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    price = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    strengths = models.TextField(blank=True)
    weaknesses = models.TextField(blank=True)

    class Meta:
        ordering = ["competitor_id", "name", "id"]
        constraints = [models.UniqueConstraint("competitor", Lower("name"), name="sales_product_unique_name")]

    def __str__(self) -> str:
        return self.name


class Deal(SoftDeletableRecord):
    """An opportunity: what may be sold to a company, for how much, and how far along it is."""

    MONEY_FIELDS: ClassVar[dict[str, str]] = {"amount": "currency"}  # saas.kernel.money
    title = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    pipeline = models.ForeignKey(Pipeline, on_delete=models.PROTECT, related_name="deals")
    stage = models.ForeignKey(Stage, on_delete=models.PROTECT, related_name="deals")
    probability = models.PositiveSmallIntegerField(default=0, validators=PERCENT)
    expected_close_date = models.DateField(null=True, blank=True)
    owner = user_reference(null=True, blank=True)
    company = models.ForeignKey(
        "customers.Company", null=True, blank=True, on_delete=models.SET_NULL, related_name="deals"
    )
    contacts = models.ManyToManyField("customers.Contact", through="DealContact", blank=True, related_name="deals")
    competitors = models.ManyToManyField(Competitor, blank=True, related_name="deals")
    next_step = models.CharField(max_length=200, blank=True)
    lost_reason = models.CharField(max_length=200, blank=True)
    # Chosen by the seller; blank: taken from the probability (``category_for``).
    forecast_category = models.CharField(max_length=9, choices=ForecastCategory.choices, blank=True)
    # When the deal entered its current stage (time in stage is measured from here).
    stage_entered_at = models.DateTimeField()
    # Set when the deal reaches a won or lost stage; cleared when it is reopened.
    closed_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for the GIN full-text index; rebuilt on every save.
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="sales_deal_search"),
            models.Index(F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="sales_deal_recent"),
            # The board: a stage's deals, newest first (``pipelineBoard``).
            models.Index(
                "stage", F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="sales_deal_board"
            ),
            models.Index(fields=["owner", "-created_at"], name="sales_deal_owner"),
            models.Index(fields=["title", "id"], condition=Q(deleted_at__isnull=True), name="sales_deal_by_title"),
            models.Index(
                fields=["expected_close_date", "id"], condition=Q(deleted_at__isnull=True), name="sales_deal_by_close"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [self.title, self.next_step]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class DealContact(models.Model):
    """A contact's part in a deal (decision maker, champion...)."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="contact_roles")
    contact = models.ForeignKey("customers.Contact", on_delete=models.CASCADE, related_name="deal_roles")
    role = models.CharField(max_length=20, choices=BuyingRole.choices, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["deal", "contact"], name="sales_deal_contact_once")]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.deal_id}"


class DealStageChange(models.Model):
    """One move of a deal between stages: the deal's stage history."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.ForeignKey(Stage, null=True, on_delete=models.SET_NULL, related_name="+")
    to_stage = models.ForeignKey(Stage, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    by = user_reference(null=True, blank=True)
    # How long the deal had been in ``from_stage`` when it left.
    time_in_previous = models.DurationField()

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["deal", "at"], name="sales_stage_change_deal")]

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.from_stage_id} → {self.to_stage_id}"
