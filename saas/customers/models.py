"""Customers: companies (accounts), contacts, tags, groups, saved views, interactions, the public pool rule."""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower

from saas.kernel.models import SavedView as SavedView  # saved views are the kernel's; the API still names it here
from saas.records import Record, SoftDeletableRecord, user_reference

# Every full-text search of customers uses this text search configuration: no stemming,
# so names, e-mail addresses and Chinese/Latin mixed text are matched as typed.
SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression (see the GIN indexes below); queries must use exactly this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


_LEGAL_SUFFIXES = re.compile(
    r"\b(inc|incorporated|llc|ltd|limited|co|corp|corporation|company|gmbh|ag|sa|plc|bv|srl|pty|kk|oy|ab)\b\.?"
)


def normalize_company_name(name: str) -> str:
    """``ACME Corp., Inc.`` and ``acme`` are the same company for duplicate detection."""
    lowered = name.lower()
    without_suffix = _LEGAL_SUFFIXES.sub(" ", lowered)
    return re.sub(r"[\W_]+", "", without_suffix)


def normalize_phone(phone: str) -> str:
    """Digits and a leading ``+``: ``+1 (415) 555-0100`` → ``+14155550100``."""
    stripped = phone.strip()
    digits = re.sub(r"\D", "", stripped)
    return f"+{digits}" if stripped.startswith("+") else digits


class LifecycleStage(models.TextChoices):
    PROSPECT = "prospect", "Prospect"
    ACTIVE = "active", "Active"
    DORMANT = "dormant", "Dormant"
    LOST = "lost", "Lost"


class CustomerLevel(models.TextChoices):
    STRATEGIC = "strategic", "Strategic"
    A = "a", "A"
    B = "b", "B"
    C = "c", "C"


class CompanySize(models.TextChoices):
    MICRO = "1-10", "1-10"
    SMALL = "11-50", "11-50"
    MEDIUM = "51-200", "51-200"
    LARGE = "201-1000", "201-1000"
    ENTERPRISE = "1001+", "1001+"


class CustomerSource(models.TextChoices):
    WEBSITE = "website", "Website"
    REFERRAL = "referral", "Referral"
    TRADE_SHOW = "trade_show", "Trade show"
    COLD_CALL = "cold_call", "Cold call"
    SOCIAL = "social", "Social media"
    PARTNER = "partner", "Partner"
    ADVERTISING = "advertising", "Advertising"
    IMPORT = "import", "Import"
    OTHER = "other", "Other"


class CreditRating(models.TextChoices):
    AAA = "aaa", "AAA"
    AA = "aa", "AA"
    A = "a", "A"
    BBB = "bbb", "BBB"
    BB = "bb", "BB"
    B = "b", "B"
    C = "c", "C"


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", "Decision maker"
    INFLUENCER = "influencer", "Influencer"
    CHAMPION = "champion", "Champion"
    USER = "user", "User"
    GATEKEEPER = "gatekeeper", "Gatekeeper"
    TECHNICAL_BUYER = "technical_buyer", "Technical buyer"
    OTHER = "other", "Other"


class Tag(Record):
    name = models.CharField(max_length=50)
    color = models.CharField(max_length=7, default="#6b7280")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="customers_tag_unique_name")]

    def __str__(self) -> str:
        return self.name


class ContactGroup(Record):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(Lower("name"), name="customers_group_unique_name")]

    def __str__(self) -> str:
        return self.name


class Customer(SoftDeletableRecord):
    """What companies and contacts share: an owner (none = public pool), tags, pool clock, search text."""

    owner = user_reference(null=True, blank=True)
    # When the current owner took the customer: the pool clock starts here or at the last interaction.
    owner_assigned_at = models.DateTimeField(null=True, blank=True)
    last_interaction_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # Denormalised for the GIN full-text index; rebuilt on every save.
    search_text = models.TextField(blank=True, editable=False)

    class Meta(SoftDeletableRecord.Meta):
        abstract = True

    def build_search_text(self) -> str:
        raise NotImplementedError

    def derive(self) -> None:
        """Fill the columns kept from others (the search text); ``save`` does, and so must a bulk insert."""
        self.search_text = self.build_search_text()

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.derive()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class Company(Customer):
    MONEY_FIELDS: ClassVar[dict[str, str]] = {"credit_limit": "credit_currency"}  # saas.kernel.money
    name = models.CharField(max_length=200)
    normalized_name = models.CharField(max_length=200, db_index=True, editable=False)
    industry = models.CharField(max_length=100, blank=True)
    size = models.CharField(max_length=10, choices=CompanySize.choices, blank=True)
    website = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # A list of {kind, street, city, region, postalCode, country}; the first is the main address.
    addresses = models.JSONField(default=list, blank=True)
    # Region and country of the main address, kept as columns for filters and statistics.
    region = models.CharField(max_length=100, blank=True, db_index=True)
    country = models.CharField(max_length=2, blank=True)
    level = models.CharField(max_length=10, choices=CustomerLevel.choices, blank=True)
    category = models.CharField(max_length=100, blank=True)
    lifecycle_stage = models.CharField(
        max_length=10, choices=LifecycleStage.choices, default=LifecycleStage.PROSPECT, db_index=True
    )
    lifecycle_stage_changed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=20, choices=CustomerSource.choices, blank=True, db_index=True)
    credit_rating = models.CharField(max_length=3, choices=CreditRating.choices, blank=True)
    credit_limit = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    credit_currency = models.CharField(max_length=3, default="USD")
    tags = models.ManyToManyField(Tag, blank=True, related_name="companies")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="subsidiaries")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(Customer.Meta):
        verbose_name_plural = "companies"
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="customers_company_search"),
            # The default order of the list (newest first), over the rows not in the recycle bin.
            models.Index(
                F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="customers_company_recent"
            ),
            models.Index(fields=["owner", "-created_at"], name="customers_company_owner"),
            # ``orderBy: {name: …}``: a keyset page starts where this index points (graphql_schema/core/keyset.py)
            models.Index(fields=["name", "id"], condition=Q(deleted_at__isnull=True), name="customers_company_by_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def build_search_text(self) -> str:
        return " ".join(filter(None, [self.name, self.industry, self.website, self.phone, self.category, self.region]))

    def derive(self) -> None:
        self.normalized_name = normalize_company_name(self.name)
        super().derive()

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "normalized_name"}
        super().save(*args, **kwargs)


