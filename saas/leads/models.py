"""Leads: people who showed interest, before they are customers; their scoring and assignment rules."""

from __future__ import annotations

import re
import secrets
from typing import Any, ClassVar

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.customers.models import InteractionKind
from saas.records import Record, SoftDeletableRecord, user_reference

# As customers: no stemming, names and addresses are matched as typed.
SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression (the GIN index below); the list's search must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    WORKING = "working", "Working"
    NURTURING = "nurturing", "Nurturing"
    QUALIFIED = "qualified", "Qualified"
    UNQUALIFIED = "unqualified", "Unqualified"
    CONVERTED = "converted", "Converted"


# A lead is "open" (counts towards its owner's load) until it is converted or ruled out.
OPEN_STATUSES = (LeadStatus.NEW, LeadStatus.WORKING, LeadStatus.NURTURING, LeadStatus.QUALIFIED)


class LeadSource(models.TextChoices):
    WEB_FORM = "web_form", "Web form"
    API = "api", "API"
    IMPORT = "import", "Import"
    CAMPAIGN = "campaign", "Campaign"
    REFERRAL = "referral", "Referral"
    TRADE_SHOW = "trade_show", "Trade show"
    COLD_CALL = "cold_call", "Cold call"
    SOCIAL = "social", "Social media"
    PARTNER = "partner", "Partner"
    ADVERTISING = "advertising", "Advertising"
    OTHER = "other", "Other"


class CampaignType(models.TextChoices):
    EMAIL = "email", "E-mail"
    EVENT = "event", "Event"
    WEBINAR = "webinar", "Webinar"
    ADS = "ads", "Ads"
    OTHER = "other", "Other"


class CampaignStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    ABORTED = "aborted", "Aborted"


def new_form_key() -> str:
    """A campaign's own web-form key: unguessable, so a form can't be pointed at another campaign by trying."""
    return secrets.token_urlsafe(12)


