"""Business rules of the leads module: capture, edit, score, assign and convert leads.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then ``written``
(audit entry and realtime event). The score is recomputed inside that same transaction.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from saas.access import policy
from saas.access.models import Team
from saas.audit import services as audit
from saas.customers import services as customers
from saas.customers.models import Company, Contact, InteractionKind, normalize_phone
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff, snapshot
from saas.kernel.lifecycle import Lifecycle
from saas.kernel.money import CURRENCY, check_money, workspace_currency
from saas.kernel.services import apply_fields, apply_update, collect, created, get_for, member_user, written
from saas.kernel.validation import check_choice, check_custom_fields, check_length
from saas.sales import services as sales
from saas.sales.models import Deal
from tenants.models import Membership

from . import assignment, scoring
from .models import (
    AssignmentMethod,
    AssignmentRule,
    Campaign,
    CampaignStatus,
    CampaignType,
    Lead,
    LeadActivity,
    LeadScoring,
    LeadSource,
    LeadStatus,
    ScoredField,
    ScoringRule,
)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

LEAD_FIELDS = (
    "name",
    "company_name",
    "title",
    "email",
    "phone",
    "source",
    "status",
    "region",
    "industry",
    "description",
    "owner",
    "campaign",
)
ACTIVITY_FIELDS = ("lead", "kind", "occurred_at", "note", "performed_by")
# What a public web form may set; everything else (owner, status, score) is the workspace's to decide.
FORM_FIELDS = ("name", "company_name", "title", "email", "phone", "region", "industry", "description")


# --- leads -----------------------------------------------------------------------------------------


def _validate_lead(
    membership: Membership | None, data: dict[str, Any], errors: ErrorCollector, instance: Lead | None = None
) -> None:
    """Clean ``data`` in place (trimmed, e-mail lower-cased, phone normalised) and collect every problem."""
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 200, "name", errors, required=True)
    for name, api_name, limit in (
        ("company_name", "companyName", 200),
        ("title", "title", 100),
        ("region", "region", 100),
        ("industry", "industry", 100),
        ("description", "description", 5000),
    ):
        if data.get(name) is not None:
            data[name] = str(data[name]).strip()
            check_length(data[name], limit, api_name, errors)
    if data.get("email"):
        data["email"] = str(data["email"]).strip().lower()
        if len(data["email"]) > 254 or not EMAIL.match(data["email"]):
            errors.add("email", "Not an e-mail address.", ErrorCode.INVALID_FORMAT)
    if data.get("phone"):
        data["phone"] = normalize_phone(str(data["phone"]))
        if not 5 <= len(data["phone"].lstrip("+")) <= 20:
            errors.add("phone", "Not a phone number.", ErrorCode.INVALID_FORMAT)
    check_choice(data.get("source"), LeadSource, "source", errors)
    check_choice(data.get("status"), LeadStatus, "status", errors)
    if data.get("status") == LeadStatus.CONVERTED and (instance is None or instance.status != LeadStatus.CONVERTED):
        errors.add("status", "A lead becomes converted through convertLead.", ErrorCode.INVALID_CHOICE)
    if (
        instance is not None
        and instance.status == LeadStatus.CONVERTED
        and data.get("status") not in (None, "converted")
    ):
        errors.add("status", "A converted lead stays converted.", ErrorCode.INVALID)
    if data.get("owner") is not None and membership is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("campaign") is not None and membership is not None:
        data["campaign"] = collect(errors, membership, Campaign, data["campaign"], "campaignId")
    check_custom_fields(membership, Lead, data, errors, instance)


def validate_lead(
    membership: Membership | None, data: dict[str, Any], errors: ErrorCollector, instance: Lead | None = None
) -> None:
    """The lead's rules, as imports run them on every row (the same as ``createLead`` / ``updateLead``)."""
    _validate_lead(membership, data, errors, instance)


def _insert_lead(membership: Membership | None, lead: Lead) -> None:
    """Save a new lead inside the caller's transaction: assign it if nobody owns it, score it, audit it."""
    if lead.owner_id is None:
        assignment.assign(lead)
    lead.save()
    scoring.rescore(lead)
    created(membership, lead, (*LEAD_FIELDS, "score"))


