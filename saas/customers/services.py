"""Business rules of the customers module. The API, imports, workflows and tests all come through here.

Every write: check access (``saas.access.policy``), validate everything first
(``ErrorCollector``; nothing changes on bad input), write in one transaction,
append an audit entry with old and new values, emit the realtime event.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from saas.access import policy, visibility
from saas.audit import services as audit
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff, plain, snapshot
from saas.kernel.declared import DeclaredRecord
from saas.kernel.money import check_money
from saas.kernel.services import (
    DuplicatesFound,
    apply_fields,
    blank_for,
    collect,
    created,
    get_for,
    get_many_for,
    member_user,
    set_many,
    written,
)
from saas.kernel.tagging import retag
from saas.kernel.validation import check_choice, check_custom_fields, check_length, matches, unique_name
from tenants.models import Membership

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
    Tag,
    normalize_company_name,
    normalize_phone,
)

ModelT = TypeVar("ModelT", bound=models.Model)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
WEBSITE = re.compile(r"^(https?://)?[\w.-]+\.[a-z]{2,}(/\S*)?$", re.I)

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


# Tags and contact groups: declared, their create / update / delete come from the kernel.
TAGS = DeclaredRecord(
    Tag,
    fields=("name", "color"),
    rules=(unique_name(Tag, 50, "A tag with this name exists."), matches("color", COLOR, "A colour like #1f77b4.")),
)
GROUPS = DeclaredRecord(
    ContactGroup,
    fields=("name", "description"),
    rules=(unique_name(ContactGroup, 100, "A group with this name exists."),),
)
create_tag, update_tag, delete_tag = TAGS.create, TAGS.update, TAGS.delete
create_group, update_group, delete_group = GROUPS.create, GROUPS.update, GROUPS.delete


# --- companies -------------------------------------------------------------------------------------


def validate_company(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Company | None = None
) -> None:
    """Check (and clean, in place) a company's ``data`` for a create (``instance`` None) or an update.

    The one set of rules: the API's mutations and bulk imports (``saas.customers.imports``) both call it.
    """
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
    if data.get("website") and not WEBSITE.match(data["website"]):
        errors.add("website", "Not a web address.", "invalid_format")
    check_choice(data.get("size"), CompanySize, "size", errors)
    check_choice(data.get("level"), CustomerLevel, "level", errors)
    check_choice(data.get("lifecycle_stage"), LifecycleStage, "lifecycleStage", errors)
    check_choice(data.get("source"), CustomerSource, "source", errors)
    check_choice(data.get("credit_rating"), CreditRating, "creditRating", errors)
    check_money(data, "credit_limit", "credit_currency", "creditLimit", errors)
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
        parent = data["parent"] = collect(errors, membership, Company, data["parent"], "parentId")
        if parent is not None and instance is not None and _is_ancestor_or_self(instance, parent):
            errors.add("parentId", "A company cannot be its own parent or ancestor.", ErrorCode.CYCLE)
    if data.get("tags") is not None:
        data["tags"] = get_many_for(membership, Tag, data["tags"], "read", "tagIds", errors)
    check_custom_fields(membership, Company, data, errors, instance)


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
    set_many(customer, m2m)
    created(membership, customer, audited_fields)


def _note_owner_change(membership: Membership, customer: Company | Contact, old_owner_id: int | None) -> None:
    """A new owner must be in the member's scope; the pool clock restarts with them."""
    if customer.owner_id != old_owner_id:
        policy.check_owner(membership, type(customer), customer.owner_id)
        customer.owner_assigned_at = timezone.now() if customer.owner_id else None


def create_company(membership: Membership, data: dict[str, Any], *, allow_duplicate: bool = False) -> Company:
    policy.check(membership, "create", Company)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    validate_company(membership, data, errors)
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
    validate_company(membership, data, errors, company)
    errors.raise_if_any()
    policy.check(membership, "update", company, fields=data)
    with transaction.atomic():
        company = Company.objects.select_for_update().get(pk=company.pk)
        before = snapshot(company, COMPANY_FIELDS)
        data = {k: blank_for(Company, k, v) for k, v in data.items()}
        old_stage, old_owner = company.lifecycle_stage, company.owner_id
        m2m = apply_fields(company, data)
        if company.lifecycle_stage != old_stage:
            company.lifecycle_stage_changed_at = timezone.now()
        _note_owner_change(membership, company, old_owner)
        company.save()
        set_many(company, m2m)
        changes = diff(before, snapshot(company, COMPANY_FIELDS))
        if changes:
            written(membership, "update", company, changes, "updated")
    return company


# --- contacts --------------------------------------------------------------------------------------


