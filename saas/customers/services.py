"""Business rules of the customers module. The API, imports, workflows and tests all come through here.

Every write: check access (``saas.access.policy``), validate everything first
(``ErrorCollector``; nothing changes on bad input), write in one transaction,
append an audit entry with old and new values, emit the realtime event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from datetime import timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from django.core.exceptions import ValidationError as ValidationErrorTypes
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from realtime import events
from saas.access import policy, visibility
from saas.audit import services as audit
from saas.errors import ErrorCollector, FieldError, ServiceError
from saas.records import diff, plain, record_type_name, snapshot
from tenants.models import Membership, User

from .models import (
    BuyingRole,
    Company,
    CompanySize,
    Contact,
    ContactGroup,
    CreditRating,
    Customer,
    CustomerLevel,
    CustomerSource,
    Interaction,
    InteractionDirection,
    InteractionKind,
    LifecycleStage,
    PoolRule,
    SavedView,
    Tag,
    normalize_company_name,
    normalize_phone,
)

ModelT = TypeVar("ModelT", bound=models.Model)
TaggedT = TypeVar("TaggedT", Company, Contact)

MAX_BULK = 500
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CURRENCY = re.compile(r"^[A-Z]{3}$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")

COMPANY_FIELDS = (
    "name",
    "industry",
    "size",
    "website",
    "phone",
    "addresses",
    "region",
    "country",
    "level",
    "category",
    "lifecycle_stage",
    "source",
    "credit_rating",
    "credit_limit",
    "credit_currency",
    "owner",
    "parent",
    "tags",
)
CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "title",
    "buying_role",
    "emails",
    "phones",
    "wechat_id",
    "social_handles",
    "birthday",
    "preferences",
    "email_consent",
    "sms_consent",
    "owner",
    "tags",
    "groups",
)
INTERACTION_FIELDS = (
    "kind",
    "direction",
    "occurred_at",
    "subject",
    "body",
    "outcome",
    "performed_by",
    "company",
    "contact",
)


class DuplicatesFound(ServiceError):
    """Creating would make a likely duplicate; ``candidates`` are the existing records."""

    def __init__(self, candidates: Sequence[models.Model], unseen: bool = False) -> None:
        self.candidates = list(candidates)
        # Only what the member may read comes back; others are a warning without id or fields.
        messages = [f"{len(self.candidates)} similar record(s) already exist."] if self.candidates else []
        if unseen:
            messages.append("A possible duplicate exists that you cannot see.")
        super().__init__(FieldError(None, " ".join(messages), "duplicate_suspected"))


# --- shared steps ---------------------------------------------------------------------------------


def written(
    membership: Membership | None,
    action: str,
    instance: models.Model,
    changes: dict[str, Any],
    event: events.EventAction,
) -> None:
    """The two things after every write: the audit entry and the realtime event (sent on commit)."""
    type_name = record_type_name(type(instance))
    audit.record(
        actor=membership.user if membership else None,
        action=action,
        record_type=type_name,
        record_id=str(instance.pk),
        changes=changes,
    )
    events.emit(event, type_name, instance.pk, {"action": action, "fields": sorted(changes)})


def get_for(
    membership: Membership | None,
    model: type[ModelT],
    pk: Any,
    action: policy.Action,
    field: str | None = "id",
    *,
    manager: str = "objects",
) -> ModelT:
    """The record, if this member may ``action`` it.

    A record they cannot see (or another tenant's id) is ``not_found``; one they see but may not
    ``action`` is ``permission_denied``.
    """
    queryset = policy.scope_queryset(membership, getattr(model, manager).all(), "read")
    try:
        instance = queryset.filter(pk=pk).first() if pk is not None else None
    except (ValueError, TypeError, ValidationErrorTypes):
        instance = None
    if instance is None:
        raise ServiceError(FieldError(field, f"No such {model._meta.verbose_name}.", "not_found"))
    if action != "read":
        policy.check(membership, action, instance)
    return instance


def get_many_for(
    membership: Membership | None,
    model: type[ModelT],
    pks: Iterable[Any],
    action: policy.Action,
    field: str,
    errors: ErrorCollector,
    *,
    limit: int = MAX_BULK,
) -> list[ModelT]:
    """All the named records this member may ``action``; every missing one is an error."""
    wanted = list(dict.fromkeys(str(pk) for pk in pks))
    if len(wanted) > limit:
        errors.add(field, f"At most {limit} records at once.", "too_many")
        return []
    queryset = policy.scope_queryset(membership, model._default_manager.all(), "read")
    try:
        found = {str(r.pk): r for r in queryset.filter(pk__in=wanted)}
    except (ValueError, TypeError, ValidationErrorTypes):
        found = {}
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        errors.add(field, f"{len(missing)} of the {model._meta.verbose_name_plural} were not found.", "not_found")
    records = [found[pk] for pk in wanted if pk in found]
    if action != "read" and (refused := [r for r in records if not policy.allows(membership, action, r)]):
        errors.add(field, f"Your role may not {action} {len(refused)} of them.", "permission_denied")
    return records


def member_user(membership: Membership, user_id: Any, field: str, errors: ErrorCollector) -> User | None:
    """An active member of this tenant (owners and performers must be one)."""
    try:
        seat = (
            Membership.objects.filter(tenant_id=membership.tenant_id, user_id=int(user_id), is_active=True)
            .select_related("user")
            .first()
        )
    except (TypeError, ValueError):
        seat = None
    if seat is None:
        errors.add(field, "Not a member of this workspace.", "not_found")
        return None
    return seat.user


def check_choice(value: Any, choices: type[models.TextChoices], field: str, errors: ErrorCollector) -> None:
    if value not in (None, "") and value not in choices.values:
        errors.add(field, f"Must be one of: {', '.join(choices.values)}.", "invalid_choice")


def check_length(value: Any, limit: int, field: str, errors: ErrorCollector, *, required: bool = False) -> None:
    text = value or ""
    if required and not str(text).strip():
        errors.add(field, "This field is required.", "required")
    elif len(str(text)) > limit:
        errors.add(field, f"At most {limit} characters.", "too_long")


def apply_fields(instance: models.Model, data: dict[str, Any]) -> list[tuple[str, list[Any]]]:
    """Set plain fields on ``instance``; many-to-many values are returned to set after saving."""
    later: list[tuple[str, list[Any]]] = []
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if isinstance(field, models.ManyToManyField):
            later.append((name, value))
        else:
            setattr(instance, name, value)
    return later


# --- tags and groups -------------------------------------------------------------------------------


def _validate_tag(data: dict[str, Any], errors: ErrorCollector, instance: Tag | None = None) -> None:
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 50, "name", errors, required=True)
        clash = Tag.objects.filter(name__iexact=data["name"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if data["name"] and clash.exists():
            errors.add("name", "A tag with this name exists.", "taken")
    if data.get("color") is not None and not COLOR.match(data["color"]):
        errors.add("color", "A colour like #1f77b4.", "invalid_format")


def create_tag(membership: Membership, data: dict[str, Any]) -> Tag:
    policy.check(membership, "create", Tag)
    errors = ErrorCollector()
    _validate_tag(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        tag = Tag.objects.create(**{k: v for k, v in data.items() if v is not None})
        written(membership, "create", tag, diff({}, snapshot(tag, ("name", "color"))), "created")
    return tag


def update_tag(membership: Membership, tag_id: Any, data: dict[str, Any]) -> Tag:
    tag = get_for(membership, Tag, tag_id, "update")
    errors = ErrorCollector()
    _validate_tag(data, errors, tag)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(tag, ("name", "color"))
        apply_fields(tag, {k: v for k, v in data.items() if v is not None})
        tag.save()
        written(membership, "update", tag, diff(before, snapshot(tag, ("name", "color"))), "updated")
    return tag


def delete_tag(membership: Membership, tag_id: Any) -> str:
    tag = get_for(membership, Tag, tag_id, "delete")
    with transaction.atomic():
        pk = str(tag.pk)
        written(membership, "delete", tag, diff(snapshot(tag, ("name", "color")), {}), "deleted")
        tag.delete()
    return pk


def _validate_group(data: dict[str, Any], errors: ErrorCollector, instance: ContactGroup | None = None) -> None:
    if "name" in data or instance is None:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
        clash = ContactGroup.objects.filter(name__iexact=data["name"])
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if data["name"] and clash.exists():
            errors.add("name", "A group with this name exists.", "taken")


GROUP_FIELDS = ("name", "description")


def create_group(membership: Membership, data: dict[str, Any]) -> ContactGroup:
    policy.check(membership, "create", ContactGroup)
    errors = ErrorCollector()
    _validate_group(data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        group = ContactGroup.objects.create(**{k: v for k, v in data.items() if v is not None})
        written(membership, "create", group, diff({}, snapshot(group, GROUP_FIELDS)), "created")
    return group


def update_group(membership: Membership, group_id: Any, data: dict[str, Any]) -> ContactGroup:
    group = get_for(membership, ContactGroup, group_id, "update")
    errors = ErrorCollector()
    _validate_group(data, errors, group)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(group, GROUP_FIELDS)
        apply_fields(group, {k: v for k, v in data.items() if v is not None})
        group.save()
        written(membership, "update", group, diff(before, snapshot(group, GROUP_FIELDS)), "updated")
    return group


def delete_group(membership: Membership, group_id: Any) -> str:
    group = get_for(membership, ContactGroup, group_id, "delete")
    with transaction.atomic():
        pk = str(group.pk)
        written(membership, "delete", group, diff(snapshot(group, GROUP_FIELDS), {}), "deleted")
        group.delete()
    return pk


# --- companies -------------------------------------------------------------------------------------


def _validate_company(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Company | None = None
) -> None:
    creating = instance is None
    if "name" in data or creating:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 200, "name", errors, required=True)
        if data["name"] and not normalize_company_name(data["name"]):
            errors.add("name", "A name needs letters or digits.", "invalid_format")
    for name, limit in (("industry", 100), ("category", 100), ("website", 200), ("phone", 40)):
        if data.get(name) is not None:
            data[name] = str(data[name]).strip()
            check_length(data[name], limit, name, errors)
    if data.get("website") and not re.match(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", data["website"], re.I):
        errors.add("website", "Not a web address.", "invalid_format")
    check_choice(data.get("size"), CompanySize, "size", errors)
    check_choice(data.get("level"), CustomerLevel, "level", errors)
    check_choice(data.get("lifecycle_stage"), LifecycleStage, "lifecycleStage", errors)
    check_choice(data.get("source"), CustomerSource, "source", errors)
    check_choice(data.get("credit_rating"), CreditRating, "creditRating", errors)
    if "credit_limit" in data and data["credit_limit"] is not None:
        try:
            amount = Decimal(str(data["credit_limit"]))
        except InvalidOperation:
            amount = Decimal(-1)
        exponent = amount.as_tuple().exponent
        if amount < 0 or amount >= Decimal("1e12") or not isinstance(exponent, int) or exponent < -2:
            errors.add("creditLimit.amount", "A non-negative amount with at most 2 decimals.", "invalid_amount")
        data["credit_limit"] = amount
    if data.get("credit_currency") is not None:
        data["credit_currency"] = str(data["credit_currency"]).upper()
        if not CURRENCY.match(data["credit_currency"]):
            errors.add("creditLimit.currency", "An ISO 4217 code such as USD.", "invalid_format")
    if "addresses" in data:
        addresses = data["addresses"] or []
        data["addresses"] = addresses
        if len(addresses) > 10:
            errors.add("addresses", "At most 10 addresses.", "too_many")
        main = addresses[0] if addresses else {}
        data["region"] = (main.get("region") or "")[:100]
        data["country"] = (main.get("country") or "").upper()[:2]
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("parent") is not None:
        try:
            parent = get_for(membership, Company, data["parent"], "read", "parentId")
        except ServiceError as exc:
            errors.errors.extend(exc.errors)
        else:
            if instance is not None and _is_ancestor_or_self(instance, parent):
                errors.add("parentId", "A company cannot be its own parent or ancestor.", "cycle")
            data["parent"] = parent
    if data.get("tags") is not None:
        data["tags"] = get_many_for(membership, Tag, data["tags"], "read", "tagIds", errors)


def _is_ancestor_or_self(company: Company, candidate_parent: Company) -> bool:
    seen: set[Any] = set()
    node: Company | None = candidate_parent
    while node is not None and node.pk not in seen:
        if node.pk == company.pk:
            return True
        seen.add(node.pk)
        node = Company.all_objects.filter(pk=node.parent_id).first() if node.parent_id else None
    return False


def company_duplicates(membership: Membership | None, name: str, exclude: Any = None) -> visibility.Duplicates:
    """Companies with the same normalised name that the member may read (others: ``unseen``)."""
    normalized = normalize_company_name(name)
    if not normalized:
        return visibility.Duplicates([])
    queryset = Company.objects.order_by("created_at")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return visibility.find_duplicates(membership, queryset, {"name": Q(normalized_name=normalized)})


def _insert_customer(
    membership: Membership, customer: Company | Contact, data: dict[str, Any], audited_fields: Any
) -> None:
    """Save a new company or contact, inside the caller's transaction: owner, access, tags, audit, event."""
    m2m = apply_fields(customer, data)
    if "owner" not in data and not policy.allows(membership, "create", customer):
        customer.owner = membership.user  # an own/team-scope role creates for itself unless it names an owner
    # The draft decides: an own-scope role may only create what it will own; locked fields stay out.
    policy.check(membership, "create", customer, fields=data)
    if customer.owner_id:
        customer.owner_assigned_at = timezone.now()
    customer.save()
    for name, values in m2m:
        getattr(customer, name).set(values)
    written(membership, "create", customer, diff({}, snapshot(customer, audited_fields)), "created")


def _note_owner_change(membership: Membership, customer: Company | Contact, old_owner_id: int | None) -> None:
    """A new owner must be in the member's scope; the pool clock restarts with them."""
    if customer.owner_id != old_owner_id:
        policy.check_owner(membership, type(customer), customer.owner_id)
        customer.owner_assigned_at = timezone.now() if customer.owner_id else None


def create_company(membership: Membership, data: dict[str, Any], *, allow_duplicate: bool = False) -> Company:
    policy.check(membership, "create", Company)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_company(membership, data, errors)
    errors.raise_if_any()
    if not allow_duplicate and (duplicates := company_duplicates(membership, data["name"])):
        raise DuplicatesFound(duplicates.readable, duplicates.unseen)
    with transaction.atomic():
        company = Company(lifecycle_stage_changed_at=timezone.now())
        _insert_customer(membership, company, data, COMPANY_FIELDS)
    return company


def update_company(membership: Membership, company_id: Any, data: dict[str, Any]) -> Company:
    company = get_for(membership, Company, company_id, "update")
    errors = ErrorCollector()
    # Null clears an optional field; required fields and lists are validated as such.
    _validate_company(membership, data, errors, company)
    errors.raise_if_any()
    policy.check(membership, "update", company, fields=data)
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        before = snapshot(company, COMPANY_FIELDS)
        data = {k: _blank_for(Company, k, v) for k, v in data.items()}
        old_stage, old_owner = company.lifecycle_stage, company.owner_id
        m2m = apply_fields(company, data)
        if company.lifecycle_stage != old_stage:
            company.lifecycle_stage_changed_at = timezone.now()
        _note_owner_change(membership, company, old_owner)
        company.save()
        for name, values in m2m:
            getattr(company, name).set(values or [])
        changes = diff(before, snapshot(company, COMPANY_FIELDS))
        if changes:
            written(membership, "update", company, changes, "updated")
    return company


def _blank_for(model: type[models.Model], name: str, value: Any) -> Any:
    """``null`` in an update clears a field: the empty string for text, the default for lists."""
    if value is not None:
        return value
    field = model._meta.get_field(name)
    if isinstance(field, models.ManyToManyField):
        return []
    assert isinstance(field, models.Field)
    if field.null:
        return None
    if field.has_default():
        return field.get_default()
    return ""


def soft_delete(membership: Membership, model: type[Customer], pk: Any) -> Customer:
    record = get_for(membership, model, pk, "delete")
    with transaction.atomic():
        record.deleted_at = timezone.now()
        record.save(update_fields=["deleted_at"])
        written(membership, "delete", record, {"deleted_at": {"old": None, "new": plain(record.deleted_at)}}, "deleted")
    return record


def restore(membership: Membership, model: type[Customer], pk: Any) -> Customer:
    queryset = policy.scope_queryset(membership, model.all_objects.filter(deleted_at__isnull=False), "read")
    try:
        record = queryset.filter(pk=pk).first()
    except (ValueError, ValidationErrorTypes):
        record = None
    if record is None:
        raise ServiceError(FieldError("id", f"No such {model._meta.verbose_name} in the recycle bin.", "not_found"))
    policy.check(membership, "update", record)
    if record.merged_into_id is not None:  # type: ignore[attr-defined]
        raise ServiceError(FieldError("id", "Merged records cannot be restored.", "merged"))
    with transaction.atomic():
        old = record.deleted_at
        record.deleted_at = None
        record.save(update_fields=["deleted_at"])
        written(membership, "restore", record, {"deleted_at": {"old": plain(old), "new": None}}, "updated")
    return record


# --- contacts --------------------------------------------------------------------------------------


def _validate_contact(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Contact | None = None
) -> None:
    creating = instance is None
    if "first_name" in data or creating:
        data["first_name"] = (data.get("first_name") or "").strip()
        check_length(data["first_name"], 100, "firstName", errors, required=True)
    for name, api_name, limit in (
        ("last_name", "lastName", 100),
        ("title", "title", 100),
        ("wechat_id", "wechatId", 100),
    ):
        if data.get(name) is not None:
            data[name] = str(data[name]).strip()
            check_length(data[name], limit, api_name, errors)
    check_choice(data.get("buying_role"), BuyingRole, "buyingRole", errors)
    if data.get("emails") is not None:
        emails = list(dict.fromkeys(e.strip().lower() for e in data["emails"] if e.strip()))
        for i, email in enumerate(emails):
            if not EMAIL.match(email) or len(email) > 254:
                errors.add(f"emails.{i}", f"{email!r} is not an e-mail address.", "invalid_format")
        if len(emails) > 10:
            errors.add("emails", "At most 10 e-mail addresses.", "too_many")
        data["emails"] = emails
    if data.get("phones") is not None:
        phones = list(dict.fromkeys(normalize_phone(p) for p in data["phones"] if p.strip()))
        for i, phone in enumerate(phones):
            if not 5 <= len(phone.lstrip("+")) <= 20:
                errors.add(f"phones.{i}", f"{phone!r} is not a phone number.", "invalid_format")
        if len(phones) > 10:
            errors.add("phones", "At most 10 phone numbers.", "too_many")
        data["phones"] = phones
    if data.get("preferences") is not None and not isinstance(data["preferences"], dict):
        errors.add("preferences", "Preferences are an object of name → value.", "invalid_format")
    for i, handle in enumerate(data.get("social_handles") or []):
        if not str(handle.get("network", "")).strip() or not str(handle.get("handle", "")).strip():
            errors.add(f"socialHandles.{i}", "A social handle needs a network and a handle.", "required")
        elif len(handle["network"]) > 30 or len(handle["handle"]) > 100:
            errors.add(f"socialHandles.{i}", "Too long.", "too_long")
    if data.get("birthday") is not None and data["birthday"] > timezone.localdate():
        errors.add("birthday", "A birthday cannot be in the future.", "invalid_date")
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("company") is not None:
        try:
            data["company"] = get_for(membership, Company, data["company"], "read", "companyId")
        except ServiceError as exc:
            errors.errors.extend(exc.errors)
    if data.get("tags") is not None:
        data["tags"] = get_many_for(membership, Tag, data["tags"], "read", "tagIds", errors)
    if data.get("groups") is not None:
        data["groups"] = get_many_for(membership, ContactGroup, data["groups"], "read", "groupIds", errors)


def contact_duplicates(
    membership: Membership | None, emails: Sequence[str], phones: Sequence[str], exclude: Any = None
) -> visibility.Duplicates:
    """Contacts sharing an e-mail or phone that the member may read, never matched on a field it cannot see."""
    matches: dict[str, Q] = {}
    if emails:
        matches["emails"] = Q(emails__overlap=list(emails))
    if phones:
        matches["phones"] = Q(phones__overlap=list(phones))
    queryset = Contact.objects.order_by("created_at")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return visibility.find_duplicates(membership, queryset, matches)


def create_contact(membership: Membership, data: dict[str, Any], *, allow_duplicate: bool = False) -> Contact:
    policy.check(membership, "create", Contact)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_contact(membership, data, errors)
    errors.raise_if_any()
    if not allow_duplicate and (
        duplicates := contact_duplicates(membership, data.get("emails", []), data.get("phones", []))
    ):
        raise DuplicatesFound(duplicates.readable, duplicates.unseen)
    with transaction.atomic():
        contact = Contact()
        _insert_customer(membership, contact, data, CONTACT_FIELDS)
    return contact


def update_contact(membership: Membership, contact_id: Any, data: dict[str, Any]) -> Contact:
    contact = get_for(membership, Contact, contact_id, "update")
    errors = ErrorCollector()
    _validate_contact(membership, data, errors, contact)
    errors.raise_if_any()
    policy.check(membership, "update", contact, fields=data)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        before = snapshot(contact, CONTACT_FIELDS)
        old_owner = contact.owner_id
        m2m = apply_fields(contact, {k: _blank_for(Contact, k, v) for k, v in data.items()})
        _note_owner_change(membership, contact, old_owner)
        contact.save()
        for name, values in m2m:
            getattr(contact, name).set(values or [])
        changes = diff(before, snapshot(contact, CONTACT_FIELDS))
        if changes:
            written(membership, "update", contact, changes, "updated")
    return contact


# --- bulk ------------------------------------------------------------------------------------------


def transfer_customers(
    membership: Membership,
    *,
    owner_id: Any,
    company_ids: Sequence[Any] = (),
    contact_ids: Sequence[Any] = (),
    include_contacts: bool = False,
) -> tuple[list[Company], list[Contact]]:
    """Give companies and contacts a new owner (``None``: back to the public pool), all or nothing."""
    errors = ErrorCollector()
    owner = member_user(membership, owner_id, "ownerId", errors) if owner_id is not None else None
    companies = get_many_for(membership, Company, company_ids, "update", "companyIds", errors)
    contacts = get_many_for(membership, Contact, contact_ids, "update", "contactIds", errors)
    if not companies and not contacts and not errors.errors:
        errors.add(None, "Name at least one company or contact.", "required")
    errors.raise_if_any()
    if include_contacts and companies:
        extra = Contact.objects.filter(company__in=companies).exclude(pk__in=[c.pk for c in contacts])
        contacts += list(policy.scope_queryset(membership, extra, "update"))
    now = timezone.now()
    with transaction.atomic():
        for record in [*companies, *contacts]:
            if record.owner_id == (owner.pk if owner else None):
                continue
            old = record.owner_id
            record.owner = owner
            record.owner_assigned_at = now if owner else None
            record.save(update_fields=["owner", "owner_assigned_at"])
            written(
                membership, "update", record, {"owner": {"old": plain(old), "new": plain(record.owner_id)}}, "updated"
            )
    return companies, contacts


def _tag_records(
    membership: Membership,
    model: type[TaggedT],
    field: str,
    record_ids: Sequence[Any],
    add_tag_ids: Sequence[Any],
    remove_tag_ids: Sequence[Any],
) -> list[TaggedT]:
    """Add and remove tags on many companies or contacts, all or nothing; one audit entry per changed record."""
    errors = ErrorCollector()
    records = get_many_for(membership, model, record_ids, "update", field, errors)
    add = get_many_for(membership, Tag, add_tag_ids, "read", "addTagIds", errors)
    remove = get_many_for(membership, Tag, remove_tag_ids, "read", "removeTagIds", errors)
    if not records and not errors.errors:
        errors.add(field, f"Name at least one {model._meta.verbose_name}.", "required")
    if not add and not remove and not errors.errors:
        errors.add(None, "Name tags to add or remove.", "required")
    errors.raise_if_any()
    through = model.tags.through
    owner_column = f"{model.tags.field.m2m_field_name()}_id"
    with transaction.atomic():
        before: dict[Any, set[Any]] = {r.pk: set() for r in records}
        for record_id, tag_id in through.objects.filter(**{f"{owner_column}__in": list(before)}).values_list(
            owner_column, "tag_id"
        ):
            before[record_id].add(tag_id)
        through.objects.bulk_create(
            [through(**{owner_column: r.pk, "tag_id": t.pk}) for r in records for t in add], ignore_conflicts=True
        )
        if remove:
            through.objects.filter(**{f"{owner_column}__in": list(before)}, tag__in=remove).delete()
        for record in records:
            after = (before[record.pk] | {t.pk for t in add}) - {t.pk for t in remove}
            if after != before[record.pk]:
                old, new = sorted(map(str, before[record.pk])), sorted(map(str, after))
                written(membership, "update", record, {"tags": {"old": old, "new": new}}, "updated")
    return records


def tag_contacts(
    membership: Membership,
    *,
    contact_ids: Sequence[Any],
    add_tag_ids: Sequence[Any] = (),
    remove_tag_ids: Sequence[Any] = (),
) -> list[Contact]:
    return _tag_records(membership, Contact, "contactIds", contact_ids, add_tag_ids, remove_tag_ids)


def tag_companies(
    membership: Membership,
    *,
    company_ids: Sequence[Any],
    add_tag_ids: Sequence[Any] = (),
    remove_tag_ids: Sequence[Any] = (),
) -> list[Company]:
    return _tag_records(membership, Company, "companyIds", company_ids, add_tag_ids, remove_tag_ids)


def delete_contacts(membership: Membership, contact_ids: Sequence[Any]) -> list[Contact]:
    errors = ErrorCollector()
    contacts = get_many_for(membership, Contact, contact_ids, "delete", "contactIds", errors)
    if not contacts and not errors.errors:
        errors.add("contactIds", "Name at least one contact.", "required")
    errors.raise_if_any()
    with transaction.atomic():
        now = timezone.now()
        for contact in contacts:
            contact.deleted_at = now
            contact.save(update_fields=["deleted_at"])
            written(membership, "delete", contact, {"deleted_at": {"old": None, "new": plain(now)}}, "deleted")
    return contacts


# --- merge -----------------------------------------------------------------------------------------


def _move_related(source: models.Model, target: models.Model) -> dict[str, int]:
    """Point every row that refers to ``source`` at ``target``: today's modules and tomorrow's.

    Walks the model's reverse relations, so a deal, ticket or order that a later
    module links to a company moves along without this function knowing of it.
    """
    moved: dict[str, int] = {}
    model = type(source)
    for relation in model._meta.related_objects:
        remote = relation.field
        if remote.name == "merged_into" and relation.related_model is model:
            continue
        related_model = relation.related_model
        assert isinstance(related_model, type)
        key = f"{related_model._meta.label}.{remote.name}"
        if relation.many_to_many:
            through = remote.remote_field.through  # type: ignore[union-attr,attr-defined]
            source_col = remote.m2m_reverse_field_name()  # type: ignore[attr-defined]
            owner_col = remote.m2m_field_name()  # type: ignore[attr-defined]
            rows = through.objects.filter(**{source_col: source.pk})
            already = set(through.objects.filter(**{source_col: target.pk}).values_list(owner_col, flat=True))
            count = rows.exclude(**{f"{owner_col}__in": already}).update(**{source_col: target.pk})
            rows.delete()
        elif relation.one_to_many or relation.one_to_one:
            count = related_model._base_manager.filter(**{remote.name: source}).update(**{remote.name: target})
        else:  # pragma: no cover
            continue
        if count:
            moved[key] = count
    for field in model._meta.many_to_many:  # the record's own tags and groups: union
        source_values = list(getattr(source, field.name).all())
        if source_values:
            getattr(target, field.name).add(*source_values)
            moved[f"{model._meta.label}.{field.name}"] = len(source_values)
    return moved


def _fill_blanks(target: models.Model, source: models.Model, fields: Iterable[str]) -> list[str]:
    filled = []
    for name in fields:
        field = target._meta.get_field(name)
        if isinstance(field, models.ManyToManyField) or not isinstance(field, models.Field):
            continue
        attname = field.attname
        if getattr(target, attname) in (None, "", [], {}) and getattr(source, attname) not in (None, "", [], {}):
            setattr(target, attname, getattr(source, attname))
            filled.append(name)
    return filled


def _merge(
    membership: Membership,
    model: type[Company] | type[Contact],
    target_id: Any,
    source_ids: Sequence[Any],
    fields: Sequence[str],
) -> Customer:
    errors = ErrorCollector()
    try:
        target = get_for(membership, model, target_id, "update", "targetId")
    except ServiceError as exc:
        errors.errors.extend(exc.errors)
        target = None
    sources = get_many_for(membership, model, source_ids, "delete", "sourceIds", errors, limit=20)
    if target is not None and any(s.pk == target.pk for s in sources):
        errors.add("sourceIds", "A record cannot be merged into itself.", "invalid")
    if not sources and not errors.errors:
        errors.add("sourceIds", "Name at least one record to merge.", "required")
    errors.raise_if_any()
    assert target is not None
    with transaction.atomic():
        before = snapshot(target, fields)
        for source in sources:
            moved = _move_related(source, target)
            filled = _fill_blanks(target, source, fields)
            if isinstance(target, Contact) and isinstance(source, Contact):
                target.emails = list(dict.fromkeys([*target.emails, *source.emails]))
                target.phones = list(dict.fromkeys([*target.phones, *source.phones]))
            for stamp in ("last_interaction_at",):
                values = [v for v in (getattr(target, stamp), getattr(source, stamp)) if v]
                setattr(target, stamp, max(values) if values else None)
            # Links between the two (a parent merged into its subsidiary) would now point at itself.
            for field in model._meta.concrete_fields:
                points_to_self = isinstance(field, models.ForeignKey) and field.related_model is model
                if points_to_self and getattr(target, field.attname) in (source.pk, target.pk):
                    setattr(target, field.attname, None)
            source.deleted_at = timezone.now()
            source.merged_into = target  # type: ignore[union-attr]
            source.save(update_fields=["deleted_at", "merged_into"])
            written(
                membership,
                "merge",
                source,
                {
                    "merged_into": {"old": None, "new": str(target.pk)},
                    "deleted_at": {"old": None, "new": plain(source.deleted_at)},
                },
                "deleted",
            )
            target.save()
            changes = diff(before, snapshot(target, fields))
            changes["merged_from"] = {"old": None, "new": str(source.pk)}
            changes["moved"] = {"old": None, "new": moved}
            changes["filled"] = {"old": None, "new": filled}
            written(membership, "merge", target, changes, "updated")
            before = snapshot(target, fields)
    return target


def merge_companies(membership: Membership, target_id: Any, source_ids: Sequence[Any]) -> Company:
    """Fold ``source_ids`` into ``target_id``: contacts, interactions, subsidiaries, tags, anything linked."""
    result = _merge(membership, Company, target_id, source_ids, COMPANY_FIELDS)
    assert isinstance(result, Company)
    return result


def merge_contacts(membership: Membership, target_id: Any, source_ids: Sequence[Any]) -> Contact:
    result = _merge(membership, Contact, target_id, source_ids, CONTACT_FIELDS)
    assert isinstance(result, Contact)
    return result


# --- public pool -----------------------------------------------------------------------------------


def claim(membership: Membership, model: type[Company] | type[Contact], pk: Any) -> Customer:
    """Take an unowned customer from the public pool. First come, first served."""
    record = get_for(membership, model, pk, "read")
    policy.check(membership, "update", record)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        if locked.owner_id is not None:
            raise ServiceError(FieldError("id", "Someone already owns this customer.", "already_owned"))
        locked.owner = membership.user
        locked.owner_assigned_at = timezone.now()
        locked.save(update_fields=["owner", "owner_assigned_at"])
        written(membership, "update", locked, {"owner": {"old": None, "new": str(membership.user_id)}}, "updated")
    return locked


def update_pool_rule(membership: Membership, return_after_days: int | None) -> PoolRule:
    policy.check(membership, "update", PoolRule)
    if membership.role not in ("owner", "admin"):
        raise ServiceError(FieldError(None, "Only owners and admins set the pool rule.", "permission_denied"))
    if return_after_days is not None and not 1 <= return_after_days <= 3650:
        raise ServiceError(FieldError("returnAfterDays", "Between 1 and 3650 days.", "out_of_range"))
    with transaction.atomic():
        rule = PoolRule.current()
        old = rule.return_after_days
        rule.return_after_days = return_after_days
        rule.save()
        audit.record(
            actor=membership.user,
            action="update",
            record_type="PoolRule",
            record_id="1",
            changes={"return_after_days": {"old": old, "new": return_after_days}},
        )
    return rule


def return_idle_customers_to_pool(now: Any = None) -> int:
    """Apply this tenant's pool rule: owned customers idle for N days lose their owner. Returns the count."""
    rule = PoolRule.current()
    if not rule.return_after_days:
        return 0
    cutoff = (now or timezone.now()) - timedelta(days=rule.return_after_days)
    returned = 0
    with transaction.atomic():
        for model in (Company, Contact):
            idle = (
                model.objects.select_for_update(skip_locked=True)
                .filter(owner__isnull=False)
                .filter(Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=cutoff))
                .filter(Q(owner_assigned_at__isnull=True) | Q(owner_assigned_at__lt=cutoff))
            )
            for record in idle:
                old = record.owner_id
                record.owner = None
                record.owner_assigned_at = None
                record.save(update_fields=["owner", "owner_assigned_at"])
                written(
                    None,
                    "update",
                    record,
                    {"owner": {"old": plain(old), "new": None}, "reason": {"old": None, "new": "pool_rule"}},
                    "updated",
                )
                returned += 1
    return returned