def create_lead(membership: Membership, data: dict[str, Any]) -> Lead:
    """Create a lead from the API; without an owner the assignment rules pick one (else the creator may)."""
    policy.check(membership, "create", Lead)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_lead(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        lead = Lead()
        apply_fields(lead, data)
        if lead.owner_id is None:
            assignment.assign(lead)
        if lead.owner_id is None and not policy.allows(membership, "create", lead):
            lead.owner = membership.user  # an own/team-scope role creates for itself when no rule took it
        policy.check(membership, "create", lead, fields=data)
        _insert_lead(membership, lead)
    return lead


def capture_lead(data: dict[str, Any], campaign: Campaign | None = None) -> Lead:
    """A lead from the tenant's public web form (no member): only the form's fields, source ``web_form``.

    ``campaign``: the one the form captures for (``campaign_for_form``).
    """
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if k in FORM_FIELDS and v not in (None, "")}
    _validate_lead(None, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        lead = Lead(source=LeadSource.WEB_FORM, campaign=campaign)
        apply_fields(lead, data)
        _insert_lead(None, lead)
    return lead


def campaign_for_form(named: str) -> Campaign | None:
    """The campaign a web form captures for: the one with this form key, else the newest with this name.

    Names compare ignoring case and surrounding spaces; a deleted campaign captures nothing.
    """
    named = (named or "").strip()
    if not named:
        return None
    return (
        Campaign.objects.filter(form_key=named).first()
        or Campaign.objects.filter(name__iexact=named).order_by("-created_at", "id").first()
    )


def update_lead(membership: Membership, lead_id: Any, data: dict[str, Any]) -> Lead:
    lead = get_for(membership, Lead, lead_id, "update")
    errors = ErrorCollector()
    _validate_lead(membership, data, errors, lead)
    errors.raise_if_any()
    policy.check(membership, "update", lead, fields=data)
    with transaction.atomic():
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        before = snapshot(lead, (*LEAD_FIELDS, "score"))
        apply_update(membership, lead, data)
        lead.save()
        scoring.rescore(lead)
        if changes := diff(before, snapshot(lead, (*LEAD_FIELDS, "score"))):
            written(membership, "update", lead, changes, "updated")
    return lead


def log_lead_activity(
    membership: Membership,
    lead_id: Any,
    kind: str,
    occurred_at: datetime | None = None,
    note: str | None = None,
) -> LeadActivity:
    """Record a touch with a lead (it counts for the score per the tenant's rules)."""
    lead = get_for(membership, Lead, lead_id, "update", "leadId")
    errors = ErrorCollector()
    check_choice(kind, InteractionKind, "kind", errors)
    if not kind:
        errors.add("kind", "This field is required.", ErrorCode.REQUIRED)
    note = (note or "").strip()
    check_length(note, 500, "note", errors)
    occurred_at = occurred_at or timezone.now()
    if occurred_at > timezone.now() + timedelta(minutes=5):
        errors.add("occurredAt", "An activity cannot lie in the future.", ErrorCode.INVALID_DATE)
    errors.raise_if_any()
    with transaction.atomic():
        activity = LeadActivity.objects.create(
            lead=lead, kind=kind, occurred_at=occurred_at, note=note, performed_by=membership.user
        )
        created(membership, activity, ACTIVITY_FIELDS)
        before = lead.score
        if scoring.rescore(lead):
            written(membership, "update", lead, {"score": {"old": before, "new": lead.score}}, "updated")
    return activity


# --- campaigns -------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = (
    "name",
    "type",
    "status",
    "start_date",
    "end_date",
    "budget",
    "actual_cost",
    "expected_revenue",
    "currency",
    "owner",
    "description",
)
MONEY_NAMES = {"budget": "budget", "actual_cost": "actualCost", "expected_revenue": "expectedRevenue"}
# A campaign is planned, runs, then ends completed; it may be called off (aborted) before it ends.
CAMPAIGN_LIFECYCLE = Lifecycle(
    CampaignStatus,
    {
        CampaignStatus.PLANNED: {CampaignStatus.ACTIVE, CampaignStatus.ABORTED},
        CampaignStatus.ACTIVE: {CampaignStatus.COMPLETED, CampaignStatus.ABORTED},
    },
    "campaign",
)
CENTS = Decimal("0.01")


