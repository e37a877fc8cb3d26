"""Customer service rules: the ticket lifecycle, assignment, the conversation, SLA clocks, the knowledge base.

Every write reads like the kernel's reference (``saas.customers.services.update_company``): fetch for
the member, validate everything, check the policy, one transaction, then ``written`` (audit + event).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils.text import slugify

from realtime import events
from saas.access import policy
from saas.access.models import Team, TeamMember
from saas.access.workspace import require_settings_admin, tell_colleagues
from saas.catalog.models import Product
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import change, diff, snapshot
from saas.kernel.declared import DeclaredRecord
from saas.kernel.services import apply_fields, blank_for, collect, created, get_for, member_user, written
from saas.kernel.validation import check_choice, check_custom_fields, check_length, longest, unique_name
from tenants.models import Membership, Role

from . import clock, hooks, surveys
from .models import (
    Article,
    ArticleStatus,
    ArticleVersion,
    AssignmentRule,
    BusinessHours,
    Holiday,
    MessageVisibility,
    SlaPolicy,
    Ticket,
    TicketChannel,
    TicketKind,
    TicketMessage,
    TicketPriority,
    TicketStatus,
    TicketTransition,
)
from .sla import Calendar, workspace_calendar

S = TicketStatus
# The lifecycle: where a ticket may go from each status. Reopening is resolved → in progress.
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSIGNED}),
    S.ASSIGNED: frozenset({S.IN_PROGRESS}),
    S.IN_PROGRESS: frozenset({S.WAITING_ON_CUSTOMER, S.RESOLVED}),
    S.WAITING_ON_CUSTOMER: frozenset({S.IN_PROGRESS, S.RESOLVED}),
    S.RESOLVED: frozenset({S.CLOSED, S.IN_PROGRESS}),
    S.CLOSED: frozenset({S.ARCHIVED}),
    S.ARCHIVED: frozenset(),
}
# Statuses whose SLA clocks have stopped: nothing can breach any more.
DONE = frozenset({S.RESOLVED, S.CLOSED, S.ARCHIVED})
TICKET_FIELDS = (
    "subject",
    "description",
    "kind",
    "channel",
    "category",
    "priority",
    "status",
    "company",
    "contact",
    "product",
    "assignee",
    "team",
    "first_response_due_at",
    "resolution_due_at",
    "first_responded_at",
    "resolved_at",
    "closed_at",
    "last_message_at",
)
ARTICLE_FIELDS = ("title", "slug", "body", "category", "status", "published_at", "version", "author", "tickets")


# --- SLA -------------------------------------------------------------------------------------------


def policies_for(tickets: Sequence[Ticket]) -> dict[Any, SlaPolicy | None]:
    """The SLA policy of each ticket: its priority's, unless a module overrides it (``hooks.override_sla``)."""
    by_priority = {p.priority: p for p in SlaPolicy.objects.all()}
    chosen: dict[Any, SlaPolicy | None] = {ticket.pk: by_priority.get(ticket.priority) for ticket in tickets}
    if tickets:
        for override in hooks.SLA_OVERRIDES:
            chosen.update(override(tickets))
    return chosen


def _set_due_times(ticket: Ticket, calendar: Calendar | None = None) -> None:
    """Copy the targets of the ticket's policy onto it, counted in business minutes from its arrival."""
    policy_row = policies_for([ticket])[ticket.pk]
    if policy_row is None:
        ticket.first_response_due_at = ticket.resolution_due_at = None
        return
    calendar = calendar or workspace_calendar()
    ticket.first_response_due_at = calendar.add(ticket.created_at, policy_row.first_response_minutes)
    ticket.resolution_due_at = calendar.add(ticket.created_at, policy_row.resolution_minutes)


