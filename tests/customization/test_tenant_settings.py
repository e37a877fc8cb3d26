"""Workspace settings beyond the formats: company profile, currencies and rates, fiscal year, branding."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from saas.audit.models import AuditEntry
from tenants import services
from tenants.models import Role
from tests.conftest import Workspace
from tests.customers.test_tags_groups_views import member

pytestmark = pytest.mark.django_db

FIELDS = (
    "currency legalName address website exchangeRates { currency rate } supportedCurrencies"
    " fiscalYearStartMonth brandColour logoUrl"
)
UPDATE = (
    "mutation($input: UpdateWorkspaceInput!) { updateWorkspace(input: $input) {"
    f" tenant {{ {FIELDS} }} errors {{ field message code }} }} }}"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def update(ws: Workspace, **input: Any) -> dict[str, Any]:
    return ws.api.data(UPDATE, {"input": input})["updateWorkspace"]


def current(ws: Workspace) -> dict[str, Any]:
    return ws.api.data(f"{{ currentTenant {{ {FIELDS} }} }}")["currentTenant"]


def data_url(image: bytes, kind: str = "image/png") -> str:
    return f"data:{kind};base64,{base64.b64encode(image).decode()}"


def test_owner_sets_the_company_profile_fiscal_year_and_colour(workspace_a: Workspace) -> None:
    result = update(
        workspace_a,
        legalName=" Alpha Industries Ltd ",
        address="1 Main St\nSpringfield",
        website="https://alpha.example.com",
        fiscalYearStartMonth=4,
        brandColour="#1A7F37",
    )
    assert result["errors"] == []
    assert current(workspace_a) == result["tenant"]
    assert result["tenant"]["legalName"] == "Alpha Industries Ltd"
    assert (result["tenant"]["fiscalYearStartMonth"], result["tenant"]["brandColour"]) == (4, "#1a7f37")
    workspace_a.activate()
    entry = AuditEntry.objects.get(record_type="Workspace")
    assert entry.changes["fiscal_year_start_month"] == {"old": 1, "new": 4}


def test_bad_settings_are_refused_and_nothing_changes(workspace_a: Workspace) -> None:
    result = update(
        workspace_a,
        legalName="New name",
        website="alpha.example.com",
        fiscalYearStartMonth=13,
        brandColour="green",
        logo="data:image/svg+xml;base64,PHN2Zy8+",
    )
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("website", "invalid_format"),
        ("fiscalYearStartMonth", "out_of_range"),
        ("brandColour", "invalid_format"),
        ("logo", "invalid_format"),
    }
    assert current(workspace_a)["legalName"] == ""


def test_exchange_rates_are_validated(workspace_a: Workspace) -> None:
    result = update(
        workspace_a,
        exchangeRates=[
            {"currency": "XYZ", "rate": "1"},
            {"currency": "EUR", "rate": "0"},
            {"currency": "GBP", "rate": "1.27"},
            {"currency": "gbp", "rate": "1.28"},
            {"currency": "USD", "rate": "1"},
        ],
    )
    assert {(e["field"], e["code"]) for e in result["errors"]} == {
        ("exchangeRates.XYZ", "invalid_choice"),
        ("exchangeRates.EUR", "out_of_range"),
        ("exchangeRates.gbp", "invalid"),
    }
    # The default currency is not in its own table.
    own = update(workspace_a, exchangeRates=[{"currency": "GBP", "rate": "1.27"}, {"currency": "USD", "rate": "1"}])
    assert [(e["field"], e["code"]) for e in own["errors"]] == [("exchangeRates.USD", "invalid")]
    assert current(workspace_a)["exchangeRates"] == []


def test_supported_currencies_follow_the_rates_and_turn_with_the_default(workspace_a: Workspace) -> None:
    made = update(workspace_a, exchangeRates=[{"currency": "eur", "rate": "1.25"}, {"currency": "GBP", "rate": "1.5"}])
    assert made["errors"] == []
    assert made["tenant"]["supportedCurrencies"] == ["USD", "EUR", "GBP"]
    # EUR becomes the default: the table is turned around, USD joins it.
    turned = update(workspace_a, currency="EUR")["tenant"]
    assert turned["supportedCurrencies"] == ["EUR", "GBP", "USD"]
    assert {r["currency"]: r["rate"] for r in turned["exchangeRates"]} == {"GBP": "1.2", "USD": "0.8"}
    # A default outside the table needs its rates in the same change.
    refused = update(workspace_a, currency="JPY")
    assert refused["errors"] == [
        {"field": "exchangeRates", "message": "Give the exchange rates against JPY too.", "code": "required"}
    ]
    given = update(workspace_a, currency="JPY", exchangeRates=[{"currency": "EUR", "rate": "160"}])
    assert given["errors"] == [] and given["tenant"]["supportedCurrencies"] == ["JPY", "EUR"]
    assert update(workspace_a, exchangeRates=[])["tenant"]["supportedCurrencies"] == ["JPY"]


def test_logo_is_stored_served_on_the_workspace_host_and_replaced(
    workspace_a: Workspace,
    workspace_b: Workspace,
    settings: Any,
    tmp_path: Path,
    django_capture_on_commit_callbacks: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    first = update(workspace_a, logo=data_url(PNG))["tenant"]["logoUrl"]
    assert first.startswith("/branding/logo/alpha-") and first.endswith(".png")
    client = Client(HTTP_HOST=services.tenant_host(workspace_a.subdomain))
    served = client.get(first)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert served.getvalue() == PNG
    # Tenant B's host never serves tenant A's logo.
    assert Client(HTTP_HOST=services.tenant_host(workspace_b.subdomain)).get(first).status_code == 404

    jpeg = b"\xff\xd8\xff" + b"\x01" * 32
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the change commits
        second = update(workspace_a, logo=data_url(jpeg, "image/jpeg"))["tenant"]["logoUrl"]
    assert second != first and second.endswith(".jpg")
    assert client.get(first).status_code == 404
    assert [p.name for p in (tmp_path / "logos").iterdir()] == [second.rsplit("/", 1)[-1]]
    with django_capture_on_commit_callbacks(execute=True):
        assert update(workspace_a, logo="")["tenant"]["logoUrl"] is None
    assert list((tmp_path / "logos").iterdir()) == []

    fake = update(workspace_a, logo=data_url(b"<svg/>"))
    assert fake["errors"][0]["code"] == "invalid_format"
    big = update(workspace_a, logo=data_url(PNG + b"\x00" * 600_000))
    assert big["errors"][0]["code"] == "too_long"


def test_only_owners_and_admins_change_settings_and_tenants_stay_apart(
    workspace_a: Workspace, workspace_b: Workspace
) -> None:
    sales = member(workspace_a, "sofia@alpha.example.com", Role.SALES)
    assert update(sales, legalName="Sales Co")["errors"][0]["code"] == "permission_denied"
    update(workspace_a, legalName="Alpha Ltd", exchangeRates=[{"currency": "EUR", "rate": "1.1"}])
    assert current(sales)["legalName"] == "Alpha Ltd"
    assert current(workspace_b)["legalName"] == "" and current(workspace_b)["exchangeRates"] == []