def _validate_campaign(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Campaign | None = None
) -> None:
    """Clean ``data`` in place (model field names) and collect every problem."""
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 200, "name", errors, required=True)
    if data.get("description") is not None:
        data["description"] = str(data["description"]).strip()
        check_length(data["description"], 5000, "description", errors)
    check_choice(data.get("type"), CampaignType, "type", errors)
    check_choice(data.get("status"), CampaignStatus, "status", errors)
    if instance is not None and data.get("status") not in (None, instance.status) and not errors.has("status"):
        try:
            CAMPAIGN_LIFECYCLE.check(instance.status, data["status"])
        except ServiceError as refused:
            errors.errors.extend(refused.errors)
    for name, api_name in MONEY_NAMES.items():
        check_money(data, name, "", api_name, errors)  # the one currency is checked below, once
        if isinstance(data.get(name), Decimal) and not errors.has(f"{api_name}.amount"):
            data[name] = data[name].quantize(CENTS)  # as stored and read back: 500 is 500.00
    if data.get("currency") is not None:
        data["currency"] = str(data["currency"]).strip().upper()
        if not CURRENCY.match(data["currency"]):
            errors.add("currency", "An ISO 4217 code such as USD.", ErrorCode.INVALID_FORMAT)
    start = data.get("start_date", instance.start_date if instance else None)
    end = data.get("end_date", instance.end_date if instance else None)
    if start is not None and end is not None and end < start:
        errors.add("endDate", "The end date comes before the start date.", ErrorCode.INVALID_DATE)
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    check_custom_fields(membership, Campaign, data, errors, instance)


def create_campaign(membership: Membership, data: dict[str, Any]) -> Campaign:
    """Plan a campaign (owned by the member unless another owner is named), in the workspace currency."""
    policy.check(membership, "create", Campaign)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    data.setdefault("currency", workspace_currency())
    data.setdefault("owner", membership.user_id)
    _validate_campaign(membership, data, errors)
    if data.get("status") not in (None, CampaignStatus.PLANNED, CampaignStatus.ACTIVE):
        errors.add("status", "A new campaign is planned or active.", ErrorCode.INVALID_TRANSITION)
    errors.raise_if_any()
    with transaction.atomic():
        campaign = Campaign()
        apply_fields(campaign, data)
        policy.check(membership, "create", campaign, fields=data)
        campaign.save()
        created(membership, campaign, CAMPAIGN_FIELDS)
    return campaign


def update_campaign(membership: Membership, campaign_id: Any, data: dict[str, Any]) -> Campaign:
    """Change a campaign; its status moves planned → active → completed, or to aborted before it ends."""
    campaign = get_for(membership, Campaign, campaign_id, "update")
    errors = ErrorCollector()
    if "currency" in data and data["currency"] is None:
        errors.add("currency", "A campaign keeps a currency.", ErrorCode.REQUIRED)
    if "status" in data and data["status"] is None:
        errors.add("status", "A campaign keeps a status.", ErrorCode.REQUIRED)
    _validate_campaign(membership, data, errors, campaign)
    errors.raise_if_any()
    policy.check(membership, "update", campaign, fields=data)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = snapshot(campaign, CAMPAIGN_FIELDS)
        if data.get("status") not in (None, campaign.status):
            CAMPAIGN_LIFECYCLE.check(campaign.status, data["status"])  # again, on the locked row
        apply_update(membership, campaign, data)
        campaign.save()
        if changes := diff(before, snapshot(campaign, CAMPAIGN_FIELDS)):
            written(membership, "update", campaign, changes, "updated")
    return campaign


# --- conversion ------------------------------------------------------------------------------------