def retime_open_tickets(
    membership: Membership | None, priority: str | None = None, ticket_ids: Sequence[Any] | None = None
) -> int:
    """Count the due times of open tickets again, after their policy or calendar changed.

    ``priority``: only tickets of that priority or whose policy is that priority's (an override);
    ``ticket_ids``: only these tickets. A target already met keeps its due time (a first response that went
    out stays judged by the target it had); breach marks stay (they were notified). Each ticket that changes
    is written (audit + live event). Returns how many changed.
    """
    tickets = Ticket.objects.exclude(status__in=list(DONE)).select_for_update()
    if ticket_ids is not None:
        tickets = tickets.filter(pk__in=list(ticket_ids))
    found = list(tickets.order_by("pk"))
    calendar = workspace_calendar()
    policies = policies_for(found)
    changed = 0
    for ticket in found:
        row = policies.get(ticket.pk)
        if priority is not None and ticket.priority != priority and (row is None or row.priority != priority):
            continue
        before = snapshot(ticket, ("first_response_due_at", "resolution_due_at"))
        if ticket.first_responded_at is None:
            ticket.first_response_due_at = (
                calendar.add(ticket.created_at, row.first_response_minutes) if row is not None else None
            )
        ticket.resolution_due_at = calendar.add(ticket.created_at, row.resolution_minutes) if row is not None else None
        changes = diff(before, snapshot(ticket, ("first_response_due_at", "resolution_due_at")))
        if changes:
            ticket.save(update_fields=["first_response_due_at", "resolution_due_at"])
            written(membership, "update", ticket, changes, "updated")
            changed += 1
    return changed


def first_response_breached(ticket: Ticket, now: datetime | None = None) -> bool:
    """Whether the first public reply came (or is still missing) after its due time."""
    if ticket.first_response_breached_at is not None:
        return True
    due = ticket.first_response_due_at
    if due is None:
        return False
    if ticket.first_responded_at is not None:
        return ticket.first_responded_at > due
    return ticket.status not in DONE and (now or clock.now()) >= due


def resolution_breached(ticket: Ticket, now: datetime | None = None) -> bool:
    """Whether the ticket was (or is still not) resolved after its due time."""
    if ticket.resolution_breached_at is not None:
        return True
    due = ticket.resolution_due_at
    if due is None:
        return False
    if ticket.resolved_at is not None:
        return ticket.resolved_at > due
    return ticket.status not in DONE and (now or clock.now()) >= due


def breached_q(now: datetime, prefix: str = "") -> Q:
    """Tickets whose SLA is breached at ``now`` (marked, or overdue and not marked yet)."""
    open_ = ~Q(**{f"{prefix}status__in": list(DONE)})
    return (
        Q(**{f"{prefix}first_response_breached_at__isnull": False})
        | Q(**{f"{prefix}resolution_breached_at__isnull": False})
        | (open_ & Q(**{f"{prefix}first_responded_at__isnull": True, f"{prefix}first_response_due_at__lte": now}))
        | (open_ & Q(**{f"{prefix}resolved_at__isnull": True, f"{prefix}resolution_due_at__lte": now}))
    )


def _breach_recipients(ticket: Ticket) -> list[int]:
    """The assignee; a ticket nobody holds goes to the workspace's owners and admins."""
    if ticket.assignee_id is not None:
        return [ticket.assignee_id]
    admins = Membership.objects.filter(tenant_id=_tenant_id(), is_active=True, role__in=[Role.OWNER, Role.ADMIN])
    return list(admins.values_list("user_id", flat=True))


def detect_breaches(now: datetime | None = None) -> int:
    """Mark every overdue open ticket of this workspace breached, once, and tell whoever holds it.

    Idempotent: a ticket already marked is skipped (the condition is re-checked on the locked row), so a
    second run, or two runs at once, notify nobody twice. Returns the number of breaches marked.
    """
    now = now or clock.now()
    candidates = Ticket.objects.exclude(status__in=list(DONE)).filter(
        Q(first_response_breached_at__isnull=True, first_responded_at__isnull=True, first_response_due_at__lte=now)
        | Q(resolution_breached_at__isnull=True, resolved_at__isnull=True, resolution_due_at__lte=now)
    )
    marked = 0
    for pk in list(candidates.values_list("pk", flat=True)):
        with transaction.atomic():
            ticket = Ticket.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if ticket is None or ticket.status in DONE:
                continue
            changes: dict[str, Any] = {}
            if (
                ticket.first_response_breached_at is None
                and ticket.first_responded_at is None
                and ticket.first_response_due_at is not None
                and ticket.first_response_due_at <= now
            ):
                ticket.first_response_breached_at = now
                changes["first_response_breached_at"] = change(None, now)
            if (
                ticket.resolution_breached_at is None
                and ticket.resolved_at is None
                and ticket.resolution_due_at is not None
                and ticket.resolution_due_at <= now
            ):
                ticket.resolution_breached_at = now
                changes["resolution_breached_at"] = change(None, now)
            if not changes:
                continue
            ticket.save(update_fields=["first_response_breached_at", "resolution_breached_at"])
            written(None, "update", ticket, changes, "updated")
            what = "first response" if "first_response_breached_at" in changes else "resolution"
            for user_id in _breach_recipients(ticket):
                events.notify(
                    user_id,
                    "sla_breached",
                    f"SLA breached ({what}): {ticket.subject}",
                    {"ticketId": str(ticket.pk), "breach": what},
                )
            marked += 1
    return marked


