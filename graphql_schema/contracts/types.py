"""Record types of contracts and development plans. Each is a Relay node, scoped by ``saas.access.policy``."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import strawberry
import strawberry_django
from strawberry import relay
from strawberry.types import Info

from graphql_schema.activities.types import ActivityNode
from graphql_schema.audit.types import AuditEntryNode
from graphql_schema.catalog.types import OrderNode
from graphql_schema.core.history import history_field
from graphql_schema.core.keyset import KeysetConnection
from graphql_schema.core.money import Money
from graphql_schema.core.nodes import Scoped, record_type
from graphql_schema.core.users import UserNode
from graphql_schema.customers.types import CompanyNode, ContactNode
from graphql_schema.permissions import access_controlled, scoped
from graphql_schema.sales.types import DealNode
from saas.contracts import models, services

from .enums import BillingFrequency, ContractStatus, PlanStatus


@strawberry.type(description="One move of a contract between statuses.")
class ContractStatusChange:
    from_status: ContractStatus | None = strawberry.field(description="Null: the contract was made.")
    to_status: ContractStatus = strawberry.field(description="Where it went.")
    at: datetime = strawberry.field(description="When.")
    by: UserNode | None = strawberry.field(description="Who (null: the system, e.g. the daily expiry).")
    note: str = strawberry.field(description="Why, when given (a termination's reason...).")


@access_controlled  # value: hidden or read-only by the member's role
@record_type(models.Contract, name="Contract", description="What a customer signed: period, value, renewal terms.")
class ContractNode(Scoped, relay.Node):
    number: int = strawberry_django.field(description="The contract's number (shown as C-<number>).")
    title: str = strawberry_django.field(description="What it covers, in a few words.")
    company: CompanyNode | None = strawberry_django.field(description="The customer (null: you may not read it).")
    contact: ContactNode | None = strawberry_django.field(description="The customer's contact for it.")
    deal: DealNode | None = strawberry_django.field(description="The deal it came from.")
    order: OrderNode | None = strawberry_django.field(description="The order it came from.")
    owner: UserNode | None = strawberry_django.field(description="Who looks after it (reminded of its renewal).")
    start_date: date = strawberry_django.field(description="First day.")
    end_date: date = strawberry_django.field(description="Last day.")
    auto_renew: bool = strawberry_django.field(description="Renewed by itself at its end instead of expiring.")
    renewal_notice_days: int = strawberry_django.field(description="The owner is reminded this many days before.")
    terms: str = strawberry_django.field(description="Terms and notes.")
    renewed_from: ContractNode | None = strawberry_django.field(description="The contract this one renews.")
    activated_at: datetime | None = strawberry_django.field(description="When it became active.")
    ended_at: datetime | None = strawberry_django.field(description="When it expired, was terminated or renewed.")
    end_reason: str = strawberry_django.field(description="Why it ended (a termination's reason).")
    created_at: datetime = strawberry_django.field(description="When it was made.")
    updated_at: datetime = strawberry_django.field(description="Last change.")
    deleted_at: datetime | None = strawberry_django.field(
        description="When it went to the recycle bin; null otherwise."
    )

    @strawberry_django.field(only=["status"], description="Where the contract is in its lifecycle.")
    def status(self, root: models.Contract) -> ContractStatus:
        return ContractStatus(root.status)

    @strawberry_django.field(only=["billing_frequency"], description="How often the customer is billed.")
    def billing_frequency(self, root: models.Contract) -> BillingFrequency:
        return BillingFrequency(root.billing_frequency)

    @strawberry_django.field(
        only=["value", "currency"], description="What it is worth. Null when unknown or your role may not see it."
    )
    def value(self, root: models.Contract) -> Money | None:
        return Money.of(root.value, root.currency)

    @strawberry_django.field(
        only=["end_date", "renewal_notice_days"], description="The day the owner is reminded of the renewal."
    )
    def renewal_reminder_date(self, root: models.Contract) -> date:
        return root.end_date - timedelta(days=root.renewal_notice_days)

    @strawberry_django.field(only=["end_date"], description="Days from today to the last day (negative: past).")
    def days_left(self, root: models.Contract) -> int:
        return (root.end_date - services.today()).days

    @strawberry_django.field(only=["pk"], description="The follow-on contract made when this one was renewed.")
    def renewal(self, root: models.Contract, info: Info) -> ContractNode | None:
        return scoped(info, models.Contract.objects.filter(renewed_from_id=root.pk)).first()

    @strawberry_django.field(only=["pk"], description="Every status change, oldest first.")
    def status_history(self, root: models.Contract) -> list[ContractStatusChange]:
        return [
            ContractStatusChange(
                from_status=ContractStatus(change.from_status) if change.from_status else None,
                to_status=ContractStatus(change.to_status),
                at=change.at,
                by=change.by,
                note=change.note,
            )
            for change in services.status_history(root).select_related("by")
        ]

    history: KeysetConnection[AuditEntryNode] = history_field()


@strawberry_django.type(models.PlanStep, name="PlanStep", description="A step of a development plan.")
class PlanStepType:
    id: strawberry.ID = strawberry_django.field(description="The step's key (within its plan).")
    position: int = strawberry_django.field(description="Its place, from 0.")
    title: str = strawberry_django.field(description="What to do.")
    due_date: date | None = strawberry_django.field(description="By when.")
    done: bool = strawberry_django.field(description="Done.")
    done_at: datetime | None = strawberry_django.field(description="When it was ticked done.")
    activity: ActivityNode | None = strawberry_django.field(description="The activity that carries it out.")


@record_type(
    models.DevelopmentPlan, name="DevelopmentPlan", description="Planned steps towards a goal with a target account."
)
class DevelopmentPlanNode(Scoped, relay.Node):
    company: CompanyNode | None = strawberry_django.field(description="The target account (null: you may not read it).")
    owner: UserNode | None = strawberry_django.field(description="Who drives the plan.")
    goal: str = strawberry_django.field(description="What the plan is for.")
    description: str = strawberry_django.field(description="More about it.")
    target_date: date | None = strawberry_django.field(description="By when the goal should be reached.")
    steps: list[PlanStepType] = strawberry_django.field(description="Its steps, in order.")
    created_at: datetime = strawberry_django.field(description="When it was made.")
    updated_at: datetime = strawberry_django.field(description="Last change.")

    @strawberry_django.field(only=["status"], description="Active, achieved or abandoned.")
    def status(self, root: models.DevelopmentPlan) -> PlanStatus:
        return PlanStatus(root.status)

    @strawberry_django.field(
        prefetch_related=["steps"], description="Done steps over all steps, from 0 to 1 (0 without steps)."
    )
    def progress(self, root: models.DevelopmentPlan) -> float:
        steps = list(root.steps.all())
        return services.progress(sum(1 for step in steps if step.done), len(steps))

    @strawberry_django.field(prefetch_related=["steps"], description="How many steps are done.")
    def done_count(self, root: models.DevelopmentPlan) -> int:
        return sum(1 for step in root.steps.all() if step.done)

    history: KeysetConnection[AuditEntryNode] = history_field()