class Contact(Customer):
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    title = models.CharField(max_length=100, blank=True)
    buying_role = models.CharField(max_length=20, choices=BuyingRole.choices, blank=True)
    emails = ArrayField(models.CharField(max_length=254), default=list, blank=True)
    # Normalised (see normalize_phone), so duplicate detection compares like with like.
    phones = ArrayField(models.CharField(max_length=40), default=list, blank=True)
    wechat_id = models.CharField(max_length=100, blank=True, db_index=True)
    # Other networks: a list of {network, handle}.
    social_handles = models.JSONField(default=list, blank=True)
    birthday = models.DateField(null=True, blank=True)
    preferences = models.JSONField(default=dict, blank=True)
    email_consent = models.BooleanField(default=False)
    sms_consent = models.BooleanField(default=False)
    tags = models.ManyToManyField(Tag, blank=True, related_name="contacts")
    groups = models.ManyToManyField(ContactGroup, blank=True, related_name="contacts")
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(Customer.Meta):
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="customers_contact_search"),
            models.Index(
                F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="customers_contact_recent"
            ),
            # No pending list: an import looks up every row's e-mails here while it inserts, and each lookup
            # would scan the whole list of entries not yet merged (2 ms a key; bench/bench_import.py).
            GinIndex(fields=["emails"], name="customers_contact_emails", fastupdate=False),
            GinIndex(fields=["phones"], name="customers_contact_phones"),
            models.Index(fields=["owner", "-created_at"], name="customers_contact_owner"),
            # ``orderBy: {lastName: …}`` / ``{firstName: …}``: keyset pages start where these point
            models.Index(
                fields=["last_name", "id"], condition=Q(deleted_at__isnull=True), name="customers_contact_by_last"
            ),
            models.Index(
                fields=["first_name", "id"], condition=Q(deleted_at__isnull=True), name="customers_contact_by_first"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def build_search_text(self) -> str:
        # E-mail addresses also as their parts, so ``acme`` or ``ann@acme`` finds ``ann@acme.com``.
        email_words = [re.sub(r"[@.+_-]", " ", e) for e in self.emails]
        phone_digits = [p.lstrip("+") for p in self.phones]
        words = [self.first_name, self.last_name, self.title, self.wechat_id, *self.emails, *email_words, *phone_digits]
        return " ".join(filter(None, words))


class InteractionKind(models.TextChoices):
    CALL = "call", "Call"
    EMAIL = "email", "Email"
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    CHAT = "chat", "Chat"
    SOCIAL_MESSAGE = "social_message", "Social message"
    NOTE = "note", "Note"


class InteractionDirection(models.TextChoices):
    INBOUND = "inbound", "Inbound"
    OUTBOUND = "outbound", "Outbound"
    INTERNAL = "internal", "Internal"


class InteractionChannel(models.TextChoices):
    """The connector a message came in (or went out) through; blank: logged by a member."""

    EMAIL_INBOX = "email", "E-mail inbox"
    SMS = "sms", "SMS"
    WECHAT = "wechat", "WeChat"


class Interaction(Record):
    """One touch with a customer, on the timelines of its company and contact."""

    kind = models.CharField(max_length=20, choices=InteractionKind.choices)
    direction = models.CharField(max_length=10, choices=InteractionDirection.choices, default="outbound")
    occurred_at = models.DateTimeField(db_index=True)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    performed_by = user_reference(null=True, blank=True)
    company = models.ForeignKey(Company, null=True, blank=True, on_delete=models.CASCADE, related_name="interactions")
    contact = models.ForeignKey(Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="interactions")
    # Set by the connectors (saas.integrations) only, never by a member's input: e.g. only an e-mail that came
    # through the workspace's inbox has a thread to reply in.
    channel = models.CharField(max_length=10, choices=InteractionChannel.choices, blank=True, default="")

    class Meta:
        ordering = ["-occurred_at", "id"]
        indexes = [
            models.Index(fields=["company", "-occurred_at"], name="customers_interaction_company"),
            models.Index(fields=["contact", "-occurred_at"], name="customers_interaction_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} at {self.occurred_at:%Y-%m-%d %H:%M}"


class PoolRule(models.Model):
    """This tenant's public-pool rule (one row): owned customers go back to the pool after N idle days."""

    return_after_days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"return after {self.return_after_days} days" if self.return_after_days else "pool rule off"

    @classmethod
    def current(cls) -> PoolRule:
        rule, _ = cls.objects.get_or_create(pk=1)
        return rule
