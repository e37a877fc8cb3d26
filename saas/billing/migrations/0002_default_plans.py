"""The default plans: Free, Pro (the trial's), Enterprise. Operators change them in the admin afterwards."""

from decimal import Decimal
from typing import Any

from django.db import migrations

PLANS = [
    {
        "code": "free",
        "name": "Free",
        "stripe_price_id": "",
        "price_per_seat": Decimal("0"),
        "seats": 3,
        "records": 1000,
        "custom_fields": 5,
        "api_requests_per_day": 1000,
        "storage_mb": 500,
        "features": [],
        "position": 0,
    },
    {
        "code": "pro",
        "name": "Pro",
        "stripe_price_id": "price_pro_monthly",
        "price_per_seat": Decimal("15"),
        "seats": 25,
        "records": 100000,
        "custom_fields": 50,
        "api_requests_per_day": 50000,
        "storage_mb": 10240,
        "features": ["realtime", "api_keys", "workflows"],
        "position": 1,
    },
    {
        "code": "enterprise",
        "name": "Enterprise",
        "stripe_price_id": "price_enterprise_monthly",
        "price_per_seat": Decimal("49"),
        "seats": None,
        "records": None,
        "custom_fields": None,
        "api_requests_per_day": None,
        "storage_mb": None,
        "features": ["realtime", "api_keys", "workflows", "sso", "audit_export"],
        "position": 2,
    },
]


def add_plans(apps: Any, schema_editor: Any) -> None:
    Plan = apps.get_model("billing", "Plan")
    for plan in PLANS:
        Plan.objects.update_or_create(code=plan["code"], defaults=plan)


def remove_plans(apps: Any, schema_editor: Any) -> None:
    apps.get_model("billing", "Plan").objects.filter(code__in=[p["code"] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]

    operations = [migrations.RunPython(add_plans, remove_plans)]