# --- interactions ----------------------------------------------------------------------------------


def _validate_interaction(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Interaction | None = None
) -> None:
    creating = instance is None
    if creating and not data.get("kind"):
        errors.add("kind", "This field is required.", "required")
    check_choice(data.get("kind"), InteractionKind, "kind", errors)
    check_choice(data.get("direction"), InteractionDirection, "direction", errors)
    check_length(data.get("subject"), 200, "subject", errors)
    check_length(data.get("outcome"), 200, "outcome", errors)
    if data.get("occurred_at") is not None and data["occurred_at"] > timezone.now() + timedelta(days=1):
        errors.add("occurredAt", "An interaction that happened cannot be in the future.", "invalid_date")
    if data.get("performed_by") is not None:
        data["performed_by"] = member_user(membership, data["performed_by"], "performedById", errors)
    for name, model, api_name in (("company", Company, "companyId"), ("contact", Contact, "contactId")):
        if data.get(name) is not None:
            try:
                data[name] = get_for(membership, model, data[name], "read", api_name)
            except ServiceError as exc:
                errors.errors.extend(exc.errors)
    company = data.get("company", instance.company if instance else None)
    contact = data.get("contact", instance.contact if instance else None)
    if not errors.errors and company is None and contact is None:
        errors.add("companyId", "An interaction needs a company or a contact.", "required")


