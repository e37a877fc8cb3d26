"""The module kit's proof: a module declared only through the registries gets everything.

``tests.access.sample`` declares its domain half (``module.py``: record types with factories) and
its API half (``api.py``: a node, a list, create / update / delete / restore on the mutation base);
no other file names it. The permission matrix (test_matrix.py) picks ``SampleTicket`` up by itself.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphql_schema.modules import MODULES
from graphql_schema.registry import ApiModule, root_types
from realtime import events
from saas import modules
from saas.access.registry import RECORD_TYPES
from saas.audit.models import AuditEntry
from saas.errors import ServiceError
from saas.kernel import saved_views
from saas.modules import Module, SavedViewType
from tenants.models import Membership
from tests.access.sample.module import SAMPLE
from tests.conftest import Workspace

pytestmark = pytest.mark.urls("tests.access.sample.urls")

TICKET = "sampleTicket { id title notes }"


def mutate(ws: Workspace, name: str, input: dict[str, Any]) -> dict[str, Any]:
    input_type = (
        "SampleTicketIdInput" if name.startswith(("delete", "restore")) else f"{name[0].upper()}{name[1:]}Input"
    )
    query = f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {TICKET} errors {{ field code }} }} }}"
    return ws.api.data(query, {"input": input})[name]


def test_a_registered_module_gets_its_list_node_mutations_audit_and_history(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    created = mutate(workspace_a, "createSampleTicket", {"title": "Printer on fire", "notes": "toner"})
    assert created["errors"] == []
    ticket = created["sampleTicket"]
    assert ticket["title"] == "Printer on fire"

    # The kernel's declared rules answer as typed errors and change nothing.
    taken = mutate(workspace_a, "createSampleTicket", {"title": "printer on fire"})
    assert taken == {"sampleTicket": None, "errors": [{"field": "title", "code": "taken"}]}

    renamed = mutate(workspace_a, "updateSampleTicket", {"id": ticket["id"], "title": "Printer fixed"})
    assert renamed["sampleTicket"]["title"] == "Printer fixed"

    listed = workspace_a.api.data("{ sampleTickets { totalCount edges { node { title } } } }")
    assert listed["sampleTickets"]["totalCount"] == 1
    node = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on SampleTicket { title history { edges { node { action } } } } } }",
        {"id": ticket["id"]},
    )["node"]
    assert node["title"] == "Printer fixed"
    assert [e["node"]["action"] for e in node["history"]["edges"]] == ["update", "create"]

    mutate(workspace_a, "deleteSampleTicket", {"id": ticket["id"]})
    assert workspace_a.api.data("{ sampleTickets { totalCount } }")["sampleTickets"]["totalCount"] == 0
    mutate(workspace_a, "restoreSampleTicket", {"id": ticket["id"]})
    assert workspace_a.api.data("{ sampleTickets { totalCount } }")["sampleTickets"]["totalCount"] == 1

    workspace_a.activate()
    entries = AuditEntry.objects.filter(record_type="SampleTicket").order_by("id")
    assert [e.action for e in entries] == ["create", "update", "delete", "restore"]
    assert entries[1].changes == {"title": {"old": "Printer on fire", "new": "Printer fixed"}}

    # Tenant B: A's ticket does not exist, for reading or writing.
    assert workspace_b.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": ticket["id"]})["node"] is None
    refused = mutate(workspace_b, "updateSampleTicket", {"id": ticket["id"], "title": "hacked"})
    assert refused == {"sampleTicket": None, "errors": [{"field": "id", "code": "not_found"}]}
    assert workspace_b.api.data("{ sampleTickets { totalCount } }")["sampleTickets"]["totalCount"] == 0
    workspace_a.activate()
    assert entries.count() == 4


def test_a_registered_module_emits_realtime_events(
    workspace_a: Workspace,
    django_capture_on_commit_callbacks: Callable[..., Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    published: list[dict[str, Any]] = []
    monkeypatch.setattr(events, "publish", lambda group, event: published.append(event))
    with django_capture_on_commit_callbacks(execute=True):
        created = mutate(workspace_a, "createSampleTicket", {"title": "Call back"})
    [event] = published
    assert (event["record_type"], event["action"]) == ("SampleTicket", "created")
    assert event["tenant"] == workspace_a.tenant.schema_name
    assert created["errors"] == [] and event["fields"] == ["title"]


def test_the_module_joins_the_permission_matrix_by_declaring() -> None:
    ticket = RECORD_TYPES["SampleTicket"]
    assert ticket.factory is not None and ticket.sensitive_fields == ("notes",)
    assert modules.MODULES["sample"] is SAMPLE


def test_an_api_module_needs_its_app_installed() -> None:
    stray = ApiModule("stray", domain=Module(name="stray"))
    with pytest.raises(RuntimeError, match="stray"):
        root_types([*MODULES, stray])


def test_demo_seeders_run_in_module_order() -> None:
    from saas.access.demo import seed_teams
    from saas.customers.demo import seed_customers

    seeders = modules.demo_seeders()
    assert seeders.index(seed_teams) < seeders.index(seed_customers)


def test_a_modules_demo_seeders_run_after_those_it_builds_on() -> None:
    from saas.integrations.demo import seed_connectors
    from saas.leads.demo import seed_leads

    seeders = modules.demo_seeders()
    assert seeders.index(seed_leads) < seeders.index(seed_connectors)  # integrations: demo_after=("leads",)

    def first(tenant: Any, members: list[Any]) -> None: ...
    def second(tenant: Any, members: list[Any]) -> None: ...

    early, late = (
        Module(name="early", demo_seeders=(first,), demo_after=("late",)),
        Module(name="late", demo_seeders=(second,), demo_after=("early",)),
    )
    modules.install(early)
    modules.install(late)
    try:
        ordered = modules.demo_seeders()
    finally:
        modules.uninstall("early")
        modules.uninstall("late")
    assert ordered.index(second) < ordered.index(first)  # the cycle broken where it closes: each seeder once
    assert len(ordered) == len(set(ordered))


def test_saved_views_for_a_new_list_need_only_its_declaration(workspace_a: Workspace) -> None:
    workspace_a.activate()
    owner = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    with pytest.raises(ServiceError) as refused:
        saved_views.create_saved_view(owner, {"name": "My shipments", "record_type": "shipment"})
    assert [e.code for e in refused.value.errors] == ["invalid_choice"]

    shipments = Module(
        name="shipments", saved_views=(SavedViewType("shipment", "Shipments", "ShipmentFilter", "ShipmentOrder"),)
    )
    modules.install(shipments)
    try:
        view = saved_views.create_saved_view(owner, {"name": "My shipments", "record_type": "shipment"})
    finally:
        modules.uninstall("shipments")
    assert view.record_type == "shipment" and view.owner_id == workspace_a.owner.pk


def test_every_declared_list_can_keep_saved_views(workspace_a: Workspace) -> None:
    """Each module's saved-view type (``repair_order``, ``entitlement``...) is stored whole by the column."""
    workspace_a.activate()
    owner = Membership.objects.get(user=workspace_a.owner, tenant=workspace_a.tenant)
    declared = modules.saved_view_types()
    assert {"entitlement", "repair_order"} <= set(declared)
    for record_type in declared:
        view = saved_views.create_saved_view(owner, {"name": f"Mine: {record_type}", "record_type": record_type})
        view.refresh_from_db()
        assert view.record_type == record_type
