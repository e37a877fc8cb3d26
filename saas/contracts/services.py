"""Business rules of contracts and customer development plans.

Every write takes the kernel's steps (``saas/kernel/README.md``): fetch for the member, validate
everything first (nothing changes on bad input), check the policy, one transaction, then ``written``
(audit entry and realtime event).

Contract lifecycle (anything else is ``invalid_transition`` and changes nothing)::

    draft → active → expired | terminated | renewed

Every move is kept as a ``ContractStatusChange``. Renewing an active contract ends it as ``renewed`` and
makes its follow-on (next period, same terms, active), once: renewing again returns that follow-on. The
daily job (``expire_contracts``) ends active contracts past their end date: renewed when they renew
automatically, expired otherwise. Plan steps are edited through their plan (audited as the plan's change).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from saas.access import policy
from saas.activities.models import Activity
from saas.catalog.models import Order
from saas.customers.models import Company, Contact
from saas.errors import ErrorCode, ErrorCollector, FieldError, ServiceError
from saas.kernel.changes import diff, snapshot
from saas.kernel.money import check_money
from saas.kernel.numbers import next_number
from saas.kernel.services import apply_fields, apply_update, collect, get_for, member_user, update_record, written
from saas.kernel.validation import check_choice, check_custom_fields, check_length, required_blanks
from saas.sales.models import Deal
from tenants.models import Membership

from .models import (
    LONGEST_NOTICE,
    BillingFrequency,
    Contract,
    ContractStatus,
    ContractStatusChange,
    DevelopmentPlan,
    PlanStatus,
    PlanStep,
)

CONTRACT_FIELDS = (
    "title",
    "company",
    "contact",
    "deal",
    "order",
    "owner",
    "start_date",
    "end_date",
    "value",
    "currency",
    "billing_frequency",
    "auto_renew",
    "renewal_notice_days",
    "terms",
)
STATUS_FIELDS = ("status", "activated_at", "ended_at", "end_reason")
# What renewing carries over to the follow-on contract.
TERMS = ("title", "company", "contact", "deal", "owner", "value", "currency", "billing_frequency", "auto_renew",
         "renewal_notice_days", "terms", "custom_fields")  # fmt: skip
# status → the statuses it may move to
TRANSITIONS: dict[str, frozenset[str]] = {
    ContractStatus.DRAFT: frozenset({ContractStatus.ACTIVE}),
    ContractStatus.ACTIVE: frozenset({ContractStatus.EXPIRED, ContractStatus.TERMINATED, ContractStatus.RENEWED}),
}
ENDED = (ContractStatus.EXPIRED, ContractStatus.TERMINATED, ContractStatus.RENEWED)
MAX_STEPS = 100
CENTS = Decimal("0.01")


def today() -> date:
    return timezone.now().date()


# --- contracts -------------------------------------------------------------------------------------


def _validate_contract(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Contract | None = None
) -> None:
    """Clean ``data`` in place (model field names) and collect every problem."""
    creating = instance is None
    if "title" in data or creating:
        data["title"] = (data.get("title") or "").strip()
        check_length(data["title"], 200, "title", errors, required=True)
    if data.get("terms") is not None:
        check_length(data["terms"], 10000, "terms", errors)
    check_money(data, "value", "currency", "value", errors)
    if isinstance(data.get("value"), Decimal) and not errors.has("value.amount"):
        try:
            data["value"] = data["value"].quantize(CENTS)  # as stored and read back: 12000 is 12000.00
        except InvalidOperation:
            errors.add("value.amount", "A non-negative amount with at most 2 decimals.", ErrorCode.INVALID_AMOUNT)
    check_choice(data.get("billing_frequency"), BillingFrequency, "billingFrequency", errors)
    notice = data.get("renewal_notice_days")
    if notice is not None and not 0 <= int(notice) <= LONGEST_NOTICE:
        errors.add("renewalNoticeDays", f"From 0 to {LONGEST_NOTICE} days.", ErrorCode.OUT_OF_RANGE)
    _validate_parties(membership, data, errors, instance)
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)
    if creating:
        for name, api_name in (("start_date", "startDate"), ("end_date", "endDate")):
            if data.get(name) is None:
                errors.add(api_name, "Give the date.", ErrorCode.REQUIRED)
    start = data.get("start_date", instance.start_date if instance else None)
    end = data.get("end_date", instance.end_date if instance else None)
    if start is not None and end is not None and end < start:
        errors.add("endDate", "The end date comes before the start date.", ErrorCode.INVALID_DATE)
    check_custom_fields(membership, Contract, data, errors, instance)


def _validate_parties(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: Contract | None
) -> None:
    """The customer, its contact, and the deal and order the contract came from: readable, and consistent."""
    creating = instance is None
    if creating or "company" in data:
        if data.get("company") is None:
            errors.add("companyId", "Name the customer.", ErrorCode.REQUIRED)
        else:
            data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    company = data.get("company") if "company" in data else (instance.company if instance else None)
    if data.get("contact") is not None:
        data["contact"] = contact = collect(errors, membership, Contact, data["contact"], "contactId")
        if contact is not None and company is not None and contact.company_id != company.pk:
            errors.add("contactId", "The contact works for another company.", ErrorCode.INVALID)
    if data.get("deal") is not None:
        data["deal"] = collect(errors, membership, Deal, data["deal"], "dealId")
    if data.get("order") is not None:
        data["order"] = collect(errors, membership, Order, data["order"], "orderId")


def _record_change(contract: Contract, old: str, by: Any, note: str = "") -> None:
    ContractStatusChange.objects.create(
        contract=contract, from_status=old, to_status=contract.status, at=timezone.now(), by=by, note=note[:200]
    )


def _insert(membership: Membership | None, contract: Contract, m2m: Any = ()) -> Contract:
    """Number and save a new contract inside the caller's transaction; record and audit its creation."""
    contract.number = next_number(Contract)
    contract.save()
    _record_change(contract, "", membership.user if membership else None)
    after = snapshot(contract, (*CONTRACT_FIELDS, "status")) | {"number": contract.number}
    written(membership, "create", contract, diff({}, after), "created")
    return contract


