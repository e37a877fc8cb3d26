"""Business rules of service entitlements: what they allow, which tickets use them, when they end.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then ``written``.

Status (stored, settled after every change by ``_settle``)::

    active ⇄ exhausted (used up; active again when the allowance grows)
    active | exhausted → expired (the end date passed: the daily job, or an edit of the dates)
    active | exhausted → cancelled (``cancel_entitlement``; final)

Tickets use entitlements (``saas.service.hooks``, so the service desk imports nothing of this module):

- a new ticket of a company is linked to the best active entitlement (``best_match``) and uses one
  incident of it (hours are recorded on the ticket afterwards, ``record_hours``); the entitlement's row is
  locked while it is used, so two tickets never take the last incident twice, and a ticket has one link
  (``TicketEntitlement``'s key is the ticket), so it uses its incident once whatever happens to it later
  (reopening uses nothing);
- agents link and unlink by hand; unlinking gives back what the ticket used;
- an entitlement's SLA policy replaces the ticket priority's policy for the tickets linked to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone

from realtime import events
from saas.access import policy
from saas.contracts.models import Contract
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff, snapshot
from saas.kernel.services import apply_fields, blank_for, collect, get_for, member_user, written
from saas.kernel.validation import check_choice, check_custom_fields, check_length, required_blanks
from saas.service import services as desk
from saas.service.models import SlaPolicy, Ticket, TicketChannel
from tenants.models import Membership

from .models import (
    Entitlement,
    EntitlementKind,
    EntitlementSettings,
    EntitlementStatus,
    EntitlementUsage,
    TicketEntitlement,
    UsageKind,
)

FIELDS = (
    "name",
    "company",
    "contact",
    "contract",
    "owner",
    "kind",
    "allowance",
    "start_date",
    "end_date",
    "sla_policy",
    "channels",
)
STATE_FIELDS = ("used", "status")
CENTS = Decimal("0.01")
MOST = Decimal("99999999")
Status = EntitlementStatus


def today() -> date:
    return timezone.now().date()


# --- validation ----------------------------------------------------------------------------------


def _validate(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Entitlement | None = None
) -> None:
    """Clean ``data`` in place (model field names) and collect every problem."""
    creating = instance is None
    if "name" in data or creating:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 200, "name", errors, required=True)
    check_choice(data.get("kind"), EntitlementKind, "kind", errors)
    _validate_allowance(data, errors, instance)
    if creating:
        for name, api_name in (("start_date", "startDate"), ("end_date", "endDate")):
            if data.get(name) is None:
                errors.add(api_name, "Give the date.", ErrorCode.REQUIRED)
    start = data.get("start_date", instance.start_date if instance else None)
    end = data.get("end_date", instance.end_date if instance else None)
    if start is not None and end is not None and end < start:
        errors.add("endDate", "The end date comes before the start date.", ErrorCode.INVALID_DATE)
    if data.get("channels") is not None:
        channels = list(dict.fromkeys(str(c) for c in data["channels"]))
        if any(c not in TicketChannel.values for c in channels):
            errors.add("channels", f"Each one of: {', '.join(TicketChannel.values)}.", ErrorCode.INVALID_CHOICE)
        data["channels"] = channels
    elif "channels" in data:
        data["channels"] = []
    if data.get("sla_policy") is not None:
        data["sla_policy"] = collect(errors, membership, SlaPolicy, data["sla_policy"], "slaPolicyId")
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    _validate_parties(membership, data, errors, instance)
    check_custom_fields(membership, Entitlement, data, errors, instance)


def _validate_allowance(data: dict[str, Any], errors: ErrorCollector, instance: Entitlement | None) -> None:
    """Incidents: a whole number above 0; hours: above 0, at most 2 decimals; unlimited: none."""
    kind = data.get("kind") or (instance.kind if instance else EntitlementKind.INCIDENTS)
    if kind == EntitlementKind.UNLIMITED:
        data["allowance"] = None
        return
    allowance = data.get("allowance", instance.allowance if instance else None)
    if allowance is None:
        errors.add("allowance", "Give the number of incidents or hours.", ErrorCode.REQUIRED)
        return
    try:
        allowance = Decimal(str(allowance))
        exact = allowance.quantize(CENTS) == allowance
    except InvalidOperation:
        errors.add("allowance", "A number above 0.", ErrorCode.INVALID_AMOUNT)
        return
    if not 0 < allowance <= MOST or not exact:
        errors.add("allowance", "A number above 0 with at most 2 decimals.", ErrorCode.INVALID_AMOUNT)
    elif kind == EntitlementKind.INCIDENTS and allowance != allowance.to_integral_value():
        errors.add("allowance", "Incidents are counted in whole numbers.", ErrorCode.INVALID_AMOUNT)
    else:
        data["allowance"] = allowance.quantize(CENTS)


def _validate_parties(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Entitlement | None
) -> None:
    """The customer, its contact and the contract it comes from: readable, and of the same company."""
    if instance is None or "company" in data:
        if data.get("company") is None:
            errors.add("companyId", "Name the customer.", ErrorCode.REQUIRED)
            data.pop("company", None)
        else:
            data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    company = data.get("company") if "company" in data else (instance.company if instance else None)
    if data.get("contact") is not None:
        data["contact"] = contact = collect(errors, membership, Contact, data["contact"], "contactId")
        if contact is not None and company is not None and contact.company_id != company.pk:
            errors.add("contactId", "The contact works for another company.", ErrorCode.INVALID)
    if data.get("contract") is not None:
        data["contract"] = contract = collect(errors, membership, Contract, data["contract"], "contractId")
        if contract is not None and company is not None and contract.company_id != company.pk:
            errors.add("contractId", "The contract is another company's.", ErrorCode.INVALID)


def _settle(entitlement: Entitlement, on: date | None = None) -> None:
    """The status its dates and usage give (a cancelled one stays cancelled)."""
    if entitlement.status == Status.CANCELLED:
        return
    on = on or today()
    remaining = entitlement.remaining
    if entitlement.end_date < on:
        entitlement.status = Status.EXPIRED
    elif remaining is not None and remaining <= 0:
        entitlement.status = Status.EXHAUSTED
    else:
        entitlement.status = Status.ACTIVE


# --- entitlements --------------------------------------------------------------------------------


def create_entitlement(membership: Membership, data: dict[str, Any]) -> Entitlement:
    """An entitlement for a company the member may read.

    ``data`` holds model field names: ``name``, ``company`` (required, pk), ``contact``, ``contract``,
    ``sla_policy`` (pks), ``owner`` (user id; else the member), ``kind`` (default incidents),
    ``allowance`` (required unless unlimited), ``start_date`` / ``end_date`` (required), ``channels``.
    """
    policy.check(membership, "create", Entitlement)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        entitlement = Entitlement()
        apply_fields(entitlement, data)
        if "owner" not in data:
            entitlement.owner = membership.user
        policy.check(membership, "create", entitlement, fields=data)
        _settle(entitlement)
        entitlement.save()
        after = snapshot(entitlement, (*FIELDS, *STATE_FIELDS))
        written(membership, "create", entitlement, diff({}, after), "created")
    return entitlement


def update_entitlement(membership: Membership, entitlement_id: Any, data: dict[str, Any]) -> Entitlement:
    """Change an entitlement that is not cancelled; its status follows (more allowance: active again)."""
    entitlement = get_for(membership, Entitlement, entitlement_id, "update")
    errors = ErrorCollector()
    required_blanks(
        data, (("start_date", "startDate"), ("end_date", "endDate"), ("name", "name"), ("kind", "kind")), errors
    )
    _validate(membership, data, errors, entitlement)
    if "company" in data and entitlement.ticket_links.exists() and data["company"] != entitlement.company:
        errors.add("companyId", "Tickets of this customer use it; unlink them first.", ErrorCode.IN_USE)
    errors.raise_if_any()
    policy.check(membership, "update", entitlement, fields=data)
    with transaction.atomic():
        entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        _check_not_cancelled(entitlement)
        before = snapshot(entitlement, (*FIELDS, *STATE_FIELDS))
        old_owner, old_policy = entitlement.owner_id, entitlement.sla_policy_id
        apply_fields(entitlement, {k: blank_for(Entitlement, k, v) for k, v in data.items()})
        if entitlement.owner_id != old_owner:
            policy.check_owner(membership, Entitlement, entitlement.owner_id)
        _settle(entitlement)
        warn_share = EntitlementSettings.current().warn_share()
        if warn_share is None or _share_used(entitlement) < warn_share:
            entitlement.warned_at = None  # the allowance grew: warn again when it is nearly used up
        entitlement.save()
        if changes := diff(before, snapshot(entitlement, (*FIELDS, *STATE_FIELDS))):
            written(membership, "update", entitlement, changes, "updated")
        if entitlement.sla_policy_id != old_policy:
            desk.retime_open_tickets(membership, ticket_ids=_linked_ticket_ids(entitlement))
    return entitlement


def _check_not_cancelled(entitlement: Entitlement) -> None:
    if entitlement.status == Status.CANCELLED:
        raise ServiceError(FieldError("id", "A cancelled entitlement cannot change.", ErrorCode.INVALID_TRANSITION))


def cancel_entitlement(membership: Membership, entitlement_id: Any) -> Entitlement:
    """Stop an entitlement before its end: no new ticket uses it (the linked ones keep their link)."""
    entitlement = get_for(membership, Entitlement, entitlement_id, "update")
    with transaction.atomic():
        entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
        _check_not_cancelled(entitlement)
        before = snapshot(entitlement, STATE_FIELDS)
        entitlement.status = Status.CANCELLED
        entitlement.save(update_fields=["status"])
        written(membership, "update", entitlement, diff(before, snapshot(entitlement, STATE_FIELDS)), "updated")
    return entitlement


def _linked_ticket_ids(entitlement: Entitlement) -> list[Any]:
    return list(TicketEntitlement.objects.filter(entitlement=entitlement).values_list("ticket_id", flat=True))


def expire_entitlements() -> int:
    """End active and used-up entitlements whose end date passed (the daily job); again: nothing to do."""
    now = today()
    ended = 0
    with transaction.atomic():
        for entitlement in (
            Entitlement.objects.select_for_update()
            .filter(status__in=[Status.ACTIVE, Status.EXHAUSTED], end_date__lt=now)
            .order_by("pk")
        ):
            before = snapshot(entitlement, STATE_FIELDS)
            entitlement.status = Status.EXPIRED
            entitlement.save(update_fields=["status"])
            written(None, "update", entitlement, diff(before, snapshot(entitlement, STATE_FIELDS)), "updated")
            ended += 1
    return ended


# --- tickets using entitlements ----------------------------------------------------------------


def _usable(on: date) -> Q:
    return Q(status=Status.ACTIVE, start_date__lte=on, end_date__gte=on)


def candidates(ticket: Ticket) -> QuerySet[Entitlement]:
    """The company's entitlements this ticket could use today, best first (see ``best_match``)."""
    if ticket.company_id is None:
        return Entitlement.objects.none()
    on = timezone.localdate(ticket.created_at) if ticket.created_at else today()
    covered = Q(channels=[]) | Q(channels__contains=[ticket.channel])
    person = Q(contact__isnull=True) | Q(contact_id=ticket.contact_id) if ticket.contact_id else Q(contact__isnull=True)
    return Entitlement.objects.filter(_usable(on), covered, person, company_id=ticket.company_id)