def _touch(interaction: Interaction) -> None:
    """Keep ``last_interaction_at`` of the company and contact: the pool rule's clock."""
    for model, pk in ((Company, interaction.company_id), (Contact, interaction.contact_id)):
        if pk is not None:
            model.all_objects.filter(pk=pk).filter(
                Q(last_interaction_at__isnull=True) | Q(last_interaction_at__lt=interaction.occurred_at)
            ).update(last_interaction_at=interaction.occurred_at)


def log_interaction(membership: Membership, data: dict[str, Any]) -> Interaction:
    policy.check(membership, "create", Interaction)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_interaction(membership, data, errors)
    errors.raise_if_any()
    data.setdefault("occurred_at", timezone.now())
    data.setdefault("performed_by", membership.user)
    contact = data.get("contact")
    if contact is not None and data.get("company") is None and contact.company_id:
        data["company"] = contact.company  # one touch, on both timelines
    with transaction.atomic():
        interaction = Interaction.objects.create(**data)
        _touch(interaction)
        written(membership, "create", interaction, diff({}, snapshot(interaction, INTERACTION_FIELDS)), "created")
    return interaction


def update_interaction(membership: Membership, interaction_id: Any, data: dict[str, Any]) -> Interaction:
    interaction = get_for(membership, Interaction, interaction_id, "update")
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_interaction(membership, data, errors, interaction)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(interaction, INTERACTION_FIELDS)
        apply_fields(interaction, data)
        interaction.save()
        _touch(interaction)
        changes = diff(before, snapshot(interaction, INTERACTION_FIELDS))
        if changes:
            written(membership, "update", interaction, changes, "updated")
    return interaction