class Conversion(NamedTuple):
    """What ``convert_lead`` answers: the lead and the customer records it became (the same ones every time)."""

    lead: Lead
    company: Company | None
    contact: Contact | None
    deal: Deal | None


def _split_name(name: str) -> tuple[str, str]:
    """``Ada King Lovelace`` → (``Ada King``, ``Lovelace``); one word is a first name."""
    words = name.split()
    return (" ".join(words[:-1]), words[-1]) if len(words) > 1 else (name, "")


def _company_for(membership: Membership, lead: Lead, company_id: Any, errors: ErrorCollector) -> Company | None:
    """The named company, else one whose name matches the lead's company name, else a new one (None: no name)."""
    if company_id is not None:
        return collect(errors, membership, Company, company_id, "companyId")
    if not lead.company_name:
        return None
    found = customers.company_duplicates(membership, lead.company_name)
    if found.readable:
        return found.readable[0]  # oldest first: the company everyone already works with
    if found.unseen:
        errors.add(
            "companyId",
            "A company with this name exists that you cannot see; name the company to use.",
            ErrorCode.DUPLICATE_SUSPECTED,
        )
        return None
    return customers.create_company(
        membership,
        {"name": lead.company_name, "industry": lead.industry or None, "owner": lead.owner_id or membership.user_id},
        allow_duplicate=True,
    )


def _contact_for(membership: Membership, lead: Lead, company: Company | None, errors: ErrorCollector) -> Contact:
    """The contact with the lead's e-mail or phone, else a new one at ``company``."""
    emails = [lead.email] if lead.email else []
    phones = [lead.phone] if lead.phone else []
    found = customers.contact_duplicates(membership, emails, phones) if emails or phones else None
    if found is not None and found.readable:
        contact = found.readable[0]
        if contact.company_id is None and company is not None and policy.allows(membership, "update", contact):
            contact = customers.update_contact(membership, contact.pk, {"company": company.pk})
        return contact
    if found is not None and found.unseen:
        errors.add(
            "leadId",
            "A contact with this e-mail or phone exists that you cannot see.",
            ErrorCode.DUPLICATE_SUSPECTED,
        )
        errors.raise_if_any()
    first_name, last_name = _split_name(lead.name)
    data: dict[str, Any] = {
        "first_name": first_name,
        "last_name": last_name,
        "title": lead.title or None,
        "emails": emails,
        "phones": phones,
        "company": company.pk if company is not None else None,
        "owner": lead.owner_id or membership.user_id,
    }
    return customers.create_contact(membership, data, allow_duplicate=True)


CONVERTED_FIELDS = ("status", "converted_company", "converted_contact", "converted_deal")


def convert_lead(
    membership: Membership, lead_id: Any, company_id: Any = None, deal_title: str | None = None
) -> Conversion:
    """Turn a lead into a company, a contact and a deal in one transaction, matching existing customers.

    The deal (``deal_title``, else the lead's company name or name) opens in the default pipeline's
    first stage, at the company, with the contact on it, owned by the lead's owner (else the member).
    Idempotent: a lead converted before answers the records it became, and nothing new is made.
    Existing customers are matched (company by name, contact by e-mail or phone) rather than duplicated.
    """
    lead = get_for(membership, Lead, lead_id, "update", "leadId")
    with transaction.atomic():
        # Locked: two conversions at once serialise here, the second one sees the first one's records.
        lead = Lead.objects.select_for_update().get(pk=lead.pk)
        if lead.status == LeadStatus.CONVERTED:
            return Conversion(lead, lead.converted_company, lead.converted_contact, lead.converted_deal)
        errors = ErrorCollector()
        deal_title = (deal_title or "").strip() or lead.company_name or lead.name
        check_length(deal_title, 200, "dealTitle", errors)
        if lead.status == LeadStatus.UNQUALIFIED:
            errors.add("leadId", "An unqualified lead cannot be converted.", ErrorCode.INVALID)
        errors.raise_if_any()
        company = _company_for(membership, lead, company_id, errors)
        errors.raise_if_any()
        contact = _contact_for(membership, lead, company, errors)
        deal = sales.create_deal(
            membership,
            {
                "title": deal_title,
                "company": company.pk if company is not None else None,
                "contacts": [{"contact": contact.pk, "role": ""}],
                "owner": lead.owner_id or membership.user_id,
            },
        )
        before = snapshot(lead, CONVERTED_FIELDS)
        lead.status = LeadStatus.CONVERTED
        lead.converted_at = timezone.now()
        lead.converted_by = membership.user
        lead.converted_company = company
        lead.converted_contact = contact
        lead.converted_deal = deal
        lead.save()
        written(membership, "update", lead, diff(before, snapshot(lead, CONVERTED_FIELDS)), "updated")
    return Conversion(lead, company, contact, deal)