def specificity(entitlement: Entitlement) -> tuple[Any, ...]:
    """Most specific first (for the ticket's contact, for some channels only), then ending soonest."""
    return (entitlement.contact_id is None, not entitlement.channels, entitlement.end_date, entitlement.created_at,
            str(entitlement.pk))  # fmt: skip


def best_match(ticket: Ticket) -> Entitlement | None:
    """The entitlement a new ticket uses, locked: active, covering its channel and contact, most specific,
    ending soonest. Each candidate is locked and checked again (another ticket may have used it up)."""
    for candidate in sorted(candidates(ticket), key=specificity):
        locked = Entitlement.objects.select_for_update().filter(pk=candidate.pk).first()
        if locked is not None and locked.status == Status.ACTIVE:
            return locked
    return None


def _use(membership: Membership | None, entitlement: Entitlement, ticket: Ticket, kind: str, amount: Decimal,
         note: str = "") -> None:  # fmt: skip
    """Add a usage to a locked entitlement, settle its status, write it, and warn its owner once if nearly used."""
    before = snapshot(entitlement, STATE_FIELDS)
    EntitlementUsage.objects.create(
        entitlement=entitlement, ticket=ticket, kind=kind, amount=amount, at=timezone.now(),
        by=membership.user if membership else None, note=note[:200],
    )  # fmt: skip
    entitlement.used = max(entitlement.used + amount, Decimal(0)).quantize(CENTS)
    _settle(entitlement)
    share, warn_share = _share_used(entitlement), EntitlementSettings.current().warn_share()
    warn = (
        warn_share is not None
        and entitlement.warned_at is None
        and share >= warn_share
        and entitlement.owner_id is not None
    )
    if warn:
        entitlement.warned_at = timezone.now()
    elif warn_share is None or share < warn_share:
        entitlement.warned_at = None
    entitlement.save(update_fields=["used", "status", "warned_at"])
    written(membership, "update", entitlement, diff(before, snapshot(entitlement, STATE_FIELDS)), "updated")
    if warn:
        left = entitlement.remaining
        events.notify(
            entitlement.owner_id,
            "entitlement_nearly_used",
            f"{entitlement.name}: {left.normalize() if left is not None else 0} "
            f"{entitlement.get_kind_display().lower()} left",
            {"entitlementId": str(entitlement.pk)},
        )


