"""Campaigns: planned and run, leads captured from them (API, web form, import), and their figures."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from saas.leads.models import Campaign, Lead
from tenants import services
from tenants.models import Role
from tests.access.test_hidden_fields_everywhere import captured_events
from tests.conftest import Workspace
from tests.query_count import assert_num_queries, count_queries
from tests.sales.conftest import stages

from .conftest import CAMPAIGN_FIELDS, codes, create_campaign, create_lead, member, mutate

pytestmark = pytest.mark.django_db


def campaign_of(ws: Workspace, campaign_id: str) -> dict[str, Any]:
    return ws.api.data(f"query($id: ID!) {{ node(id: $id) {{ ... on Campaign {{ {CAMPAIGN_FIELDS} }} }} }}",
                       {"id": campaign_id})["node"]  # fmt: skip


def post_form(ws: Workspace, data: dict[str, Any], query: str = "", address: str = "203.0.113.9") -> Any:
    client = Client(HTTP_HOST=services.tenant_host(ws.subdomain), REMOTE_ADDR=address)
    return client.post(f"/forms/leads/{query}", data)


def win(ws: Workspace, lead_id: str, amount: str, currency: str = "USD") -> None:
    converted = mutate(ws, "convertLead", {"leadId": lead_id}, "deal { id }")
    assert converted["errors"] == []
    deal = converted["deal"]["id"]
    assert mutate(ws, "updateDeal", {"id": deal, "amount": {"amount": amount, "currency": currency}})["errors"] == []
    assert mutate(ws, "moveDeal", {"id": deal, "stageId": stages(ws)["Won"]})["errors"] == []


def test_a_campaign_is_planned_in_the_workspace_currency_and_owned_by_its_maker(workspace_a: Workspace) -> None:
    made = create_campaign(workspace_a, name=" Spring Webinar ", type="WEBINAR", budget="5000", actualCost="1000")
    assert made["name"] == "Spring Webinar" and made["type"] == "WEBINAR" and made["status"] == "PLANNED"
    assert made["owner"]["id"] and made["currency"] == "USD" and len(made["formKey"]) >= 16
    assert made["budget"] == {"amount": "5000.00", "currency": "USD"}
    assert (made["leadsCount"], made["convertedCount"], made["conversionRate"]) == (0, 0, None)
    assert made["wonAmount"] == {"amount": "0.00", "currency": "USD"}
    assert made["costPerLead"] is None and made["roi"] == -1.0


def test_bad_input_and_wrong_status_moves_are_typed_errors_that_change_nothing(workspace_a: Workspace) -> None:
    refused = mutate(
        workspace_a,
        "createCampaign",
        {"name": " ", "budget": "-1", "currency": "dollars", "startDate": "2026-05-02", "endDate": "2026-05-01"},
    )
    assert set(codes(refused)) == {
        ("name", "required"),
        ("budget.amount", "invalid_amount"),
        ("currency", "invalid_format"),
        ("endDate", "invalid_date"),
    }
    assert codes(mutate(workspace_a, "createCampaign", {"name": "Done", "status": "COMPLETED"})) == [
        ("status", "invalid_transition")
    ]
    made = create_campaign(workspace_a, name="Expo")
    assert codes(mutate(workspace_a, "updateCampaign", {"id": made["id"], "status": "COMPLETED"})) == [
        ("status", "invalid_transition")
    ]
    for status in ("ACTIVE", "COMPLETED"):
        assert mutate(workspace_a, "updateCampaign", {"id": made["id"], "status": status})["errors"] == []
    assert codes(mutate(workspace_a, "updateCampaign", {"id": made["id"], "status": "ACTIVE"})) == [
        ("status", "invalid_transition")
    ]
    workspace_a.activate()
    assert Campaign.objects.count() == 1 and Campaign.objects.get().status == "completed"


def test_figures_follow_leads_conversions_and_won_deals(workspace_a: Workspace) -> None:
    campaign = create_campaign(workspace_a, name="Expo", actualCost="1000", currency="USD")
    other = create_campaign(workspace_a, name="Other")
    leads = [create_lead(workspace_a, name=f"Lead {i}", companyName=f"Co {i}", campaignId=campaign["id"])
             for i in range(4)]  # fmt: skip
    create_lead(workspace_a, name="Elsewhere", campaignId=other["id"])
    create_lead(workspace_a, name="Nowhere")
    win(workspace_a, leads[0]["id"], "3000")
    assert mutate(workspace_a, "convertLead", {"leadId": leads[1]["id"]})["errors"] == []  # converted, not won

    figures = campaign_of(workspace_a, campaign["id"])
    assert (figures["leadsCount"], figures["convertedCount"], figures["conversionRate"]) == (4, 2, 0.5)
    assert figures["wonAmount"] == {"amount": "3000.00", "currency": "USD"}
    assert figures["costPerLead"] == {"amount": "250.00", "currency": "USD"}
    assert figures["roi"] == 2.0  # (3000 - 1000) / 1000
    listed = workspace_a.api.data(
        "query($c: ID!) { leads(filter: {campaign: {eq: $c}}) { totalCount edges { node { campaign { name } } } } }",
        {"c": campaign["id"]},
    )["leads"]
    assert listed["totalCount"] == 4 and {e["node"]["campaign"]["name"] for e in listed["edges"]} == {"Expo"}


def test_won_deals_in_other_currencies_count_at_the_workspace_rates(workspace_a: Workspace) -> None:
    workspace_a.activate()
    workspace_a.tenant.exchange_rates = {"EUR": "1.10"}
    workspace_a.tenant.save()
    campaign = create_campaign(workspace_a, name="Euro expo", actualCost="100", currency="USD")
    euro = create_lead(workspace_a, name="Eu", companyName="Eu Co", campaignId=campaign["id"])
    yen = create_lead(workspace_a, name="Jp", companyName="Jp Co", campaignId=campaign["id"])
    win(workspace_a, euro["id"], "1000", "EUR")
    win(workspace_a, yen["id"], "5000", "JPY")  # no rate: left out
    assert campaign_of(workspace_a, campaign["id"])["wonAmount"] == {"amount": "1100.00", "currency": "USD"}


def test_leads_are_captured_for_a_campaign_by_its_form_key_or_its_name(workspace_a: Workspace) -> None:
    campaign = create_campaign(workspace_a, name="Autumn Webinar")
    assert post_form(workspace_a, {"name": "By key", "campaign": campaign["formKey"]}).status_code == 201
    assert post_form(workspace_a, {"name": "By name", "campaign": "autumn webinar "}).status_code == 201
    assert post_form(workspace_a, {"name": "By URL"}, f"?campaign={campaign['formKey']}").status_code == 201
    assert post_form(workspace_a, {"name": "Unknown", "campaign": "no such"}).status_code == 201  # kept, no campaign
    workspace_a.activate()
    by_name = dict(Lead.objects.values_list("name", "campaign__name"))
    assert by_name == {"By key": "Autumn Webinar", "By name": "Autumn Webinar", "By URL": "Autumn Webinar",
                       "Unknown": None}  # fmt: skip
    assert campaign_of(workspace_a, campaign["id"])["leadsCount"] == 3


def test_a_lead_names_its_campaign_on_create_and_update(workspace_a: Workspace) -> None:
    first = create_campaign(workspace_a, name="First")
    second = create_campaign(workspace_a, name="Second")
    lead = create_lead(workspace_a, name="Ann", campaignId=first["id"])
    moved = mutate(
        workspace_a, "updateLead", {"id": lead["id"], "campaignId": second["id"]}, "lead { campaign { id } }"
    )
    assert moved["lead"]["campaign"]["id"] == second["id"]
    cleared = mutate(workspace_a, "updateLead", {"id": lead["id"], "campaignId": None}, "lead { campaign { id } }")
    assert cleared["lead"]["campaign"] is None
    workspace_a.activate()
    entries = AuditEntry.objects.filter(record_type="Lead", action="update")
    assert any("campaign" in e.changes for e in entries)


def test_delete_and_restore_keep_the_leads_campaign(workspace_a: Workspace) -> None:
    campaign = create_campaign(workspace_a, name="Binned")
    create_lead(workspace_a, name="Ann", campaignId=campaign["id"])
    assert mutate(workspace_a, "deleteCampaigns", {"campaignIds": [campaign["id"]]}, "deletedIds")["errors"] == []
    counts = workspace_a.api.data("{ campaigns { totalCount } deletedCampaigns { totalCount } }")
    assert counts == {"campaigns": {"totalCount": 0}, "deletedCampaigns": {"totalCount": 1}}
    assert mutate(workspace_a, "restoreCampaigns", {"campaignIds": [campaign["id"]]}, "restoredIds")["errors"] == []
    assert campaign_of(workspace_a, campaign["id"])["leadsCount"] == 1


def test_lists_filter_sort_and_search(workspace_a: Workspace) -> None:
    create_campaign(workspace_a, name="Alpha mailing", type="EMAIL", budget="100")
    create_campaign(workspace_a, name="Beta expo", type="EVENT", budget="900", description="Hall 4")
    create_campaign(workspace_a, name="Gamma ads", type="ADS", budget="500")
    data = workspace_a.api.data(
        "{ byBudget: campaigns(orderBy: [{budget: DESC}]) { edges { node { name } } }"
        " events: campaigns(filter: {type: {eq: EVENT}}) { totalCount }"
        ' found: campaigns(search: "hall") { edges { node { name } } } }'
    )
    assert [e["node"]["name"] for e in data["byBudget"]["edges"]] == ["Beta expo", "Gamma ads", "Alpha mailing"]
    assert data["events"]["totalCount"] == 1 and data["found"]["edges"] == [{"node": {"name": "Beta expo"}}]


def test_roles_that_may_not_see_amounts_see_no_money_figures_and_cannot_filter_by_them(
    workspace_a: Workspace,
) -> None:
    campaign = create_campaign(workspace_a, name="Secret budget", budget="5000", actualCost="1000")
    create_lead(workspace_a, name="Ann", campaignId=campaign["id"])
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)
    result = marketing.api.execute(
        "query($id: ID!) { node(id: $id) { ... on Campaign { name leadsCount budget { amount } actualCost { amount }"
        " wonAmount { amount } costPerLead { amount } roi } } }",
        {"id": campaign["id"]},
    )
    node = result["data"]["node"]
    assert node["name"] == "Secret budget" and node["leadsCount"] == 1
    assert all(node[k] is None for k in ("budget", "actualCost", "wonAmount", "costPerLead", "roi"))
    assert {e["path"][-1] for e in result["errors"]} == {"budget", "actualCost", "wonAmount", "costPerLead", "roi"}
    refused = marketing.api.execute("{ campaigns(filter: {budget: {gt: 1}}) { totalCount } }")
    assert refused.get("errors")
    refused = marketing.api.execute("{ campaigns(orderBy: [{actualCost: ASC}]) { totalCount } }")
    assert refused.get("errors")


def test_figures_count_only_the_leads_the_member_may_read(workspace_a: Workspace) -> None:
    seller = member(workspace_a, "sam@alpha.example.com", Role.SALES)
    campaign = create_campaign(workspace_a, name="Shared")
    create_lead(workspace_a, name="Owner's", campaignId=campaign["id"], ownerId=f"{_user_gid(workspace_a)}")
    create_lead(seller, name="Sam's", campaignId=campaign["id"])
    assert campaign_of(workspace_a, campaign["id"])["leadsCount"] == 2
    assert campaign_of(seller, campaign["id"])["leadsCount"] == 1


def _user_gid(ws: Workspace) -> str:
    from tests.customers.conftest import gid

    return gid("User", ws.owner.pk)


def test_writes_are_audited_and_heard_live(workspace_a: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    published = captured_events(monkeypatch)
    made = create_campaign(workspace_a, name="Live")
    mutate(workspace_a, "updateCampaign", {"id": made["id"], "name": "Live 2"})
    mutate(workspace_a, "deleteCampaign", {"id": made["id"]})
    heard = [(e["record_type"], e["action"]) for e in published if e.get("record_type") == "Campaign"]
    assert heard == [("Campaign", "created"), ("Campaign", "updated"), ("Campaign", "deleted")]
    workspace_a.activate()
    assert AuditEntry.objects.filter(record_type="Campaign").count() == 3


def test_the_export_holds_the_campaigns_and_hides_amounts_by_role(workspace_a: Workspace) -> None:
    create_campaign(workspace_a, name="Exported", budget="700")
    marketing = member(workspace_a, "mia@alpha.example.com", Role.MARKETING)

    def rows(ws: Workspace) -> list[dict[str, str]]:
        client = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
        response: Any = client.get(
            "/exports/campaigns.csv?columns=type,budget,actualCost", HTTP_AUTHORIZATION=f"Bearer {ws.token}"
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(body)))

    [row] = rows(workspace_a)
    assert row["Name"] == "Exported" and Decimal(row["Budget"]) == Decimal("700")
    [row] = rows(marketing)
    assert row["Type"] == "Other" and "Budget" not in row and "Actual cost" not in row


LIST = (
    "{ campaigns(first: 50) { totalCount edges { node { id name type status startDate endDate budget { amount }"
    " actualCost { amount } owner { id fullName } leadsCount convertedCount conversionRate wonAmount { amount }"
    " costPerLead { amount } roi } } } }"
)
PINNED = 3


def test_the_list_with_its_figures_costs_the_same_queries_for_1_and_6_campaigns(make_workspace: Any) -> None:
    small, big = make_workspace("small-campaigns"), make_workspace("big-campaigns")
    for ws, n in ((small, 1), (big, 6)):
        for i in range(n):
            campaign = create_campaign(ws, name=f"Campaign {i}", actualCost="100")
            create_lead(ws, name=f"Lead {i}", campaignId=campaign["id"])
    one = count_queries(lambda: small.api.data(LIST))
    with assert_num_queries(one):
        data = big.api.data(LIST)
    assert data["campaigns"]["totalCount"] == 6
    assert {e["node"]["leadsCount"] for e in data["campaigns"]["edges"]} == {1}
    assert one == PINNED


def test_a_csv_import_of_leads_maps_a_campaign_column_by_name(
    workspace_a: Workspace, django_capture_on_commit_callbacks: Any, settings: Any, tmp_path: Any
) -> None:
    from tests.imports.conftest import csv_bytes, start, status, uploaded

    settings.IMPORT_DIR = tmp_path
    create_campaign(workspace_a, name="Trade Fair 2026")
    rows = [
        ["Name", "Email", "Campaign"],
        ["Ann Import", "ann@import.example", "trade fair 2026"],
        ["Bob Import", "bob@import.example", "No such fair"],
        ["Cy Import", "cy@import.example", ""],
    ]
    import_id = uploaded(workspace_a.api, csv_bytes(rows), "leads.csv", "Lead")
    mapping = {"Name": "name", "Email": "email", "Campaign": "campaign"}
    start(workspace_a.api, django_capture_on_commit_callbacks, import_id, mapping)
    seen = status(workspace_a.api, import_id)
    assert (seen["createdCount"], seen["errorCount"]) == (2, 1)
    assert [(e["row"], e["field"], e["code"]) for e in seen["rowErrors"]] == [(3, "campaignId", "not_found")]
    workspace_a.activate()
    assert dict(Lead.objects.values_list("name", "campaign__name")) == {
        "Ann Import": "Trade Fair 2026",
        "Cy Import": None,
    }
    assert Lead.objects.get(name="Ann Import").search_text == "Ann Import"


def test_another_workspace_cannot_read_use_or_change_a_campaign(workspace_a: Workspace, workspace_b: Workspace) -> None:
    theirs = create_campaign(workspace_b, name="Bravo Secret Expo", budget="900")
    create_lead(workspace_b, name="Bravo lead", campaignId=theirs["id"])
    assert workspace_a.api.data("{ campaigns { totalCount } deletedCampaigns { totalCount } }") == {
        "campaigns": {"totalCount": 0},
        "deletedCampaigns": {"totalCount": 0},
    }
    assert workspace_a.api.data("query($id: ID!) { node(id: $id) { id } }", {"id": theirs["id"]}) == {"node": None}
    for name, input in [
        ("updateCampaign", {"id": theirs["id"], "name": "Stolen"}),
        ("deleteCampaign", {"id": theirs["id"]}),
        ("deleteCampaigns", {"campaignIds": [theirs["id"]]}),
        ("restoreCampaigns", {"campaignIds": [theirs["id"]]}),
        ("createLead", {"name": "Mine", "campaignId": theirs["id"]}),
    ]:
        assert {code for _, code in codes(mutate(workspace_a, name, input))} == {"not_found"}, name
    # Their form key on our host captures nothing for their campaign.
    assert post_form(workspace_a, {"name": "Visitor", "campaign": theirs["formKey"]}).status_code == 201
    workspace_a.activate()
    assert list(Lead.objects.values_list("name", "campaign_id")) == [("Visitor", None)]
    workspace_b.activate()
    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.deleted_at, campaign.leads.count()) == ("Bravo Secret Expo", None, 1)