# --- scoring rules (admins) ------------------------------------------------------------------------


def _require_admin(membership: Membership | None, what: str) -> Membership:
    if not policy.is_admin(membership):
        raise ServiceError(FieldError(None, f"Only owners and admins change {what}.", ErrorCode.PERMISSION_DENIED))
    assert membership is not None
    return membership


def _audit_setting(membership: Membership, action: str, record_type: str, pk: Any, changes: dict[str, Any]) -> None:
    audit.record(actor=membership.user, action=action, record_type=record_type, record_id=str(pk), changes=changes)


def _validate_scoring_rule(data: dict[str, Any], errors: ErrorCollector, instance: ScoringRule | None) -> None:
    field = data.get("field", instance.field if instance else "") or ""
    kind = data.get("activity_kind", instance.activity_kind if instance else "") or ""
    check_choice(field, ScoredField, "field", errors)
    check_choice(kind, InteractionKind, "activityKind", errors)
    if bool(field) == bool(kind):
        errors.add(None, "A rule scores either a field's value or an activity kind.", ErrorCode.INVALID)
    if field and not (data.get("value", instance.value if instance else "") or "").strip():
        errors.add("value", "This field is required.", ErrorCode.REQUIRED)
    if data.get("value") is not None:
        data["value"] = data["value"].strip()
        check_length(data["value"], 200, "value", errors)
    points = data.get("points", instance.points if instance else None)
    if points is None:
        errors.add("points", "This field is required.", ErrorCode.REQUIRED)
    elif not -1000 <= points <= 1000:
        errors.add("points", "Between -1000 and 1000.", ErrorCode.OUT_OF_RANGE)
    data["field"], data["activity_kind"] = field, kind
    if kind:
        data["value"] = ""


RULE_FIELDS = ("field", "value", "activity_kind", "points")


def create_scoring_rule(membership: Membership, data: dict[str, Any]) -> ScoringRule:
    """Add a scoring rule; every lead's score follows at once."""
    _require_admin(membership, "scoring rules")
    errors = ErrorCollector()
    _validate_scoring_rule(data, errors, None)
    errors.raise_if_any()
    with transaction.atomic():
        rule = ScoringRule.objects.create(
            **{k: data.get(k) or "" for k in ("field", "value", "activity_kind")}, points=data["points"]
        )
        _audit_setting(membership, "create", "ScoringRule", rule.pk, diff({}, snapshot(rule, RULE_FIELDS)))
        scoring.rescore_all()
    return rule


def update_scoring_rule(membership: Membership, pk: Any, data: dict[str, Any]) -> ScoringRule:
    _require_admin(membership, "scoring rules")
    rule = _scoring_rule(pk)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_scoring_rule(data, errors, rule)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(rule, RULE_FIELDS)
        apply_fields(rule, data)
        rule.save()
        _audit_setting(membership, "update", "ScoringRule", rule.pk, diff(before, snapshot(rule, RULE_FIELDS)))
        scoring.rescore_all()
    return rule


def delete_scoring_rule(membership: Membership, pk: Any) -> ScoringRule:
    _require_admin(membership, "scoring rules")
    rule = _scoring_rule(pk)
    with transaction.atomic():
        _audit_setting(membership, "delete", "ScoringRule", rule.pk, diff(snapshot(rule, RULE_FIELDS), {}))
        rule.delete()
        scoring.rescore_all()
    return rule