def create_contract(membership: Membership, data: dict[str, Any]) -> Contract:
    """A draft contract for a company the member may read.

    ``data`` holds model field names: ``title``, ``company`` (required, pk), ``contact``, ``deal``,
    ``order`` (pks), ``owner`` (user id; else the member), ``start_date`` / ``end_date`` (required),
    ``value`` + ``currency``, ``billing_frequency``, ``auto_renew``, ``renewal_notice_days``, ``terms``,
    ``custom_fields``.
    """
    policy.check(membership, "create", Contract)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    _validate_contract(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        contract = Contract()
        apply_fields(contract, data)
        if "owner" not in data:
            contract.owner = membership.user
        policy.check(membership, "create", contract, fields=data)
        return _insert(membership, contract)


def _check_open(contract: Contract) -> None:
    if contract.status in ENDED:
        raise ServiceError(
            FieldError("id", f"A contract {contract.get_status_display().lower()} cannot change.",
                       ErrorCode.INVALID_TRANSITION)
        )  # fmt: skip


def update_contract(membership: Membership, contract_id: Any, data: dict[str, Any]) -> Contract:
    """Change a draft or active contract (its status changes through its own mutations)."""
    contract = get_for(membership, Contract, contract_id, "update")
    _check_open(contract)
    errors = ErrorCollector()
    if "company" in data and data["company"] is None:
        errors.add("companyId", "Name the customer.", ErrorCode.REQUIRED)
        data.pop("company")
    required_blanks(data, (("start_date", "startDate"), ("end_date", "endDate"), ("title", "title")), errors)
    _validate_contract(membership, data, errors, contract)
    errors.raise_if_any()
    policy.check(membership, "update", contract, fields=data)
    with transaction.atomic():
        contract = Contract.objects.select_for_update().get(pk=contract.pk)
        _check_open(contract)
        before = snapshot(contract, CONTRACT_FIELDS)
        apply_update(membership, contract, data)
        contract.save()
        if changes := diff(before, snapshot(contract, CONTRACT_FIELDS)):
            written(membership, "update", contract, changes, "updated")
    return contract


def _move(membership: Membership | None, contract: Contract, target: ContractStatus, note: str = "") -> Contract:
    """Move a locked contract to ``target`` (refused unless the lifecycle allows it); record and audit it."""
    if target not in TRANSITIONS.get(contract.status, frozenset()):
        raise ServiceError(
            FieldError(
                "id",
                f"A contract {contract.get_status_display().lower()} cannot become {target.label.lower()}.",
                ErrorCode.INVALID_TRANSITION,
            )
        )
    before = snapshot(contract, STATUS_FIELDS)
    old = contract.status
    contract.status = target
    if target == ContractStatus.ACTIVE:
        contract.activated_at = timezone.now()
    else:
        contract.ended_at, contract.end_reason = timezone.now(), note[:200]
    contract.save(update_fields=[*STATUS_FIELDS])
    _record_change(contract, old, membership.user if membership else None, note)
    written(membership, "update", contract, diff(before, snapshot(contract, STATUS_FIELDS)), "updated")
    return contract


def _locked(membership: Membership, contract_id: Any) -> Contract:
    contract = get_for(membership, Contract, contract_id, "update")
    return Contract.objects.select_for_update().get(pk=contract.pk)


def activate_contract(membership: Membership, contract_id: Any) -> Contract:
    """Draft → active (signed)."""
    with transaction.atomic():
        return _move(membership, _locked(membership, contract_id), ContractStatus.ACTIVE)


def terminate_contract(membership: Membership, contract_id: Any, reason: str | None = None) -> Contract:
    """Active → terminated before its end date; ``reason`` is kept with the change."""
    reason = (reason or "").strip()
    errors = ErrorCollector()
    check_length(reason, 200, "reason", errors)
    errors.raise_if_any()
    with transaction.atomic():
        return _move(membership, _locked(membership, contract_id), ContractStatus.TERMINATED, reason)


def next_period(start: date, end: date) -> tuple[date, date]:
    """The period after ``start``..``end`` (both included), as long: whole months stay whole months."""
    following = end + timedelta(days=1)
    months = (following.year - start.year) * 12 + following.month - start.month
    if months > 0 and start + relativedelta(months=months) == following:
        return following, following + relativedelta(months=months) - timedelta(days=1)
    return following, following + (end - start)


def _renew(membership: Membership | None, contract: Contract, note: str) -> Contract:
    """End a locked active contract as renewed and make its follow-on (or return the one made before)."""
    existing = Contract._base_manager.filter(renewed_from=contract).first()
    if contract.status == ContractStatus.RENEWED and existing is not None:
        return existing  # idempotent: renewing again changes nothing
    _move(membership, contract, ContractStatus.RENEWED, note)
    start, end = next_period(contract.start_date, contract.end_date)
    follow_on = Contract(
        renewed_from=contract,
        start_date=start,
        end_date=end,
        status=ContractStatus.ACTIVE,
        activated_at=timezone.now(),
        **{name: getattr(contract, name) for name in TERMS},
    )
    if membership is not None:
        policy.check(membership, "create", follow_on)
    _insert(membership, follow_on)
    ContractStatusChange.objects.create(
        contract=follow_on,
        from_status=ContractStatus.DRAFT,
        to_status=ContractStatus.ACTIVE,
        at=timezone.now(),
        by=membership.user if membership else None,
        note=f"Renewal of C-{contract.number}",
    )
    return follow_on


def renew_contract(membership: Membership, contract_id: Any) -> tuple[Contract, Contract]:
    """Active → renewed, with the follow-on contract (next period, same terms); again: the same follow-on.

    Returns ``(the renewed contract, its follow-on)``.
    """
    policy.check(membership, "create", Contract)
    with transaction.atomic():
        contract = _locked(membership, contract_id)
        follow_on = _renew(membership, contract, "Renewed")
        contract.refresh_from_db()
    return contract, follow_on


def create_contract_from_order(membership: Membership, data: dict[str, Any]) -> Contract:
    """A draft contract for an order's customer, worth the order's total, in one transaction.

    The customer is the order's deal's company (or ``company``, when the deal has none); the period starts
    on ``start_date`` (default today) and lasts a year unless ``end_date`` is given. Again for the same
    order: the contract made the first time. ``data``: ``order`` (pk), ``title``, ``company``, ``start_date``,
    ``end_date``, ``owner``, ``billing_frequency``, ``auto_renew``, ``renewal_notice_days``.
    """
    policy.check(membership, "create", Contract)
    data = {k: v for k, v in data.items() if v is not None}
    order = get_for(membership, Order, data.pop("order", None), "read", "orderId")
    with transaction.atomic():
        Order.objects.select_for_update().filter(pk=order.pk).first()  # two clicks make one contract
        existing = Contract.objects.filter(order=order, renewed_from__isnull=True).order_by("number").first()
        if existing is not None and policy.allows(membership, "read", existing):
            return existing
        deal = Deal._base_manager.get(pk=order.deal_id)
        start = data.pop("start_date", None) or today()
        fields: dict[str, Any] = {
            "title": data.pop("title", None) or f"{deal.title} (O-{order.number})",
            "company": data.pop("company", None) or deal.company_id,
            "deal": deal.pk,
            "order": order.pk,
            "start_date": start,
            "end_date": data.pop("end_date", None) or start + relativedelta(years=1) - timedelta(days=1),
            "value": order.total.quantize(CENTS),
            "currency": order.currency,
            **data,
        }
        return create_contract(membership, fields)


def expire_contracts(on: date | None = None) -> int:
    """End every active contract whose end date passed (run daily in every workspace); return how many.

    One that renews automatically is renewed (its follow-on starts the next day); the others expire.
    Running it again finds nothing more to do.
    """
    on = on or today()
    done = 0
    for pk in Contract.objects.filter(status=ContractStatus.ACTIVE, end_date__lt=on).values_list("pk", flat=True):
        with transaction.atomic():
            contract = Contract.objects.select_for_update().filter(pk=pk, status=ContractStatus.ACTIVE).first()
            if contract is None:
                continue  # moved meanwhile
            if contract.auto_renew:
                _renew(None, contract, "Renewed automatically")
            else:
                _move(None, contract, ContractStatus.EXPIRED, "Past its end date")
            done += 1
    return done


def status_history(contract: Contract) -> Any:
    return ContractStatusChange.objects.filter(contract=contract).order_by("at", "id")


# --- development plans -----------------------------------------------------------------------------

PLAN_FIELDS = ("company", "owner", "goal", "description", "target_date", "status")


def _validate_plan(
    membership: Membership, data: dict[str, Any], errors: ErrorCollector, instance: DevelopmentPlan | None = None
) -> None:
    if "goal" in data or instance is None:
        data["goal"] = (data.get("goal") or "").strip()
        check_length(data["goal"], 200, "goal", errors, required=True)
    if data.get("description") is not None:
        check_length(data["description"], 5000, "description", errors)
    check_choice(data.get("status"), PlanStatus, "status", errors)
    if instance is None:
        if data.get("company") is None:
            errors.add("companyId", "Name the target account.", ErrorCode.REQUIRED)
        else:
            data["company"] = collect(errors, membership, Company, data["company"], "companyId")
    if data.get("owner") is not None:
        data["owner"] = member_user(membership, data["owner"], "ownerId", errors)


def _steps_snapshot(plan: DevelopmentPlan) -> list[str]:
    return [
        f"{'[x]' if step.done else '[ ]'} {step.title}" + (f" (due {step.due_date})" if step.due_date else "")
        for step in plan.steps.order_by("position", "id")
    ]


def _plan_after(plan: DevelopmentPlan) -> dict[str, Any]:
    return snapshot(plan, PLAN_FIELDS) | {"steps": _steps_snapshot(plan)}


def create_development_plan(membership: Membership, data: dict[str, Any]) -> DevelopmentPlan:
    """A plan for a target account: ``company`` (pk), ``goal``, ``description``, ``target_date``, ``owner``,
    and its first ``steps`` (``[{title, due_date}]``)."""
    policy.check(membership, "create", DevelopmentPlan)
    errors = ErrorCollector()
    data = {k: v for k, v in data.items() if v is not None}
    steps = [_clean_step(membership, step, f"steps.{i}", errors) for i, step in enumerate(data.pop("steps", []))]
    if len(steps) > MAX_STEPS:
        errors.add("steps", f"At most {MAX_STEPS} steps.", ErrorCode.TOO_MANY)
    _validate_plan(membership, data, errors)
    errors.raise_if_any()
    with transaction.atomic():
        plan = DevelopmentPlan()
        apply_fields(plan, data)
        if "owner" not in data:
            plan.owner = membership.user
        policy.check(membership, "create", plan, fields=data)
        plan.save()
        PlanStep.objects.bulk_create(PlanStep(plan=plan, position=i, **step) for i, step in enumerate(steps))
        written(membership, "create", plan, diff({}, _plan_after(plan)), "created")
    return plan


def update_development_plan(membership: Membership, plan_id: Any, data: dict[str, Any]) -> DevelopmentPlan:
    plan = get_for(membership, DevelopmentPlan, plan_id, "update")
    errors = ErrorCollector()
    data.pop("company", None)
    if "goal" in data and data["goal"] is None:
        errors.add("goal", "It cannot be blank.", ErrorCode.REQUIRED)
        data.pop("goal")
    if "status" in data and data["status"] is None:
        data.pop("status")
    _validate_plan(membership, data, errors, plan)
    errors.raise_if_any()
    policy.check(membership, "update", plan, fields=data)
    return update_record(membership, plan, data, PLAN_FIELDS)


def delete_development_plan(membership: Membership, plan_id: Any) -> Any:
    """Delete a plan and its steps for good; return its key."""
    plan = get_for(membership, DevelopmentPlan, plan_id, "delete")
    with transaction.atomic():
        pk = plan.pk
        written(membership, "delete", plan, diff(_plan_after(plan), {}), "deleted")
        plan.delete()
    return pk


def _clean_step(membership: Membership, data: dict[str, Any], field: str, errors: ErrorCollector) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    if "title" in data:
        cleaned["title"] = (data.get("title") or "").strip()
        check_length(cleaned["title"], 200, f"{field}.title" if "." in field else "title", errors, required=True)
    if "due_date" in data:
        cleaned["due_date"] = data["due_date"]
    if data.get("activity") is not None:
        api_name = f"{field}.activityId" if "." in field else "activityId"
        cleaned["activity"] = collect(errors, membership, Activity, data["activity"], api_name)
    elif "activity" in data:
        cleaned["activity"] = None
    return cleaned


def _step_and_plan(membership: Membership, step_id: Any) -> tuple[PlanStep, DevelopmentPlan]:
    """The step and its plan, which the member must be allowed to update (another's step: ``not_found``)."""
    try:
        plan_id = PlanStep.objects.filter(pk=int(step_id)).values_list("plan_id", flat=True).first()
    except (TypeError, ValueError):
        plan_id = None
    if plan_id is None:
        raise ServiceError(FieldError("stepId", "No such step.", ErrorCode.NOT_FOUND))
    plan = get_for(membership, DevelopmentPlan, plan_id, "update", "stepId")
    plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
    return PlanStep.objects.get(pk=int(step_id)), plan


def _steps_changed(membership: Membership, plan: DevelopmentPlan, before: list[str]) -> DevelopmentPlan:
    after = _steps_snapshot(plan)
    if after != before:
        plan.save(update_fields=["updated_at"])
        written(membership, "update", plan, {"steps": {"old": before, "new": after}}, "updated")
    return plan


def add_plan_step(membership: Membership, plan_id: Any, **data: Any) -> DevelopmentPlan:
    """Add a step at the end of the plan (``title``, ``due_date``, ``activity``)."""
    errors = ErrorCollector()
    data = {"title": data.get("title"), **{k: v for k, v in data.items() if k != "title"}}
    step = _clean_step(membership, data, "step", errors)
    errors.raise_if_any()
    with transaction.atomic():
        plan = get_for(membership, DevelopmentPlan, plan_id, "update", "planId")
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
        before = _steps_snapshot(plan)
        if len(before) >= MAX_STEPS:
            raise ServiceError(FieldError("planId", f"At most {MAX_STEPS} steps.", ErrorCode.TOO_MANY))
        last = plan.steps.aggregate(top=Max("position"))["top"]
        PlanStep.objects.create(plan=plan, position=0 if last is None else last + 1, **step)
        return _steps_changed(membership, plan, before)


def update_plan_step(membership: Membership, step_id: Any, **data: Any) -> DevelopmentPlan:
    """Change a step's title, due date or activity (only the ones given)."""
    errors = ErrorCollector()
    if "title" in data and data["title"] is None:
        data.pop("title")
    step_data = _clean_step(membership, data, "step", errors)
    errors.raise_if_any()
    with transaction.atomic():
        step, plan = _step_and_plan(membership, step_id)
        before = _steps_snapshot(plan)
        for name, value in step_data.items():
            setattr(step, name, value)
        step.save()
        return _steps_changed(membership, plan, before)


def complete_plan_step(membership: Membership, step_id: Any, done: bool = True) -> DevelopmentPlan:
    """Tick a step done (or ``done: false`` to untick it)."""
    with transaction.atomic():
        step, plan = _step_and_plan(membership, step_id)
        before = _steps_snapshot(plan)
        if step.done != done:
            step.done, step.done_at = done, timezone.now() if done else None
            step.save(update_fields=["done", "done_at"])
        return _steps_changed(membership, plan, before)


def delete_plan_step(membership: Membership, step_id: Any) -> DevelopmentPlan:
    with transaction.atomic():
        step, plan = _step_and_plan(membership, step_id)
        before = _steps_snapshot(plan)
        step.delete()
        return _steps_changed(membership, plan, before)


def reorder_plan_steps(membership: Membership, plan_id: Any, step_ids: Sequence[Any]) -> DevelopmentPlan:
    """Put the plan's steps in this order; every step of the plan named once."""
    with transaction.atomic():
        plan = get_for(membership, DevelopmentPlan, plan_id, "update", "planId")
        plan = DevelopmentPlan.objects.select_for_update().get(pk=plan.pk)
        steps = {str(step.pk): step for step in plan.steps.all()}
        wanted = [str(pk) for pk in step_ids]
        if sorted(wanted) != sorted(steps) or len(set(wanted)) != len(wanted):
            raise ServiceError(FieldError("stepIds", "Name every step of the plan once.", ErrorCode.INVALID))
        before = _steps_snapshot(plan)
        for position, pk in enumerate(wanted):
            steps[pk].position = position
        PlanStep.objects.bulk_update(steps.values(), ["position"])
        return _steps_changed(membership, plan, before)


def progress(done: int, total: int) -> float:
    """Done steps over all steps (0 without steps)."""
    return round(done / total, 4) if total else 0.0