# --- tickets ---------------------------------------------------------------------------------------


def _validate_ticket(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Ticket | None = None
) -> None:
    if "subject" in data or instance is None:
        data["subject"] = (data.get("subject") or "").strip()
        check_length(data["subject"], 200, "subject", errors, required=True)
    check_length(data.get("description"), 20000, "description", errors)
    check_length(data.get("category"), 100, "category", errors)
    for name, choices in (
        ("kind", TicketKind),
        ("channel", TicketChannel),
        ("priority", TicketPriority),
    ):
        check_choice(data.get(name), choices, name, errors)
    if data.get("assignee") is not None:
        data["assignee"] = member_user(membership, data["assignee"], "assigneeId", errors)
    if data.get("company") is not None:
        data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    if data.get("contact") is not None:
        data["contact"] = collect(errors, membership, Contact, data["contact"], "contactId")
    if data.get("product") is not None:
        data["product"] = collect(errors, membership, Product, data["product"], "productId")
    if data.get("team") is not None:
        team = Team.objects.filter(pk=data["team"]).first()
        if team is None:
            errors.add("teamId", "No such team.", ErrorCode.NOT_FOUND)
        data["team"] = team
    check_custom_fields(membership, Ticket, data, errors, instance)


def _transition(ticket: Ticket, to: str, actor: Membership | None, note: str = "") -> None:
    """Record one status change (the ticket is saved by the caller) and stamp the lifecycle's times."""
    TicketTransition.objects.create(
        ticket=ticket, from_status=ticket.status, to_status=to, actor=actor.user if actor else None, note=note
    )
    now = clock.now()
    if to == S.RESOLVED:
        ticket.resolved_at = now
        surveys.send_csat(ticket)  # the first resolution only (see surveys.py)
    elif to == S.CLOSED:
        ticket.closed_at = now
    elif to == S.IN_PROGRESS and ticket.status == S.RESOLVED:
        ticket.resolved_at = None  # reopened: the resolution clock runs again
    ticket.status = to


def _next_by_rule(ticket: Ticket) -> tuple[Any, Team | None]:
    """The member a matching assignment rule gives this ticket to (round-robin in its team), and the team."""
    rules = AssignmentRule.objects.filter(Q(category__iexact=ticket.category) | Q(category="")).select_for_update()
    rule = min(rules, key=lambda r: (r.category == "", r.position, r.name), default=None)
    if rule is None:
        return None, None
    members = sorted(TeamMember.objects.filter(team_id=rule.team_id).values_list("user_id", flat=True))
    active = set(
        Membership.objects.filter(tenant_id=_tenant_id(), user_id__in=members, is_active=True).values_list(
            "user_id", flat=True
        )
    )
    members = [m for m in members if m in active]
    if not members:
        return None, rule.team
    after = [m for m in members if rule.last_assignee_id is not None and m > rule.last_assignee_id]
    chosen = after[0] if after else members[0]
    rule.last_assignee_id = chosen
    rule.save(update_fields=["last_assignee_id", "updated_at"])
    return chosen, rule.team


def _tenant_id() -> Any:
    return getattr(getattr(connection, "tenant", None), "pk", None)