def _share_used(entitlement: Entitlement) -> Decimal:
    if not entitlement.allowance:
        return Decimal(0)
    return entitlement.used / entitlement.allowance


def _link(membership: Membership | None, ticket: Ticket, entitlement: Entitlement, by_hand: bool) -> None:
    TicketEntitlement.objects.create(
        ticket=ticket, entitlement=entitlement, linked_at=timezone.now(),
        linked_by=membership.user if membership and by_hand else None,
    )  # fmt: skip
    if entitlement.kind != EntitlementKind.HOURS:  # hours are recorded as they are worked
        _use(membership, entitlement, ticket, UsageKind.INCIDENT, Decimal(1), "linked" if by_hand else "new ticket")


def ticket_arrived(membership: Membership | None, ticket: Ticket) -> None:
    """A new ticket uses its customer's best entitlement (``saas.service.hooks.on_ticket_arrival``)."""
    if not EntitlementSettings.current().auto_link_tickets:
        return  # the workspace links by hand (Settings → Entitlements)
    if TicketEntitlement.objects.filter(ticket=ticket).exists():
        return  # once per ticket
    entitlement = best_match(ticket)
    if entitlement is not None:
        _link(membership, ticket, entitlement, by_hand=False)


def sla_policies(tickets: Sequence[Ticket]) -> dict[Any, SlaPolicy]:
    """The SLA policy of the tickets' entitlements, where they have one (``saas.service.hooks.override_sla``)."""
    links = TicketEntitlement.objects.filter(
        ticket_id__in=[t.pk for t in tickets if t.pk is not None], entitlement__sla_policy__isnull=False
    ).select_related("entitlement__sla_policy")
    return {link.ticket_id: link.entitlement.sla_policy for link in links if link.entitlement.sla_policy}