class Campaign(SoftDeletableRecord):
    """A marketing push (a mailing, an event, a webinar, ads) that leads are captured from.

    Its figures (leads, conversions, won amount, cost per lead, ROI) are computed, never stored
    (``saas.leads.campaigns``).
    """

    MONEY_FIELDS: ClassVar[dict[str, str]] = {
        "budget": "currency",
        "actual_cost": "currency",
        "expected_revenue": "currency",
    }  # saas.kernel.money: three amounts in the campaign's one currency
    name = models.CharField(max_length=200)
    type = models.CharField(max_length=10, choices=CampaignType.choices, default=CampaignType.OTHER)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.PLANNED)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    expected_revenue = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, default="USD")
    owner = user_reference(null=True, blank=True)
    description = models.TextField(blank=True)
    # A web form posting ``campaign=<key>`` captures its leads for this campaign (saas.leads.views).
    form_key = models.CharField(max_length=32, unique=True, default=new_form_key, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(SearchVector("search_text", config=SEARCH_CONFIG), name="leads_campaign_search"),
            models.Index(
                F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="leads_campaign_recent"
            ),
            models.Index(fields=["name", "id"], condition=Q(deleted_at__isnull=True), name="leads_campaign_by_name"),
            models.Index(fields=["status", "start_date"], name="leads_campaign_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="leads_campaign_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [self.name, self.description]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


def campaign_search_vector() -> SearchVector:
    """The indexed expression of campaigns (``leads_campaign_search``); the list's search uses exactly this."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class Lead(SoftDeletableRecord):
    name = models.CharField(max_length=200)
    company_name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=100, blank=True)
    email = models.CharField(max_length=254, blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    source = models.CharField(max_length=20, choices=LeadSource.choices, default=LeadSource.API, db_index=True)
    status = models.CharField(max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW, db_index=True)
    region = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    description = models.TextField(blank=True)
    owner = user_reference(null=True, blank=True)
    # The campaign the lead was captured from (null: none); its figures count the lead.
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.SET_NULL, related_name="leads")
    # Kept by saas.leads.scoring on every change of the lead and by the daily decay task.
    score = models.IntegerField(default=0, db_index=True)
    scored_at = models.DateTimeField(null=True, blank=True)
    # Set once by convertLead; converting again answers these same records.
    converted_at = models.DateTimeField(null=True, blank=True)
    converted_by = user_reference(null=True, blank=True)
    converted_company = models.ForeignKey(
        "customers.Company", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    converted_deal = models.ForeignKey("sales.Deal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Denormalised for the GIN full-text index; rebuilt on every save.
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="leads_lead_search"),
            models.Index(F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="leads_lead_recent"),
            models.Index(fields=["owner", "status"], name="leads_lead_owner_status"),
            models.Index(fields=["score", "id"], condition=Q(deleted_at__isnull=True), name="leads_lead_by_score"),
            models.Index(fields=["name", "id"], condition=Q(deleted_at__isnull=True), name="leads_lead_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        # E-mail addresses also as their parts, so ``acme`` finds ``ann@acme.com``; e-mail and phone are
        # sensitive, so a search only finds them for roles that may see them (graphql_schema.core.lists).
        words = [self.name, self.company_name, self.title, self.region, self.industry]
        return " ".join(filter(None, words))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = self.build_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def email_domain(self) -> str:
        return self.email.rsplit("@", 1)[-1].lower() if "@" in self.email else ""


class LeadActivity(Record):
    """A touch with a lead (call, e-mail, meeting...): scoring rules give points for them, fading with age."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="activities")
    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    occurred_at = models.DateTimeField(db_index=True)
    note = models.CharField(max_length=500, blank=True)
    performed_by = user_reference(null=True, blank=True)

    class Meta:
        ordering = ["-occurred_at", "id"]
        indexes = [models.Index(fields=["lead", "-occurred_at"], name="leads_activity_lead")]
        verbose_name_plural = "lead activities"

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"


class ScoredField(models.TextChoices):
    """The lead fields a scoring or assignment rule may look at."""

    SOURCE = "source", "Source"
    STATUS = "status", "Status"
    REGION = "region", "Region"
    INDUSTRY = "industry", "Industry"
    TITLE = "title", "Title"
    EMAIL_DOMAIN = "email_domain", "E-mail domain"


class ScoringRule(Record):
    """Points for a lead: for a field's value (``industry = Software`` +10) or for each activity of a kind.

    Activity points fade with their age (the tenant's half-life, ``LeadScoring``); field points don't.
    """

    field = models.CharField(max_length=20, choices=ScoredField.choices, blank=True)
    value = models.CharField(max_length=200, blank=True)  # compared case-insensitively, trimmed
    activity_kind = models.CharField(max_length=20, choices=InteractionKind.choices, blank=True)
    points = models.IntegerField()

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(activity_kind="") & ~Q(field="")) | (~Q(activity_kind="") & Q(field="")),
                name="leads_scoring_rule_field_xor_activity",
            )
        ]

    def __str__(self) -> str:
        what = f"{self.field} = {self.value}" if self.field else f"each {self.activity_kind}"
        return f"{what}: {self.points:+d}"


class LeadScoring(models.Model):
    """This tenant's scoring settings (one row): how fast activity points fade."""

    # Activity points halve every this many days; null: they never fade.
    half_life_days = models.PositiveIntegerField(null=True, blank=True, default=30)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"half-life {self.half_life_days} days" if self.half_life_days else "no decay"

    @classmethod
    def current(cls) -> LeadScoring:
        settings, _ = cls.objects.get_or_create(pk=1)
        return settings


class AssignmentMethod(models.TextChoices):
    ROUND_ROBIN = "round_robin", "Round robin"
    LOAD = "load", "Fewest open leads"


class AssignmentRule(Record):
    """Who gets a new lead nobody was named for: the first matching rule (by ``position``) picks in its team.

    A rule matches when each of its conditions (region, industry; blank: any) equals the lead's, ignoring
    case; it picks among the team's active members in turn (round robin) or the one with the fewest open leads.
    """

    name = models.CharField(max_length=100)
    position = models.PositiveIntegerField(default=0)
    region = models.CharField(max_length=100, blank=True)
    industry = models.CharField(max_length=100, blank=True)
    team = models.ForeignKey("access.Team", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=20, choices=AssignmentMethod.choices, default=AssignmentMethod.ROUND_ROBIN)
    # Round robin: who got the last lead (the next one goes to the member after them, by user id).
    last_assigned_user_id = models.BigIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "created_at", "id"]

    def __str__(self) -> str:
        return self.name

    def matches(self, lead: Lead) -> bool:
        return all(
            not normalized(wanted) or normalized(wanted) == normalized(getattr(lead, name) or "")
            for name, wanted in (("region", self.region), ("industry", self.industry))
        )


def normalized(value: str) -> str:
    """How rules compare values: trimmed, case-folded, inner spaces collapsed."""
    return re.sub(r"\s+", " ", value.strip()).casefold()
