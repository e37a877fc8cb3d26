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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig
from django.utils.module_loading import import_string

if TYPE_CHECKING:  # a plain declaration of the exports package (it imports only Django too)
    from saas.exports.lists import ExportList

# Fills the demo workspace (inside its schema): (tenant, members: owner first).
DemoSeeder = Callable[[Any, list[Any]], None]


@dataclass(frozen=True)
class SavedViewType:
    """A list that members may save views of: its stored value and the API's filter/order input names."""

    value: str  # stored in ``SavedView.record_type``; the GraphQL enum value is its upper case
    label: str  # "Companies"
    filter_input: str  # the list's ``filter:`` input type, e.g. "CompanyFilter"
    order_input: str  # the list's ``orderBy:`` item type, e.g. "CompanyOrder"


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
class Module:
    name: str
    # Registers the module's record types with ``saas.access.registry`` (called once models are ready).
    record_types: Callable[[], None] | None = None
    demo_seeders: tuple[DemoSeeder, ...] = ()
    saved_views: tuple[SavedViewType, ...] = field(default_factory=tuple)
    # Lists members may download whole (``GET /exports/<name>.<csv|xlsx>``), read through the API's list.
    exports: tuple[ExportList, ...] = field(default_factory=tuple)
    getting_started: tuple[GettingStartedStep, ...] = ()


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
    return [seeder for module in MODULES.values() for seeder in module.demo_seeders]


def saved_view_types() -> dict[str, SavedViewType]:
    """Every list a view can be saved for, by stored value, in installation order."""
    return {view.value: view for module in MODULES.values() for view in module.saved_views}


def export_lists() -> dict[str, ExportList]:
    """Every exportable list, by its name in the export URL, in installation order."""
    return {export.name: export for module in MODULES.values() for export in module.exports}


def getting_started_steps() -> list[GettingStartedStep]:
    """Every module's checklist steps, by ``order``."""
    return sorted((step for module in MODULES.values() for step in module.getting_started), key=lambda s: s.order)


class ModuleConfig(AppConfig):
    """``AppConfig`` of a CRM module: installs ``declaration`` (a dotted path to a ``Module``) when ready."""

    declaration: str

    def ready(self) -> None:
        install(import_string(self.declaration))
