"""Customer service: tickets with their transitions and conversation, SLA policies, business hours, knowledge base."""

from __future__ import annotations

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import models
from django.db.models import F, Q

from saas.records import Record, SoftDeletableRecord, user_reference

# No stemming: ticket subjects and articles mix product names, codes and Chinese/Latin text.
SEARCH_CONFIG = "simple"


def search_vector() -> SearchVector:
    """The indexed expression of tickets and articles (see their GIN indexes); queries must use this one."""
    return SearchVector("search_text", config=SEARCH_CONFIG)


class TicketStatus(models.TextChoices):
    NEW = "new", "New"
    ASSIGNED = "assigned", "Assigned"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING_ON_CUSTOMER = "waiting_on_customer", "Waiting on customer"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    ARCHIVED = "archived", "Archived"


class TicketPriority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class TicketChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    PHONE = "phone", "Phone"
    WEB = "web", "Web form"
    CHAT = "chat", "Chat"
    SOCIAL = "social", "Social"
    IN_PERSON = "in_person", "In person"


class TicketKind(models.TextChoices):
    CASE = "case", "Case"
    SERVICE_REQUEST = "service_request", "Service request"
    COMPLAINT = "complaint", "Complaint"


class MessageVisibility(models.TextChoices):
    PUBLIC = "public", "Reply to the customer"
    INTERNAL = "internal", "Internal note"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class SlaPolicy(Record):
    """First-response and resolution targets of one priority, in business minutes."""

    name = models.CharField(max_length=100)
    priority = models.CharField(max_length=10, choices=TicketPriority.choices, unique=True)
    first_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ["priority", "id"]
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    """When the service desk works on one weekday (0 = Monday), in the workspace's time zone; no row: closed."""

    weekday = models.PositiveSmallIntegerField(unique=True)
    opens_at = models.TimeField()
    closes_at = models.TimeField()

    class Meta:
        ordering = ["weekday"]

    def __str__(self) -> str:
        return f"{self.weekday}: {self.opens_at}-{self.closes_at}"


class Holiday(Record):
    """A day the service desk is closed (SLA clocks stop), in the workspace's time zone."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class AssignmentRule(Record):
    """New tickets of a category (blank: any) go round-robin to the members of a team."""

    name = models.CharField(max_length=100)
    category = models.CharField(max_length=100, blank=True)
    team = models.ForeignKey("access.Team", on_delete=models.CASCADE, related_name="+")
    # The user id the rule gave the last ticket to: the next one goes to the member after them.
    last_assignee_id = models.BigIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Ticket(SoftDeletableRecord):
    """A case, service request or complaint of a customer, handled through its status lifecycle."""

    subject = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=TicketKind.choices, default=TicketKind.CASE)
    channel = models.CharField(max_length=20, choices=TicketChannel.choices, default=TicketChannel.WEB)
    category = models.CharField(max_length=100, blank=True)
    priority = models.CharField(max_length=10, choices=TicketPriority.choices, default=TicketPriority.NORMAL)
    status = models.CharField(max_length=20, choices=TicketStatus.choices, default=TicketStatus.NEW)
    company = models.ForeignKey(
        "customers.Company", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    # None: in the queue, waiting for someone (or a rule) to take it.
    assignee = user_reference(null=True, blank=True)
    # The product the request is about (a catalogue product), if any.
    product = models.ForeignKey(
        "catalog.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    team = models.ForeignKey("access.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The SLA: targets copied from the policy when the ticket came in (or its priority changed).
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # Set once by breach detection (the beat task or a read); the notification goes out with it.
    first_response_breached_at = models.DateTimeField(null=True, blank=True)
    resolution_breached_at = models.DateTimeField(null=True, blank=True)
    # Denormalised for the GIN full-text index; rebuilt on every save.
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="service_ticket_search"),
            models.Index(
                F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="service_ticket_recent"
            ),
            models.Index(fields=["assignee", "status"], name="service_ticket_assignee"),
            # Breach detection scans open tickets by their next due time.
            models.Index(fields=["first_response_due_at"], name="service_ticket_fr_due"),
            models.Index(fields=["resolution_due_at"], name="service_ticket_res_due"),
        ]

    def __str__(self) -> str:
        return self.subject

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [self.subject, self.description, self.category]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class TicketTransition(Record):
    """One status change of a ticket: the history the lifecycle keeps (never edited)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=TicketStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=TicketStatus.choices)
    actor = user_reference(null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or '-'} → {self.to_status}"


class TicketMessage(Record):
    """A reply to the customer (public) or a note only the team sees (internal)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = user_reference(null=True, blank=True)
    body = models.TextField()
    visibility = models.CharField(max_length=10, choices=MessageVisibility.choices, default=MessageVisibility.PUBLIC)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.body[:50]


class Article(SoftDeletableRecord):
    """A knowledge-base article; published ones are readable by everyone, also on the public help page."""

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    body = models.TextField(blank=True)
    category = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    author = user_reference(null=True, blank=True)
    tickets = models.ManyToManyField(Ticket, blank=True, related_name="articles")
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "id"]
        indexes = [
            GinIndex(search_vector(), name="service_article_search"),
            models.Index(
                F("created_at").desc(), "id", condition=Q(deleted_at__isnull=True), name="service_article_recent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = " ".join(filter(None, [self.title, self.category, self.body]))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "updated_at"}
        super().save(*args, **kwargs)


class ArticleVersion(Record):
    """The text of an article as it was saved at one version (edits keep every earlier one)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    editor = user_reference(null=True, blank=True)

    class Meta:
        ordering = ["-version", "id"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="service_article_version_unique")]

    def __str__(self) -> str:
        return f"{self.article_id} v{self.version}"


class SurveyKind(models.TextChoices):
    CSAT = "csat", "Customer satisfaction (1-5)"
    NPS = "nps", "Net promoter score (0-10)"


# The scale of each kind: CSAT asks "how satisfied" from 1 to 5, NPS "how likely to recommend" from 0 to 10.
SURVEY_SCALE: dict[str, tuple[int, int]] = {SurveyKind.CSAT: (1, 5), SurveyKind.NPS: (0, 10)}


class Survey(Record):
    """A satisfaction survey sent to a customer, and their answer once given (through the signed link, once).

    CSAT: sent when a ticket is first resolved; ``agent`` and ``team`` are who held the ticket then, so the
    answer counts for them. NPS: sent by an owner or admin to a contact; no agent.
    """

    kind = models.CharField(max_length=4, choices=SurveyKind.choices)
    ticket = models.ForeignKey(Ticket, null=True, blank=True, on_delete=models.CASCADE, related_name="surveys")
    contact = models.ForeignKey(
        "customers.Contact", null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys"
    )
    email = models.EmailField(help_text="Where the link went.")
    agent = user_reference(null=True, blank=True)
    team = models.ForeignKey("access.Team", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    sent_by = user_reference(null=True, blank=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    # The answer: set once, through the public link.
    responded_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["-sent_at", "id"]
        constraints = [
            # Exactly one CSAT survey per ticket, however often it is resolved (a reopened ticket keeps it).
            models.UniqueConstraint(fields=["ticket"], condition=Q(kind="csat"), name="service_survey_one_csat"),
            models.CheckConstraint(
                condition=Q(score__isnull=True)
                | Q(kind="csat", score__gte=1, score__lte=5)
                | Q(kind="nps", score__gte=0, score__lte=10),
                name="service_survey_score_in_scale",
            ),
        ]
        indexes = [
            models.Index(fields=["responded_at"], name="service_survey_responded"),
            models.Index(fields=["agent", "responded_at"], name="service_survey_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email}"