def delete_interaction(membership: Membership, interaction_id: Any) -> str:
    interaction = get_for(membership, Interaction, interaction_id, "delete")
    with transaction.atomic():
        pk = str(interaction.pk)
        written(membership, "delete", interaction, diff(snapshot(interaction, INTERACTION_FIELDS), {}), "deleted")
        interaction.delete()
    return pk


# --- saved views -----------------------------------------------------------------------------------

SAVED_VIEW_FIELDS = ("name", "record_type", "filter", "ordering", "columns", "shared")


def visible_saved_views(membership: Membership) -> models.QuerySet[SavedView]:
    """Mine, and the ones my team shared."""
    queryset = policy.scope_queryset(membership, SavedView.objects.all(), "read")
    return queryset.filter(Q(owner_id=membership.user_id) | Q(shared=True))


ViewShapeCheck = Callable[[str, Any, Any], list[str]]
_view_shape_check: ViewShapeCheck | None = None


def check_saved_view_shape_with(check: ViewShapeCheck) -> None:
    """The API registers how it reads a view's ``filter`` and ``ordering`` (its own filter language).

    ``check(record_type, filter, ordering)`` returns what is wrong, one message per problem; a
    view that the list would refuse is refused when it is saved, not when someone opens it.
    """
    global _view_shape_check
    _view_shape_check = check