def _locked_ticket(membership: Membership, ticket_id: Any) -> Ticket:
    ticket = get_for(membership, Ticket, ticket_id, "update", "ticketId")
    return Ticket.objects.select_for_update().get(pk=ticket.pk)


def _ticket_changed(membership: Membership, ticket: Ticket, old: Any, new: Any) -> None:
    """The ticket's history and live event tell of its entitlement; its SLA follows the entitlement's policy."""
    changes = {"entitlement": {"old": str(old) if old else None, "new": str(new) if new else None}}
    written(membership, "update", ticket, changes, "updated")
    desk.retime_open_tickets(membership, ticket_ids=[ticket.pk])


def _give_back(membership: Membership, link: TicketEntitlement, ticket: Ticket) -> None:
    """Unlink a ticket, giving back what it used of the (locked) entitlement."""
    entitlement = Entitlement.all_objects.select_for_update().get(pk=link.entitlement_id)
    used = (
        EntitlementUsage.objects.filter(entitlement=entitlement, ticket=ticket)
        .values("kind")
        .annotate(total=Sum("amount"))
        .order_by("kind")
    )
    link.delete()
    for row in used:
        if row["total"] > 0:
            _use(membership, entitlement, ticket, row["kind"], -row["total"], "unlinked")


def link_ticket_entitlement(membership: Membership, ticket_id: Any, entitlement_id: Any) -> Ticket:
    """Work a ticket under this entitlement (it uses an incident); again with the same one: nothing changes.

    Refused (typed, nothing changes): another company's (``invalid``), expired (``expired``), used up
    (``exhausted``), cancelled (``invalid_transition``), not covering the ticket's channel (``invalid``).
    A ticket linked to another entitlement is moved: the other one gets back what the ticket used.
    """
    entitlement = get_for(membership, Entitlement, entitlement_id, "read", "entitlementId")
    ticket = _locked_ticket(membership, ticket_id)
    current = TicketEntitlement.objects.select_for_update().filter(ticket=ticket).first()
    if current is not None and current.entitlement_id == entitlement.pk:
        return ticket
    entitlement = Entitlement.objects.select_for_update().get(pk=entitlement.pk)
    _check_usable(entitlement, ticket)
    old = current.entitlement_id if current else None
    if current is not None:
        _give_back(membership, current, ticket)
    _link(membership, ticket, entitlement, by_hand=True)
    _ticket_changed(membership, ticket, old, entitlement.pk)
    return ticket


