from __future__ import annotations

from saas.customers.models import SavedView
from tenants import services
from tenants.models import Membership, Role, User
from tests.conftest import Workspace

from .conftest import codes, create_contact, gid, mutate


def member(ws: Workspace, email: str, role: str = Role.SALES) -> Workspace:
    user = User.objects.create_user(email=email, password="a-strong-test-password-2026")
    Membership.objects.create(user=user, tenant=ws.tenant, role=role)
    return Workspace(ws.tenant, user, services.issue_token(user), ws.subdomain)


def test_tags_crud_and_rejections(workspace_a: Workspace) -> None:
    tag = mutate(workspace_a, "createTag", {"name": "VIP", "color": "#123456"}, "tag { id name color }")
    assert tag["errors"] == [] and tag["tag"]["color"] == "#123456"
    assert codes(mutate(workspace_a, "createTag", {"name": "vip"})) == [("name", "taken")]
    assert codes(mutate(workspace_a, "createTag", {"name": "x", "color": "red"})) == [("color", "invalid_format")]
    renamed = mutate(workspace_a, "updateTag", {"id": tag["tag"]["id"], "name": "Gold"}, "tag { name }")
    assert renamed == {"tag": {"name": "Gold"}, "errors": []}
    contact = create_contact(workspace_a, firstName="Ann", tagIds=[tag["tag"]["id"]])
    assert mutate(workspace_a, "deleteTag", {"id": tag["tag"]["id"]}, "deletedId")["deletedId"] == tag["tag"]["id"]
    data = workspace_a.api.data(
        "query($id: ID!) { node(id: $id) { ... on Contact { tags { id } } } }", {"id": contact["id"]}
    )
    assert data["node"]["tags"] == []
    listed = workspace_a.api.data('{ tags(filter: {name: {contains: "go"}}) { totalCount } }')
    assert listed["tags"]["totalCount"] == 0


def test_contact_groups(workspace_a: Workspace) -> None:
    group = mutate(
        workspace_a, "createContactGroup", {"name": "Board", "description": "Decision makers"}, "contactGroup { id }"
    )
    gid_ = group["contactGroup"]["id"]
    create_contact(workspace_a, firstName="Ann", groupIds=[gid_])
    create_contact(workspace_a, firstName="Bob")
    data = workspace_a.api.data(
        "query($g: ID!) { contacts(filter: {group: $g}) { edges { node { firstName } } }"
        " contactGroups { edges { node { name contacts { totalCount } } } } }",
        {"g": gid_},
    )
    assert data["contacts"]["edges"] == [{"node": {"firstName": "Ann"}}]
    assert data["contactGroups"]["edges"] == [{"node": {"name": "Board", "contacts": {"totalCount": 1}}}]
    assert codes(mutate(workspace_a, "createContactGroup", {"name": "board"})) == [("name", "taken")]
    assert mutate(workspace_a, "updateContactGroup", {"id": gid_, "name": "Directors"}, "contactGroup { name }")[
        "contactGroup"
    ] == {"name": "Directors"}
    assert mutate(workspace_a, "deleteContactGroup", {"id": gid_}, "deletedId")["errors"] == []


def test_saved_views_private_or_shared(workspace_a: Workspace) -> None:
    colleague = member(workspace_a, "colleague@alpha.example.com")
    private = mutate(
        workspace_a,
        "createSavedView",
        {
            "name": "My hot leads",
            "recordType": "COMPANY",
            "filter": {"lifecycleStage": {"eq": "PROSPECT"}},
            "ordering": [{"createdAt": "DESC"}],
            "columns": ["name", "owner", "lifecycleStage"],
        },
        "savedView { id name recordType filter ordering columns shared owner { email } }",
    )
    assert private["errors"] == []
    assert private["savedView"]["filter"] == {"lifecycleStage": {"eq": "PROSPECT"}}
    shared = mutate(
        workspace_a,
        "createSavedView",
        {"name": "Team pipeline", "recordType": "CONTACT", "shared": True},
        "savedView { id }",
    )
    seen_by_colleague = colleague.api.data("{ savedViews { edges { node { name } } } }")["savedViews"]["edges"]
    assert seen_by_colleague == [{"node": {"name": "Team pipeline"}}]
    assert codes(mutate(colleague, "updateSavedView", {"id": shared["savedView"]["id"], "name": "Mine now"}))[0][1] == (
        "permission_denied"
    )
    assert codes(mutate(colleague, "deleteSavedView", {"id": private["savedView"]["id"]}))[0][1] == "not_found"
    assert codes(mutate(workspace_a, "createSavedView", {"name": "", "recordType": "COMPANY", "filter": [1]})) == [
        ("name", "required"),
        ("filter", "invalid_format"),
    ]
    updated = mutate(
        workspace_a, "updateSavedView", {"id": private["savedView"]["id"], "shared": True}, "savedView { shared }"
    )
    assert updated == {"savedView": {"shared": True}, "errors": []}
    assert mutate(workspace_a, "deleteSavedView", {"id": private["savedView"]["id"]}, "deletedId")["errors"] == []