def _scoring_rule(pk: Any) -> ScoringRule:
    try:
        rule = ScoringRule.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        rule = None
    if rule is None:
        raise ServiceError(FieldError("id", "No such scoring rule.", ErrorCode.NOT_FOUND))
    return rule


def update_lead_scoring(membership: Membership, half_life_days: int | None) -> LeadScoring:
    """Set how fast activity points fade (null: never); scores follow at once."""
    _require_admin(membership, "lead scoring")
    if half_life_days is not None and not 1 <= half_life_days <= 3650:
        raise ServiceError(FieldError("halfLifeDays", "Between 1 and 3650 days.", ErrorCode.OUT_OF_RANGE))
    with transaction.atomic():
        settings = LeadScoring.current()
        old = settings.half_life_days
        settings.half_life_days = half_life_days
        settings.save()
        _audit_setting(membership, "update", "LeadScoring", 1, {"half_life_days": {"old": old, "new": half_life_days}})
        scoring.rescore_all()
    return settings


# --- assignment rules (admins) ---------------------------------------------------------------------

ASSIGNMENT_FIELDS = ("name", "position", "region", "industry", "team", "method", "is_active")


def _validate_assignment_rule(data: dict[str, Any], errors: ErrorCollector, instance: AssignmentRule | None) -> None:
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
    for name in ("region", "industry"):
        if data.get(name) is not None:
            data[name] = data[name].strip()
            check_length(data[name], 100, name, errors)
    check_choice(data.get("method"), AssignmentMethod, "method", errors)
    if data.get("position") is not None and not 0 <= data["position"] <= 10_000:
        errors.add("position", "Between 0 and 10000.", ErrorCode.OUT_OF_RANGE)
    if data.get("team") is not None:
        try:
            team = Team.objects.filter(pk=int(data["team"])).first()
        except (TypeError, ValueError):
            team = None
        if team is None:
            errors.add("teamId", "No such team in this workspace.", ErrorCode.NOT_FOUND)
        data["team"] = team
    elif instance is None:
        errors.add("teamId", "This field is required.", ErrorCode.REQUIRED)


def create_assignment_rule(membership: Membership, data: dict[str, Any]) -> AssignmentRule:
    _require_admin(membership, "assignment rules")
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_assignment_rule(data, errors, None)
    errors.raise_if_any()
    with transaction.atomic():
        rule = AssignmentRule.objects.create(**data)
        changes = diff({}, snapshot(rule, ASSIGNMENT_FIELDS))
        _audit_setting(membership, "create", "AssignmentRule", rule.pk, changes)
    return rule


def update_assignment_rule(membership: Membership, pk: Any, data: dict[str, Any]) -> AssignmentRule:
    _require_admin(membership, "assignment rules")
    rule = _assignment_rule(pk)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_assignment_rule(data, errors, rule)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(rule, ASSIGNMENT_FIELDS)
        apply_fields(rule, data)
        rule.save()
        changes = diff(before, snapshot(rule, ASSIGNMENT_FIELDS))
        _audit_setting(membership, "update", "AssignmentRule", rule.pk, changes)
    return rule


def delete_assignment_rule(membership: Membership, pk: Any) -> AssignmentRule:
    _require_admin(membership, "assignment rules")
    rule = _assignment_rule(pk)
    with transaction.atomic():
        _audit_setting(membership, "delete", "AssignmentRule", rule.pk, diff(snapshot(rule, ASSIGNMENT_FIELDS), {}))
        rule.delete()
    return rule


def _assignment_rule(pk: Any) -> AssignmentRule:
    try:
        rule = AssignmentRule.objects.filter(pk=pk).first()
    except (ValueError, TypeError):
        rule = None
    if rule is None:
        raise ServiceError(FieldError("id", "No such assignment rule.", ErrorCode.NOT_FOUND))
    return rule


def rescore_leads() -> int:
    """The decay task's body: every lead of this tenant rescored as of now."""
    return scoring.rescore_all()
