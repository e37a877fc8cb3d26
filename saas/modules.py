"""The backend module registry: each CRM module declares, in one place, what it adds to the platform.

The lowest layer of the project (it imports only Django), so every package may declare itself here.

The domain half (this file) lists what needs no API: record types (access control, audit, realtime,
the permission matrix), demo seeders, saved-view types and exportable lists. The API half (queries, mutations,
subscriptions) is ``graphql_schema.modules``, which names each module's declaration next to its
GraphQL classes. A module's ``AppConfig`` inherits ``ModuleConfig`` and names its declaration::

    class SalesConfig(modules.ModuleConfig):  # "from saas import modules": Django picks the one
                                              # AppConfig class defined in apps.py
        name = "saas.sales"
        declaration = "saas.sales.module.SALES"

Modules are installed in ``INSTALLED_APPS`` order (demo seeders run in that order too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.module_loading import import_string

from saas.errors import ErrorCode  # plain Python: the registry stays the lowest layer

if TYPE_CHECKING:  # plain declarations of the exports and imports packages (they import only Django too)
    from saas.exports.lists import ExportList
    from saas.imports.declaration import ImportType

# Fills the demo workspace (inside its schema): (tenant, members: owner first).
DemoSeeder = Callable[[Any, list[Any]], None]
# Hears every record event (``realtime.events.emit``'s dict: tenant, action, record_type, record_id,
# fields, payload) once its transaction committed, inside the tenant's schema: webhooks, workflows.
RecordListener = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class SavedViewType:
    """A list that members may save views of: its stored value and the API's filter/order input names."""

    value: str  # stored in ``SavedView.record_type``; the GraphQL enum value is its upper case
    label: str  # "Companies"
    filter_input: str  # the list's ``filter:`` input type, e.g. "CompanyFilter"
    order_input: str  # the list's ``orderBy:`` item type, e.g. "CompanyOrder"


@dataclass(frozen=True)
class Limits:
    """Checks a module puts on writes made elsewhere (billing's plan limits), without those places importing it.

    The kernel's write path and the membership services call them through ``check_*`` below; a check
    raises ``saas.errors.ServiceError`` (e.g. ``plan_limit``) inside the caller's transaction, so nothing
    is written.
    """

    # (tenant, model) after a record of a CRM type was inserted: refuse if the tenant is now over a limit.
    record_created: Callable[[Any, type], None] | None = None
    # (tenant, how many) before members take seats (invitation accepted, member reactivated).
    seats_added: Callable[[Any, int], None] | None = None
    # (tenant) once seats changed and committed (e.g. the paid quantity follows).
    seats_changed: Callable[[Any], None] | None = None
    # (tenant, quantity, amount) before a module adds ``amount`` of a metered quantity (see ``Meter``).
    adding: Callable[[Any, str, int], None] | None = None
    # (tenant, feature) before a feature is used (``api_keys``, ``realtime``...): refuse if the plan lacks it.
    feature_used: Callable[[Any, str], None] | None = None
    # (tenant, how many) after custom-field definitions were added: refuse if over the plan's limit.
    custom_fields_defined: Callable[[Any, int], None] | None = None


# Quantities modules measure for plan limits (``Meter``); billing compares them with the plan.
# (Custom fields are counted by customization itself: ``check_custom_fields_defined``.)
STORED_BYTES = "stored_bytes"  # bytes of files the workspace keeps (exports, attachments...)


@dataclass(frozen=True)
class Meter:
    """How much of a quantity (``STORED_BYTES``) a module holds for a workspace.

    ``measure(tenant)`` may be called from any schema (the billing page runs in the tenant's, the
    admin in ``public``), so it selects the tenant's schema itself. The usage billing shows is the sum
    over every installed module's meters: a quantity no module keeps yet is truly 0.
    """

    quantity: str
    measure: Callable[[Any], int]


@dataclass(frozen=True)
class CustomFields:
    """The tenant's custom fields as the kit's write path and the access policy see them (saas.customization).

    ``clean(membership, model, data, errors, instance)``: validate ``data["custom_fields"]`` (key → value,
    as given) for a create (``instance`` None) or an update, replacing it with the clean values; problems join
    ``errors`` under ``customFields.<key>``. ``sensitive(membership, model)``: the field-rule names
    (``custom_fields.<key>``) of the type's custom fields that roles treat as sensitive.
    """

    clean: Callable[[Any, type, dict[str, Any], Any, Any], None]
    sensitive: Callable[[Any, type], tuple[str, ...]]
    #: ``columns(membership, model)``: one export column (``saas.exports.lists.Column``) per live custom
    #: field of the type, keyed ``customFields.<key>`` with the rule field ``custom_fields.<key>``.
    columns: Callable[[Any, type], list[Any]] | None = None
    #: ``picklist_value(membership, key, value, field, errors)``: a value of one of the workspace's picklists
    #: (a module's own field that takes one, such as a return's reason); a problem joins ``errors``.
    picklist_value: Callable[[Any, str, Any, str, Any], None] | None = None