def create_ticket(membership: Membership, data: dict[str, Any]) -> Ticket:
    policy.check(membership, "create", Ticket)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_ticket(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        ticket = Ticket(created_at=clock.now())
        apply_fields(ticket, data)
        if ticket.assignee_id is None:
            chosen, team = _next_by_rule(ticket)
            if chosen is not None:
                ticket.assignee_id = chosen
            if ticket.team_id is None and team is not None:
                ticket.team = team
        if ticket.assignee_id is None and not policy.allows(membership, "create", ticket):
            ticket.assignee = membership.user  # an own-scope role takes what it opens
        policy.check(membership, "create", ticket, fields=data)
        ticket.save()
        for arrival in hooks.ARRIVALS:
            arrival(membership, ticket)  # e.g. the customer's entitlement, which may bring its own SLA policy
        _set_due_times(ticket)
        ticket.save(update_fields=["first_response_due_at", "resolution_due_at"])
        TicketTransition.objects.create(ticket=ticket, from_status="", to_status=S.NEW, actor=membership.user)
        if ticket.assignee_id is not None:
            _transition(ticket, S.ASSIGNED, membership, "assigned on arrival")
            ticket.save(update_fields=["status"])
        created(membership, ticket, TICKET_FIELDS)
        if ticket.assignee_id is not None and ticket.assignee_id != membership.user_id:
            events.notify(
                ticket.assignee_id,
                "ticket_assigned",
                f"Ticket assigned to you: {ticket.subject}",
                {"ticketId": str(ticket.pk)},
            )
    return ticket


def update_ticket(membership: Membership, ticket_id: Any, data: dict[str, Any]) -> Ticket:
    """Change what a ticket is about (status and assignee have their own services)."""
    ticket = get_for(membership, Ticket, ticket_id, "update")
    errors = ErrorCollector()
    _validate_ticket(membership, data, errors, ticket)
    if data.get("priority", "") is None:
        errors.add("priority", "A ticket always has a priority.", ErrorCode.REQUIRED)
    errors.raise_if_any()
    policy.check(membership, "update", ticket, fields=data)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        before = snapshot(ticket, TICKET_FIELDS)
        old_priority = ticket.priority
        apply_fields(ticket, {k: blank_for(Ticket, k, v) for k, v in data.items()})
        if ticket.priority != old_priority:
            _set_due_times(ticket)  # the new priority's targets, still counted from arrival
        ticket.save()
        changes = diff(before, snapshot(ticket, TICKET_FIELDS))
        if changes:
            written(membership, "update", ticket, changes, "updated")
    return ticket


def assign_ticket(membership: Membership, ticket_id: Any, assignee: Any = None) -> Ticket:
    """Give a ticket to a member, or to yourself without one (a new ticket becomes assigned); they are notified."""
    ticket = get_for(membership, Ticket, ticket_id, "update")
    errors = ErrorCollector()
    user = member_user(membership, assignee, "assigneeId", errors) if assignee is not None else membership.user
    errors.raise_if_any()
    assert user is not None
    policy.check_owner(membership, Ticket, user.pk)
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        before = snapshot(ticket, TICKET_FIELDS)
        ticket.assignee = user
        if ticket.status == S.NEW:
            _transition(ticket, S.ASSIGNED, membership)
        ticket.save()
        changes = diff(before, snapshot(ticket, TICKET_FIELDS))
        if changes:
            written(membership, "update", ticket, changes, "updated")
            if user.pk != membership.user_id:
                events.notify(
                    user.pk,
                    "ticket_assigned",
                    f"Ticket assigned to you: {ticket.subject}",
                    {"ticketId": str(ticket.pk)},
                )
    return ticket


def change_ticket_status(membership: Membership, ticket_id: Any, status: str, note: str | None = None) -> Ticket:
    """Move a ticket along its lifecycle; a move the lifecycle does not allow is ``invalid_transition``."""
    ticket = get_for(membership, Ticket, ticket_id, "update")
    errors = ErrorCollector()
    check_choice(status, TicketStatus, "status", errors)
    check_length(note, 500, "note", errors)
    errors.raise_if_any()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if status not in TRANSITIONS[ticket.status]:
            allowed = ", ".join(sorted(TRANSITIONS[ticket.status])) or "nothing (it is final)"
            raise ServiceError(
                FieldError(
                    "status",
                    f"A ticket that is {ticket.status} cannot become {status}; it may become: {allowed}.",
                    ErrorCode.INVALID_TRANSITION,
                )
            )
        if status == S.ASSIGNED and ticket.assignee_id is None:
            raise ServiceError(
                FieldError("status", "Assign the ticket to someone first.", ErrorCode.INVALID_TRANSITION)
            )
        before = snapshot(ticket, TICKET_FIELDS)
        _transition(ticket, status, membership, note or "")
        ticket.save()
        written(membership, "update", ticket, diff(before, snapshot(ticket, TICKET_FIELDS)), "updated")
    return ticket


def add_ticket_message(
    membership: Membership, ticket_id: Any, body: str, visibility: str | None = None
) -> tuple[TicketMessage, Ticket]:
    """A reply to the customer or an internal note; the first reply stops the first-response clock."""
    ticket = get_for(membership, Ticket, ticket_id, "update", "ticketId")
    errors = ErrorCollector()
    body = (body or "").strip()
    check_length(body, 20000, "body", errors, required=True)
    visibility = visibility or MessageVisibility.PUBLIC
    check_choice(visibility, MessageVisibility, "visibility", errors)
    if ticket.status == S.ARCHIVED:
        errors.add("ticketId", "An archived ticket takes no more messages.", ErrorCode.INVALID_TRANSITION)
    errors.raise_if_any()
    with transaction.atomic():
        ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
        before = snapshot(ticket, TICKET_FIELDS)
        now = clock.now()
        message = TicketMessage.objects.create(
            ticket=ticket, author=membership.user, body=body, visibility=visibility, created_at=now
        )
        ticket.last_message_at = now
        if visibility == MessageVisibility.PUBLIC and ticket.first_responded_at is None:
            ticket.first_responded_at = now
        ticket.save()
        written(membership, "update", ticket, diff(before, snapshot(ticket, TICKET_FIELDS)), "updated")
    return message, ticket


# --- SLA policies, business hours, holidays, assignment rules (admins) ----------------------------


def _positive(field: str, api_name: str) -> Any:
    def rule(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
        value = data.get(field)
        if instance is None and value is None:
            errors.add(api_name, "This field is required.", ErrorCode.REQUIRED)
        elif value is not None and not (1 <= value <= 525600):
            errors.add(api_name, "Between 1 and 525600 business minutes.", ErrorCode.OUT_OF_RANGE)

    return rule


def _priority(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if instance is None and not data.get("priority"):
        errors.add("priority", "This field is required.", ErrorCode.REQUIRED)
    check_choice(data.get("priority"), TicketPriority, "priority", errors)
    clash = SlaPolicy.objects.filter(priority=data.get("priority"))
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if data.get("priority") and clash.exists():
        errors.add("priority", "This priority has a policy already.", ErrorCode.TAKEN)


def _resolution_after_response(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    first = data.get("first_response_minutes", getattr(instance, "first_response_minutes", None))
    resolution = data.get("resolution_minutes", getattr(instance, "resolution_minutes", None))
    if first and resolution and resolution < first:
        errors.add("resolutionMinutes", "Resolution cannot be due before the first response.", ErrorCode.INVALID)


SLA_POLICIES = DeclaredRecord(
    SlaPolicy,
    fields=("name", "priority", "first_response_minutes", "resolution_minutes"),
    rules=(
        unique_name(SlaPolicy, 100, "A policy with this name exists."),
        _priority,
        _positive("first_response_minutes", "firstResponseMinutes"),
        _positive("resolution_minutes", "resolutionMinutes"),
        _resolution_after_response,
    ),
)


def create_sla_policy(membership: Membership, data: dict[str, Any]) -> SlaPolicy:
    """A priority's targets; its open tickets are counted against them from now on."""
    with transaction.atomic():
        row = SLA_POLICIES.create(membership, data)
        retime_open_tickets(membership, row.priority)
    return row


def update_sla_policy(membership: Membership, pk: Any, data: dict[str, Any]) -> SlaPolicy:
    """Change a priority's targets: its open tickets' due times move with them (met targets stay)."""
    with transaction.atomic():
        row = SLA_POLICIES.update(membership, pk, data)
        retime_open_tickets(membership, row.priority)
    return row


def delete_sla_policy(membership: Membership, pk: Any) -> str:
    """Remove a policy: its priority's open tickets have no due times any more."""
    with transaction.atomic():
        row = get_for(membership, SlaPolicy, pk, "delete")
        priority = row.priority
        gone = SLA_POLICIES.delete(membership, pk)
        retime_open_tickets(membership, priority)
    return gone


def _holiday_date(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    day = data.get("date")
    if day is None:
        if instance is None:
            errors.add("date", "This field is required.", ErrorCode.REQUIRED)
        return
    clash = Holiday.objects.filter(date=day)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        errors.add("date", "This day is a holiday already.", ErrorCode.TAKEN)


def _required_name(limit: int) -> Any:
    def rule(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
        if "name" in data or instance is None:
            data["name"] = (data.get("name") or "").strip()
            check_length(data["name"], limit, "name", errors, required=True)

    return rule


HOLIDAYS = DeclaredRecord(Holiday, fields=("date", "name"), rules=(_holiday_date, _required_name(100)))


def create_holiday(membership: Membership, data: dict[str, Any]) -> Holiday:
    """A closed day; open tickets' due times skip it from now on."""
    with transaction.atomic():
        row = HOLIDAYS.create(membership, data)
        retime_open_tickets(membership)
    return row


def update_holiday(membership: Membership, pk: Any, data: dict[str, Any]) -> Holiday:
    with transaction.atomic():
        row = HOLIDAYS.update(membership, pk, data)
        retime_open_tickets(membership)
    return row


def delete_holiday(membership: Membership, pk: Any) -> str:
    with transaction.atomic():
        gone = HOLIDAYS.delete(membership, pk)
        retime_open_tickets(membership)
    return gone


def _rule_team(data: dict[str, Any], errors: ErrorCollector, instance: Any) -> None:
    if instance is None and data.get("team") is None:
        errors.add("teamId", "This field is required.", ErrorCode.REQUIRED)
    if data.get("team") is not None:
        team = Team.objects.filter(pk=data["team"]).first()
        if team is None:
            errors.add("teamId", "No such team.", ErrorCode.NOT_FOUND)
        data["team"] = team


ASSIGNMENT_RULES = DeclaredRecord(
    AssignmentRule,
    fields=("name", "category", "team", "position"),
    rules=(_required_name(100), longest("category", 100), _rule_team),
)


def set_business_hours(membership: Membership, days: list[dict[str, Any]]) -> list[BusinessHours]:
    """Replace the workspace's business hours (one entry per open weekday; a weekday left out is closed).

    They are the workspace's one week: the company profile shows them to every member and the desk's
    SLA clocks count in them, so owners and admins set them (the workspace settings' permission), and
    colleagues' open pages are told.
    """
    require_settings_admin(membership)
    errors = ErrorCollector()
    seen: set[int] = set()
    for i, day in enumerate(days):
        weekday, opens, closes = day.get("weekday"), day.get("opens_at"), day.get("closes_at")
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            errors.add(f"days.{i}.weekday", "A weekday from 0 (Monday) to 6 (Sunday).", ErrorCode.OUT_OF_RANGE)
        elif weekday in seen:
            errors.add(f"days.{i}.weekday", "Each weekday once.", ErrorCode.TAKEN)
        else:
            seen.add(weekday)
        if not isinstance(opens, time) or not isinstance(closes, time) or closes <= opens:
            errors.add(f"days.{i}.closesAt", "A day closes after it opens.", ErrorCode.INVALID)
    errors.raise_if_any()
    with transaction.atomic():
        before = {str(h.weekday): f"{h.opens_at}-{h.closes_at}" for h in BusinessHours.objects.all()}
        BusinessHours.objects.all().delete()
        rows = BusinessHours.objects.bulk_create(
            BusinessHours(weekday=d["weekday"], opens_at=d["opens_at"], closes_at=d["closes_at"]) for d in days
        )
        after = {str(h.weekday): f"{h.opens_at}-{h.closes_at}" for h in rows}
        from saas.audit import services as audit

        audit.record(
            actor=membership.user,
            action="update",
            record_type="BusinessHours",
            record_id="workspace",
            changes={"business_hours": change(before, after)},
        )
        retime_open_tickets(membership)  # open tickets count in the new hours
        if before != after:
            tell_colleagues(membership, "the workspace's business hours")
    return sorted(rows, key=lambda r: r.weekday)


# --- knowledge base -------------------------------------------------------------------------------


def _unique_slug(title: str, exclude: Any = None) -> str:
    base = slugify(title, allow_unicode=True)[:200] or "article"
    slug, n = base, 1
    taken = Article.all_objects.exclude(pk=exclude) if exclude else Article.all_objects.all()
    while taken.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate_article(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Article | None = None
) -> None:
    if "title" in data or instance is None:
        data["title"] = (data.get("title") or "").strip()
        check_length(data["title"], 200, "title", errors, required=True)
    check_length(data.get("body"), 100000, "body", errors)
    check_length(data.get("category"), 100, "category", errors)
    check_choice(data.get("status"), ArticleStatus, "status", errors)
    check_custom_fields(membership, Article, data, errors, instance)


def create_article(membership: Membership, data: dict[str, Any]) -> Article:
    policy.check(membership, "create", Article)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_article(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        article = Article(author=membership.user)
        apply_fields(article, data)
        policy.check(membership, "create", article, fields=data)
        article.slug = _unique_slug(article.title)
        if article.status == ArticleStatus.PUBLISHED:
            article.published_at = clock.now()
        article.save()
        ArticleVersion.objects.create(
            article=article, version=1, title=article.title, body=article.body, editor=membership.user
        )
        created(membership, article, ARTICLE_FIELDS)
    return article


def update_article(membership: Membership, article_id: Any, data: dict[str, Any]) -> Article:
    """Edit an article: a change of its text makes a new version (earlier ones are kept)."""
    article = get_for(membership, Article, article_id, "update")
    errors = ErrorCollector()
    _validate_article(membership, data, errors, article)
    errors.raise_if_any()
    policy.check(membership, "update", article, fields=data)
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article.pk)
        before = snapshot(article, ARTICLE_FIELDS)
        old_text = (article.title, article.body)
        apply_fields(article, {k: blank_for(Article, k, v) for k, v in data.items()})
        if article.status == ArticleStatus.PUBLISHED and article.published_at is None:
            article.published_at = clock.now()
        elif article.status != ArticleStatus.PUBLISHED:
            article.published_at = None
        if (article.title, article.body) != old_text:
            article.version += 1
            ArticleVersion.objects.create(
                article=article, version=article.version, title=article.title, body=article.body, editor=membership.user
            )
        article.save()
        changes = diff(before, snapshot(article, ARTICLE_FIELDS))
        if changes:
            written(membership, "update", article, changes, "updated")
    return article


def restore_article_version(membership: Membership, article_id: Any, version: int) -> Article:
    """Bring back the title and text of an earlier version: saved as a new version (nothing is lost)."""
    article = get_for(membership, Article, article_id, "update", "articleId")
    old = ArticleVersion.objects.filter(article=article, version=version).first()
    if old is None:
        raise ServiceError(FieldError("version", "This article has no such version.", ErrorCode.NOT_FOUND))
    return update_article(membership, article.pk, {"title": old.title, "body": old.body})


def link_article(membership: Membership, article_id: Any, ticket_id: Any, linked: bool = True) -> Article:
    """Link a knowledge-base article to a ticket it answers (or undo that with ``linked=False``)."""
    article = get_for(membership, Article, article_id, "read", "articleId")
    ticket = get_for(membership, Ticket, ticket_id, "update", "ticketId")
    with transaction.atomic():
        before = snapshot(ticket, ())
        if linked:
            article.tickets.add(ticket)
        else:
            article.tickets.remove(ticket)
        ticket.save(update_fields=["updated_at"])
        written(
            membership,
            "update",
            ticket,
            {
                **diff(before, {}),
                "articles": change(None, str(article.pk)) if linked else change(str(article.pk), None),
            },
            "updated",
        )
    return article


def published_articles() -> Any:
    """What the public help page shows: published articles only, newest first (no member, no scope)."""
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).order_by("-published_at", "id")