def _check_usable(entitlement: Entitlement, ticket: Ticket) -> None:
    field = "entitlementId"
    if entitlement.company_id != ticket.company_id:
        raise ServiceError(FieldError(field, "The entitlement is another company's.", ErrorCode.INVALID))
    if entitlement.status == Status.CANCELLED:
        raise ServiceError(FieldError(field, "The entitlement was cancelled.", ErrorCode.INVALID_TRANSITION))
    on = today()
    if entitlement.status == Status.EXPIRED or entitlement.end_date < on:
        raise ServiceError(FieldError(field, "The entitlement has expired.", ErrorCode.EXPIRED))
    if entitlement.start_date > on:
        raise ServiceError(FieldError(field, "The entitlement has not started yet.", ErrorCode.NOT_STARTED))
    if entitlement.status == Status.EXHAUSTED:
        raise ServiceError(FieldError(field, "The entitlement is used up.", ErrorCode.EXHAUSTED))
    if entitlement.channels and ticket.channel not in entitlement.channels:
        raise ServiceError(FieldError(field, "The entitlement does not cover this channel.", ErrorCode.INVALID))


def unlink_ticket_entitlement(membership: Membership, ticket_id: Any) -> Ticket:
    """Work a ticket under no entitlement; the entitlement gets back what the ticket used. Again: nothing."""
    ticket = _locked_ticket(membership, ticket_id)
    current = TicketEntitlement.objects.select_for_update().filter(ticket=ticket).first()
    if current is None:
        return ticket
    old = current.entitlement_id
    _give_back(membership, current, ticket)
    _ticket_changed(membership, ticket, old, None)
    return ticket