@dataclass(frozen=True)
class PicklistDeclaration:
    """A list of values a module uses (industry, lead source, lost reason): each workspace edits its own copy.

    ``values``: the values a new workspace starts with, in order (each stored as given, labelled as given).
    """

    key: str  # "industry": what custom fields and services name it by
    label: str  # "Industry"
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class GettingStartedStep:
    """One step of the home page's checklist, ticked from what the workspace really did.

    ``done(tenant)`` runs inside the workspace's schema (one cheap query: an ``exists()``);
    ``key`` names the step to clients, which label it and link to where it is done.
    """

    key: str  # camelCase, e.g. "addCompany"
    order: int
    done: Callable[[Any], bool]


@dataclass(frozen=True)
class Reminder:
    """One reminder for one member, sent once: ``key`` is claimed before sending (saas.activities.reminders).

    Make the key say what makes the reminder new (the record and the moment it is for), so a second run of
    the job, or a concurrent one, finds it taken and sends nothing.
    """

    key: str
    membership: Any  # the active membership reminded (its user gets the notification and the e-mail)
    kind: str  # "activity", "birthday", "contract_renewal"...
    message: str
    record_type: str
    record_id: str
    due_at: datetime | None = None


@dataclass(frozen=True)
class ReminderRun:
    """What one run of the reminders job knows, inside one workspace's schema."""

    now: datetime
    today: date  # in the workspace's time zone
    tenant: Any
    seats: dict[int, Any]  # user id → active membership (user and tenant loaded)


# The reminders a module has due now (``ReminderRun`` → reminders); the job claims and sends each once.
# A source reminds only a member who may read the record now (``saas.access.policy.allows``).
ReminderSource = Callable[[ReminderRun], Iterable[Reminder]]


@dataclass(frozen=True)
class Module:
    name: str
    # Registers the module's record types with ``saas.access.registry`` (called once models are ready).
    record_types: Callable[[], None] | None = None
    demo_seeders: tuple[DemoSeeder, ...] = ()
    # Modules whose demo data this module's seeders build on (they run first), e.g. ("leads",).
    demo_after: tuple[str, ...] = ()
    saved_views: tuple[SavedViewType, ...] = field(default_factory=tuple)
    # Lists members may download whole (``GET /exports/<name>.<csv|xlsx>``), read through the API's list.
    exports: tuple[ExportList, ...] = field(default_factory=tuple)
    # Record types members may bulk import from CSV / XLSX files (``saas.imports``), with their columns.
    imports: tuple[ImportType, ...] = field(default_factory=tuple)
    limits: Limits | None = None
    # What the module keeps that plans limit (bytes of files stored).
    meters: tuple[Meter, ...] = ()
    custom_fields: CustomFields | None = None
    getting_started: tuple[GettingStartedStep, ...] = ()
    # The value lists (data dictionary) the module uses; workspaces edit them (saas.customization).
    picklists: tuple[PicklistDeclaration, ...] = ()
    # Called after commit with each record event of any registered type (see ``RecordListener``).
    record_listeners: tuple[RecordListener, ...] = ()
    # Where the reminders job (every five minutes, every workspace) finds what to remind members of.
    reminder_sources: tuple[ReminderSource, ...] = ()
    # Record type → the computed fields its record page shows besides its columns (API names, e.g. a
    # contract's ``renewalReminderDate``): record page layouts (saas.customization.layouts) may name them.
    page_fields: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


MODULES: dict[str, Module] = {}


def install(module: Module) -> None:
    """Make a module's declaration active (idempotent: Django may call ``ready`` twice in tests)."""
    if module.name in MODULES:
        return
    MODULES[module.name] = module
    if module.record_types is not None:
        module.record_types()


def uninstall(name: str) -> None:
    """For tests that install a throw-away module."""
    MODULES.pop(name, None)


def demo_seeders() -> list[DemoSeeder]:
    """Every module's demo seeders in installation order, except that a module's come after those of the
    modules in its ``demo_after`` (a cycle is broken where it closes)."""
    placed: dict[str, Module] = {}
    placing: set[str] = set()

    def place(module: Module) -> None:
        if module.name in placed or module.name in placing:
            return
        placing.add(module.name)
        for name in module.demo_after:
            if name in MODULES:
                place(MODULES[name])
        placed[module.name] = module

    for module in MODULES.values():
        place(module)
    return [seeder for module in placed.values() for seeder in module.demo_seeders]


def saved_view_types() -> dict[str, SavedViewType]:
    """Every list a view can be saved for, by stored value, in installation order."""
    return {view.value: view for module in MODULES.values() for view in module.saved_views}


def export_lists() -> dict[str, ExportList]:
    """Every exportable list, by its name in the export URL, in installation order."""
    return {export.name: export for module in MODULES.values() for export in module.exports}