def validate_contact(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Contact | None = None
) -> None:
    """Check (and clean, in place) a contact's ``data`` for a create or an update (the API's and imports')."""
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
        data["emails"] = _clean_emails(data["emails"], errors)
    if data.get("phones") is not None:
        data["phones"] = _clean_phones(data["phones"], errors)
    if data.get("preferences") is not None and not isinstance(data["preferences"], dict):
        errors.add("preferences", "Preferences are an object of name → value.", "invalid_format")
    _check_social_handles(data.get("social_handles") or [], errors)
    birthday = data.get("birthday")
    if birthday is not None and birthday >= _earliest_today() and birthday > timezone.localdate():
        errors.add("birthday", "A birthday cannot be in the future.", "invalid_date")
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if data.get("company") is not None:
        data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    if data.get("tags") is not None:
        data["tags"] = get_many_for(membership, Tag, data["tags"], "read", "tagIds", errors)
    if data.get("groups") is not None:
        data["groups"] = get_many_for(membership, ContactGroup, data["groups"], "read", "groupIds", errors)
    check_custom_fields(membership, Contact, data, errors, instance)


def _earliest_today() -> date:
    """A date before today's in any time zone (UTC's yesterday): an earlier birthday is not in the future.

    ``timezone.localdate()`` reads the current time zone (a context-local lookup), a large part of checking a
    row in a bulk import; most birthdays are decades before either.
    """
    return datetime.now(UTC).date() - timedelta(days=1)


def _clean_emails(given: list[str], errors: ErrorCollector) -> list[str]:
    """Trimmed, lower-cased, without repeats; at most 10 valid addresses."""
    emails = list(dict.fromkeys(e.strip().lower() for e in given if e.strip()))
    for i, email in enumerate(emails):
        if not EMAIL.match(email) or len(email) > 254:
            errors.add(f"emails.{i}", f"{email!r} is not an e-mail address.", ErrorCode.INVALID_FORMAT)
    if len(emails) > 10:
        errors.add("emails", "At most 10 e-mail addresses.", ErrorCode.TOO_MANY)
    return emails


def _clean_phones(given: list[str], errors: ErrorCollector) -> list[str]:
    """Normalized (digits and a leading +), without repeats; at most 10 numbers of 5 to 20 digits."""
    phones = list(dict.fromkeys(normalize_phone(p) for p in given if p.strip()))
    for i, phone in enumerate(phones):
        if not 5 <= len(phone.lstrip("+")) <= 20:
            errors.add(f"phones.{i}", f"{phone!r} is not a phone number.", ErrorCode.INVALID_FORMAT)
    if len(phones) > 10:
        errors.add("phones", "At most 10 phone numbers.", ErrorCode.TOO_MANY)
    return phones


def _check_social_handles(handles: list[dict[str, Any]], errors: ErrorCollector) -> None:
    for i, handle in enumerate(handles):
        if not str(handle.get("network", "")).strip() or not str(handle.get("handle", "")).strip():
            errors.add(f"socialHandles.{i}", "A social handle needs a network and a handle.", ErrorCode.REQUIRED)
        elif len(handle["network"]) > 30 or len(handle["handle"]) > 100:
            errors.add(f"socialHandles.{i}", "Too long.", ErrorCode.TOO_LONG)


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
    validate_contact(membership, data, errors)
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
    validate_contact(membership, data, errors, contact)
    errors.raise_if_any()
    policy.check(membership, "update", contact, fields=data)
    with transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        before = snapshot(contact, CONTACT_FIELDS)
        old_owner = contact.owner_id
        m2m = apply_fields(contact, {k: blank_for(Contact, k, v) for k, v in data.items()})
        _note_owner_change(membership, contact, old_owner)
        contact.save()
        set_many(contact, m2m)
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


def tag_contacts(
    membership: Membership,
    *,
    contact_ids: Sequence[Any],
    add_tag_ids: Sequence[Any] = (),
    remove_tag_ids: Sequence[Any] = (),
) -> list[Contact]:
    return retag(membership, Contact, "contactIds", contact_ids, add_tag_ids, remove_tag_ids)


def tag_companies(
    membership: Membership,
    *,
    company_ids: Sequence[Any],
    add_tag_ids: Sequence[Any] = (),
    remove_tag_ids: Sequence[Any] = (),
) -> list[Company]:
    return retag(membership, Company, "companyIds", company_ids, add_tag_ids, remove_tag_ids)


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
            through = remote.remote_field.through  # type: ignore[attr-defined]
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


def _fill_blanks(
    target: models.Model, source: models.Model, fields: Iterable[str], keep: frozenset[str] = frozenset()
) -> list[str]:
    filled = []
    for name in fields:
        if name in keep:  # the member picked this value: a blank one stays blank
            continue
        field = target._meta.get_field(name)
        if isinstance(field, models.ManyToManyField) or not isinstance(field, models.Field):
            continue
        attname = field.attname
        if getattr(target, attname) in (None, "", [], {}) and getattr(source, attname) not in (None, "", [], {}):
            setattr(target, attname, getattr(source, attname))
            filled.append(name)
    return filled