def test_a_shared_mine_view_shows_each_member_their_own_customers(workspace_a: Workspace) -> None:
    colleague = member(workspace_a, "colleague@alpha.example.com", Role.MANAGER)
    create_contact(workspace_a, firstName="Ann", ownerId=gid("User", workspace_a.owner.pk))
    create_contact(workspace_a, firstName="Bob", ownerId=gid("User", colleague.owner.pk))
    create_contact(workspace_a, firstName="Pool", ownerId=None)
    view = mutate(
        workspace_a,
        "createSavedView",
        {"name": "My contacts", "recordType": "CONTACT", "filter": {"mine": True}, "shared": True},
        "savedView { filter }",
    )["savedView"]
    query = "query($f: ContactFilter) { contacts(filter: $f) { edges { node { firstName } } } }"

    def names(ws: Workspace, f: object) -> list[str]:
        return sorted(e["node"]["firstName"] for e in ws.api.data(query, {"f": f})["contacts"]["edges"])

    assert names(workspace_a, view["filter"]) == ["Ann"]
    assert names(colleague, view["filter"]) == ["Bob"]
    assert names(workspace_a, {"mine": False}) == ["Bob", "Pool"]
    company_query = "{ companies(filter: {mine: true}) { totalCount } }"
    assert workspace_a.api.data(company_query)["companies"]["totalCount"] == 0


def test_a_view_the_list_would_refuse_is_refused_when_saved(workspace_a: Workspace) -> None:
    bad_filter = {"lifecycleStage": {"eq": "MAYBE"}, "shoeSize": {"eq": 42}}
    refused = mutate(workspace_a, "createSavedView", {"name": "Odd", "recordType": "COMPANY", "filter": bad_filter})
    problems = [e for e in refused["errors"] if e["field"] == "filter"]
    assert {e["code"] for e in problems} == {"invalid"}
    assert any("lifecycleStage" in e["message"] and "MAYBE" in e["message"] for e in problems), problems
    assert any("shoeSize" in e["message"] for e in problems), problems
    # A contact filter is not a company filter; orderings are checked too.
    assert codes(
        mutate(workspace_a, "createSavedView", {"name": "X", "recordType": "COMPANY", "filter": {"firstName": {}}})
    ) == [("filter", "invalid")]
    assert codes(
        mutate(workspace_a, "createSavedView", {"name": "X", "recordType": "CONTACT", "ordering": [{"name": "ASC"}]})
    ) == [("ordering", "invalid")]
    view = mutate(
        workspace_a,
        "createSavedView",
        {"name": "Fine", "recordType": "CONTACT", "filter": {"mine": True}, "ordering": [{"lastName": "ASC"}]},
        "savedView { id }",
    )
    assert view["errors"] == []
    # On update the view's own record type decides.
    updated = mutate(workspace_a, "updateSavedView", {"id": view["savedView"]["id"], "filter": {"name": {"eq": "x"}}})
    assert codes(updated) == [("filter", "invalid")]
    workspace_a.activate()
    assert SavedView.objects.get().filter == {"mine": True}


def test_a_new_contacts_tags_and_groups_reach_its_history_without_being_read_back(workspace_a: Workspace) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    tags = [mutate(workspace_a, "createTag", {"name": n}, "tag { id }")["tag"]["id"] for n in ("VIP", "Gold")]
    group = mutate(workspace_a, "createContactGroup", {"name": "Board"}, "contactGroup { id }")["contactGroup"]["id"]
    with CaptureQueriesContext(connection) as captured:
        # the same tag twice is one tag
        contact = create_contact(workspace_a, firstName="Ann", tagIds=[tags[1], tags[0], tags[1]], groupIds=[group])
    # what the audit's snapshot used to read back: the ids of the tags and groups it had just set
    read_back = ('SELECT "customers_tag"."id" AS "pk"', 'SELECT "customers_contactgroup"."id" AS "pk"')
    snapshot_reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith(read_back)]
    assert snapshot_reads == []
    plain = create_contact(workspace_a, firstName="Bob")
    history = """query($id: ID!) { node(id: $id) { ... on Contact { history(first: 5) { edges { node {
      action changes } } } } } }"""
    (entry,) = workspace_a.api.data(history, {"id": contact["id"]})["node"]["history"]["edges"]
    # ids as the audit keeps them: the records' primary keys, sorted
    from strawberry import relay

    tag_pks = sorted(relay.from_base64(t)[1] for t in tags)
    assert entry["node"]["action"] == "create"
    assert entry["node"]["changes"]["tags"] == {"old": None, "new": tag_pks}
    assert entry["node"]["changes"]["groups"] == {"old": None, "new": [relay.from_base64(group)[1]]}
    (entry,) = workspace_a.api.data(history, {"id": plain["id"]})["node"]["history"]["edges"]
    assert entry["node"]["changes"]["tags"] == {"old": None, "new": []}
    assert entry["node"]["changes"]["groups"] == {"old": None, "new": []}