def record_hours(membership: Membership, ticket_id: Any, hours: Any, note: str | None = None) -> Ticket:
    """Hours worked on a ticket, taken from its hours entitlement (not more than it has left)."""
    errors = ErrorCollector()
    check_length(note, 200, "note", errors)
    try:
        amount = Decimal(str(hours))
        if not 0 < amount <= MOST or amount.quantize(CENTS) != amount:
            raise InvalidOperation
    except InvalidOperation:
        errors.add("hours", "A number of hours above 0 with at most 2 decimals.", ErrorCode.INVALID_AMOUNT)
    errors.raise_if_any()
    ticket = _locked_ticket(membership, ticket_id)
    link = TicketEntitlement.objects.filter(ticket=ticket).first()
    if link is None:
        raise ServiceError(FieldError("ticketId", "The ticket is not entitled to support.", ErrorCode.INVALID))
    entitlement = Entitlement.all_objects.select_for_update().get(pk=link.entitlement_id)
    if entitlement.kind != EntitlementKind.HOURS:
        raise ServiceError(FieldError("ticketId", "Its entitlement does not count hours.", ErrorCode.INVALID))
    remaining = entitlement.remaining
    if entitlement.status != Status.ACTIVE or remaining is None or amount > remaining:
        raise ServiceError(FieldError("hours", f"Only {remaining or 0} hours are left.", ErrorCode.EXHAUSTED))
    _use(membership, entitlement, ticket, UsageKind.HOURS, amount, note or "")
    return ticket


def ticket_link(ticket_id: Any) -> TicketEntitlement | None:
    return TicketEntitlement.objects.filter(ticket_id=ticket_id).select_related("entitlement").first()


# --- settings (Settings → Entitlements) --------------------------------------------------------------


def update_settings(membership: Membership, **data: Any) -> EntitlementSettings:
    """Owners and admins: whether new tickets take an entitlement by themselves (``auto_link_tickets``) and
    at what share of the allowance owners are told (``warn_at_percent``, 1-100; None: never). Only the
    fields given change; nothing changes on bad input."""
    if not policy.is_admin(membership):
        raise ServiceError(
            FieldError(None, "Only owners and admins change entitlement settings.", ErrorCode.PERMISSION_DENIED)
        )
    errors = ErrorCollector()
    if "auto_link_tickets" in data and not isinstance(data["auto_link_tickets"], bool):
        errors.add("autoLinkTickets", "On or off.", ErrorCode.INVALID)
    percent = data.get("warn_at_percent")
    if percent is not None and (not isinstance(percent, int) or isinstance(percent, bool) or not 1 <= percent <= 100):
        errors.add("warnAtPercent", "A share from 1 to 100 percent, or none to never warn.", ErrorCode.OUT_OF_RANGE)
    errors.raise_if_any()
    fields = ("auto_link_tickets", "warn_at_percent")
    with transaction.atomic():
        found = EntitlementSettings.objects.select_for_update().filter(pk=1).first()
        settings = found or EntitlementSettings()
        before = {name: getattr(settings, name) for name in fields}
        for name in fields:
            if name in data:
                setattr(settings, name, data[name])
        settings.save()
        after = {name: getattr(settings, name) for name in fields}
        if changes := {
            name: {"old": before[name], "new": after[name]} for name in fields if before[name] != after[name]
        }:
            from saas.audit import services as audit

            audit.record(
                actor=membership.user, action="update", record_type="EntitlementSettings", record_id="1",
                changes=changes,
            )  # fmt: skip
    return settings