# Fields whose value is the union of the merged records (no single value to pick).
UNION_FIELDS = frozenset({"tags", "groups", "emails", "phones"})
# A value that lives in two columns moves whole.
PAIRED_FIELDS = {
    "credit_limit": ("credit_limit", "credit_currency"),
    "credit_currency": ("credit_limit", "credit_currency"),
}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _merge_choices(
    membership: Membership,
    model: type[Company] | type[Contact],
    fields: Sequence[str],
    choices: Sequence[dict[str, Any]],
    records: Mapping[str, Customer],
    errors: ErrorCollector,
) -> dict[str, Any]:
    """The surviving value of each field the member picked: ``{attname: value}`` taken from the picked record.

    A choice names the field as the API does (``industry``, ``ownerId``, ``creditLimit``) and one
    of the merged records (the target or a source); hidden, read-only and union fields are refused.
    """
    chosen: dict[str, Any] = {}
    seen: set[str] = set()
    not_writable = policy.hidden_fields(membership, "update", model)
    for choice in choices:
        api_name = str(choice.get("field") or "")
        name = _snake(api_name)
        if name not in fields and name.endswith("_id") and name[:-3] in fields:
            name = name[:-3]
        if name not in fields or name in UNION_FIELDS:
            errors.add("choices", f"`{api_name}` is not a field whose value can be picked.", "invalid_choice")
            continue
        if name in not_writable:
            errors.add("choices", f"Your role may not change `{api_name}`.", "read_only_field")
            continue
        if name in seen:
            errors.add("choices", f"`{api_name}` is picked twice.", "invalid")
            continue
        seen.add(name)
        record = records.get(str(choice.get("source_id")))
        if record is None:
            errors.add("choices", f"The value of `{api_name}` must come from one of the merged records.", "invalid")
            continue
        for column in PAIRED_FIELDS.get(name, (name,)):
            attname = model._meta.get_field(column).attname  # type: ignore[union-attr]
            chosen[attname] = getattr(record, attname)
    return chosen


def _merge(
    membership: Membership,
    model: type[Company] | type[Contact],
    target_id: Any,
    source_ids: Sequence[Any],
    fields: Sequence[str],
    choices: Sequence[dict[str, Any]] = (),
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
    chosen: dict[str, Any] = {}
    if target is not None and choices:
        merged = {str(record.pk): record for record in [target, *sources]}
        chosen = _merge_choices(membership, model, fields, choices, merged, errors)
    errors.raise_if_any()
    assert target is not None
    with transaction.atomic():
        before = snapshot(target, fields)
        # The picked values first (read from the records as they were), so no source's blank-filling overrides them.
        for attname, value in chosen.items():
            setattr(target, attname, value)
        keep = frozenset(model._meta.get_field(a).name for a in chosen)
        picked = {str(choice["field"]): str(choice["source_id"]) for choice in choices}
        for source in sources:
            moved = _move_related(source, target)
            filled = _fill_blanks(target, source, fields, keep)
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
            source.merged_into = target
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
            if picked:  # which record each picked value came from (audited once, with the first source)
                changes["picked"] = {"old": None, "new": picked}
                picked = {}
            written(membership, "merge", target, changes, "updated")
            before = snapshot(target, fields)
    return target


def merge_companies(
    membership: Membership, target_id: Any, source_ids: Sequence[Any], choices: Sequence[dict[str, Any]] = ()
) -> Company:
    """Fold ``source_ids`` into ``target_id``: contacts, interactions, subsidiaries, tags, anything linked.

    ``choices`` pick, per field, the record whose value survives (else the target's, blanks filled).
    """
    result = _merge(membership, Company, target_id, source_ids, COMPANY_FIELDS, choices)
    assert isinstance(result, Company)
    return result


def merge_contacts(
    membership: Membership, target_id: Any, source_ids: Sequence[Any], choices: Sequence[dict[str, Any]] = ()
) -> Contact:
    result = _merge(membership, Contact, target_id, source_ids, CONTACT_FIELDS, choices)
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


def claim_company(membership: Membership, pk: Any) -> Company:
    company = claim(membership, Company, pk)
    assert isinstance(company, Company)
    return company


def claim_contact(membership: Membership, pk: Any) -> Contact:
    contact = claim(membership, Contact, pk)
    assert isinstance(contact, Contact)
    return contact


def update_pool_rule(membership: Membership, return_after_days: int | None) -> PoolRule:
    policy.check(membership, "update", PoolRule)
    if not policy.is_admin(membership):
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
            data[name] = collect(errors, membership, model, data[name], api_name)
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
        created(membership, interaction, INTERACTION_FIELDS)
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