def _validate_saved_view(
    data: dict[str, Any], errors: ErrorCollector, creating: bool, current: SavedView | None = None
) -> None:
    if "name" in data or creating:
        data["name"] = (data.get("name") or "").strip()
        check_length(data["name"], 100, "name", errors, required=True)
    if creating and not data.get("record_type"):
        errors.add("recordType", "This field is required.", "required")
    check_choice(data.get("record_type"), SavedView.RecordType, "recordType", errors)
    if data.get("filter") is not None and not isinstance(data["filter"], dict):
        errors.add("filter", "A filter is an object, as given to `filter:`.", "invalid_format")
    if data.get("ordering") is not None and not isinstance(data["ordering"], list):
        errors.add("ordering", "An ordering is a list, as given to `orderBy:`.", "invalid_format")
    if data.get("columns") is not None and len(data["columns"]) > 50:
        errors.add("columns", "At most 50 columns.", "too_many")
    record_type = data.get("record_type") or (current.record_type if current else None)
    if _view_shape_check is not None and record_type and not errors.errors:
        for field, value in (("filter", data.get("filter")), ("ordering", data.get("ordering"))):
            if value is None:
                continue
            shape = {"filter": value} if field == "filter" else {"ordering": value}
            for problem in _view_shape_check(record_type, shape.get("filter"), shape.get("ordering")):
                errors.add(field, problem, "invalid")