def record_listeners() -> list[RecordListener]:
    """Every module's record listeners, in installation order."""
    return [listener for module in MODULES.values() for listener in module.record_listeners]


def reminder_sources() -> list[ReminderSource]:
    """Every module's reminder sources, in installation order."""
    return [source for module in MODULES.values() for source in module.reminder_sources]


def page_fields(record_type: str) -> tuple[str, ...]:
    """The computed fields modules declare for a record type's page, in installation order."""
    return tuple(name for module in MODULES.values() for name in module.page_fields.get(record_type, ()))


def import_types() -> dict[str, ImportType]:
    """Every importable record type, by its record type name (``Contact``), in installation order."""
    return {declared.record_type: declared for module in MODULES.values() for declared in module.imports}


def _limits() -> list[Limits]:
    return [module.limits for module in MODULES.values() if module.limits is not None]


def check_record_created(tenant: Any, model: type) -> None:
    for limits in _limits():
        if limits.record_created is not None:
            limits.record_created(tenant, model)


def check_seats_added(tenant: Any, count: int = 1) -> None:
    for limits in _limits():
        if limits.seats_added is not None:
            limits.seats_added(tenant, count)


def seats_changed(tenant: Any) -> None:
    """Call inside the transaction that changed seats: the modules hear of it once it commits."""
    from django.db import transaction

    for limits in _limits():
        if limits.seats_changed is not None:
            transaction.on_commit(functools.partial(limits.seats_changed, tenant))


def check_adding(tenant: Any, quantity: str, amount: int = 1) -> None:
    """Call before adding ``amount`` of a metered quantity, inside the write's transaction (raises to refuse)."""
    for limits in _limits():
        if limits.adding is not None:
            limits.adding(tenant, quantity, amount)


def check_feature(tenant: Any, feature: str) -> None:
    """Call before using a feature plans switch on and off (raises ``ServiceError`` to refuse)."""
    for limits in _limits():
        if limits.feature_used is not None:
            limits.feature_used(tenant, feature)


def measured(tenant: Any, quantity: str) -> int:
    """The workspace's amount of ``quantity``: the sum of every installed module's meters for it."""
    meters = [meter for module in MODULES.values() for meter in module.meters if meter.quantity == quantity]
    return sum(meter.measure(tenant) for meter in meters)


def check_custom_fields_defined(tenant: Any, count: int = 1) -> None:
    for limits in _limits():
        if limits.custom_fields_defined is not None:
            limits.custom_fields_defined(tenant, count)


def _custom_fields() -> CustomFields | None:
    return next((m.custom_fields for m in MODULES.values() if m.custom_fields is not None), None)


def clean_custom_fields(membership: Any, model: type, data: dict[str, Any], errors: Any, instance: Any = None) -> None:
    """Validate the ``custom_fields`` a service's ``data`` carries (see ``CustomFields``); a no-op without any."""
    hooks = _custom_fields()
    if hooks is None:
        data.pop("custom_fields", None)
        return
    if "custom_fields" not in data and instance is not None:
        return  # an update that leaves them alone (a create still gets defaults and required checks)
    hooks.clean(membership, model, data, errors, instance)


def sensitive_custom_fields(membership: Any, model: type) -> tuple[str, ...]:
    hooks = _custom_fields()
    return hooks.sensitive(membership, model) if hooks is not None else ()


def custom_field_columns(membership: Any, model: type) -> list[Any]:
    """Export columns of the type's custom fields (none without customization); field rules apply later."""
    hooks = _custom_fields()
    return hooks.columns(membership, model) if hooks is not None and hooks.columns is not None else []


def check_picklist_value(membership: Any, key: str, value: Any, field: str, errors: Any) -> None:
    """Check a value of the workspace's picklist ``key`` (its edited copy; without customization, the declared
    values). Blank passes: whether it is required is the caller's rule."""
    if value in (None, ""):
        return
    hooks = _custom_fields()
    if hooks is not None and hooks.picklist_value is not None:
        hooks.picklist_value(membership, key, value, field, errors)
        return
    declared = declared_picklists().get(key)
    if declared is not None and value not in declared.values:
        errors.add(field, f"One of: {', '.join(declared.values)}.", ErrorCode.INVALID_CHOICE)


def declared_picklists() -> dict[str, PicklistDeclaration]:
    """Every module's declared value lists, by key, in installation order."""
    return {p.key: p for module in MODULES.values() for p in module.picklists}


def getting_started_steps() -> list[GettingStartedStep]:
    """Every module's checklist steps, by ``order``."""
    return sorted((step for module in MODULES.values() for step in module.getting_started), key=lambda s: s.order)


class ModuleConfig(AppConfig):
    """``AppConfig`` of a CRM module: installs ``declaration`` (a dotted path to a ``Module``) when ready."""

    declaration: str

    def ready(self) -> None:
        install(import_string(self.declaration))
