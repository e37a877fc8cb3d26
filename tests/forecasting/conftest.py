from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from strawberry import relay

from saas.sales.models import Deal, Stage
from saas.sales.services import default_pipeline
from tenants.db import connection
from tests.access.conftest import add_person as add_person  # the people-with-roles fixture
from tests.conftest import Workspace

UTC = ZoneInfo("UTC")


def gid(type_name: str, pk: Any) -> str:
    return str(relay.GlobalID(type_name, str(pk)))


def mutate(api: Any, name: str, input: dict[str, Any], selection: str = "") -> dict[str, Any]:
    input_type = name[0].upper() + name[1:] + "Input"
    if name == "deleteSalesTarget":
        input_type = "SalesTargetIdInput"
    if name == "deleteCommissionRule":
        input_type = "CommissionRuleIdInput"
    query = (
        f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} errors {{ field message code }} }} }}"
    )
    return api.data(query, {"input": input})[name]


def deal(
    owner_id: int | None,
    stage: str,
    amount: str,
    currency: str = "USD",
    *,
    closed: date | None = None,
    expected: date | None = None,
    category: str = "",
    title: str = "Deal",
) -> Deal:
    """A deal written straight to the database, so when it closed is the test's to choose."""
    pipeline = default_pipeline()
    where = Stage.objects.get(pipeline=pipeline, name=stage)
    moment = datetime.combine(closed, datetime.min.time(), UTC).replace(hour=12) if closed else None
    return Deal.objects.create(
        title=title,
        amount=Decimal(amount),
        currency=currency,
        pipeline=pipeline,
        stage=where,
        probability=where.probability,
        expected_close_date=expected,
        owner_id=owner_id,
        forecast_category=category,
        stage_entered_at=moment or datetime(2026, 9, 1, tzinfo=UTC),
        closed_at=moment,
        lost_reason="Price" if where.kind == "lost" else "",
    )


def fiscal_april_usd(ws: Workspace) -> None:
    """USD workspace whose fiscal year starts in April; 1 EUR = 1.10 USD, no rate for GBP."""
    connection.set_schema_to_public()
    tenant = ws.tenant
    tenant.fiscal_year_start_month = 4
    tenant.currency = "USD"
    tenant.exchange_rates = {"EUR": "1.1"}
    tenant.time_zone = "UTC"
    tenant.save()