def create_saved_view(membership: Membership, data: dict[str, Any]) -> SavedView:
    policy.check(membership, "create", SavedView)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_saved_view(data, errors, creating=True)
    errors.raise_if_any()
    with transaction.atomic():
        view = SavedView.objects.create(owner=membership.user, **data)
        written(membership, "create", view, diff({}, snapshot(view, SAVED_VIEW_FIELDS)), "created")
    return view


def _own_view(membership: Membership, view_id: Any, action: policy.Action) -> SavedView:
    try:
        view = visible_saved_views(membership).filter(pk=view_id).first()
    except (ValueError, ValidationErrorTypes):
        view = None
    if view is None:  # someone else's private view does not exist for me
        raise ServiceError(FieldError("id", "No such saved view.", "not_found"))
    if view.owner_id != membership.user_id and not (view.shared and membership.role in ("owner", "admin")):
        raise ServiceError(
            FieldError("id", "Only its author (or an admin, once shared) may change a view.", "permission_denied")
        )
    policy.check(membership, action, view)
    return view


def update_saved_view(membership: Membership, view_id: Any, data: dict[str, Any]) -> SavedView:
    view = _own_view(membership, view_id, "update")
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_saved_view(data, errors, creating=False, current=view)
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(view, SAVED_VIEW_FIELDS)
        apply_fields(view, data)
        view.save()
        changes = diff(before, snapshot(view, SAVED_VIEW_FIELDS))
        if changes:
            written(membership, "update", view, changes, "updated")
    return view


def delete_saved_view(membership: Membership, view_id: Any) -> str:
    view = _own_view(membership, view_id, "delete")
    with transaction.atomic():
        pk = str(view.pk)
        written(membership, "delete", view, diff(snapshot(view, SAVED_VIEW_FIELDS), {}), "deleted")
        view.delete()
    return pk
