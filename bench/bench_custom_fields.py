"""Filtering 100,000 contacts by custom-field values, through the whole GraphQL request path.

Two custom fields on contacts: ``tier`` (a picklist; the value asked for is on 2% of the contacts) and
``score`` (a number 0..999). Two list queries, each a page of 20 with ``totalCount``, as the web client
asks them:

- ``tier = "platinum"``: ``custom_fields @> '{"tier": "platinum"}'``, served by the GIN index;
- ``tier = "platinum"`` and ``100 <= score <= 500``: the index narrows, the range is checked on those rows.

Each is timed with the custom-field GIN index (``customers_contact_cf``) and, after dropping it, without
(the index is made again at the end). Prints p50 / p99 for each, then one line per target (with the index,
p50 < 50 ms on 100,000 contacts), MET or MISSED; the exit status is 1 on a miss.

``BENCH_CONTACTS`` / ``BENCH_REQUESTS`` shrink a run while developing (the target is for 100,000).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DJANGO_ENV", "development")  # production's code paths without its Redis / HTTPS checks
os.environ["DEBUG"] = "0"
os.environ["GRAPHIQL"] = "0"
os.environ["RATE_LIMIT_ENABLED"] = "0"

import django  # noqa: E402

django.setup()

from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from bench.common import Stats, Verdicts, bench_workspace, measure  # noqa: E402
from saas.customers.models import Contact  # noqa: E402
from saas.customization import services as customization  # noqa: E402
from saas.customization.models import CustomFieldDefinition  # noqa: E402
from saas.records import custom_fields_index_name  # noqa: E402
from tenants import services  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Role, Tenant, User  # noqa: E402

SUBDOMAIN = "bench-custom"
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
TARGET_MS = 50.0
TIERS = ["bronze"] * 60 + ["silver"] * 30 + ["gold"] * 8 + ["platinum"] * 2  # platinum: 2%
QUERY = """query($filter: ContactFilter) { contacts(first: 20, filter: $filter) {
  totalCount edges { node { id firstName customFields { key value } } } } }"""
FILTERS: dict[str, dict[str, Any]] = {
    "tier = platinum": {"customFields": [{"key": "tier", "eq": "platinum"}]},
    "tier = platinum, score 100..500": {
        "customFields": [{"key": "tier", "eq": "platinum"}, {"key": "score", "gte": 100, "lte": 500}]
    },
}


def prepare() -> tuple[Tenant, User]:
    tenant = bench_workspace(SUBDOMAIN, "Bench Custom Ltd")
    membership = Membership.objects.filter(tenant=tenant, role=Role.OWNER).select_related("user").get()
    connection.set_tenant(tenant)
    if not CustomFieldDefinition.objects.exists():
        customization.define_custom_field(
            membership,
            {"record_type": "Contact", "key": "tier", "label": "Tier", "field_type": "picklist",
             "choices": ["bronze", "silver", "gold", "platinum"]},
        )  # fmt: skip
        customization.define_custom_field(
            membership, {"record_type": "Contact", "key": "score", "label": "Score", "field_type": "number"}
        )
    load(membership.user)
    connection.set_schema_to_public()
    return tenant, membership.user


def load(owner: User) -> None:
    """The data set, once per database (bulk inserts in batches)."""
    have = Contact.objects.count()
    rng = random.Random(7)
    batch = 5000
    for start in range(have, CONTACTS, batch):
        Contact.objects.bulk_create(
            [
                Contact(
                    first_name=f"Person {i}",
                    owner_id=owner.pk,
                    custom_fields={"tier": rng.choice(TIERS), "score": rng.randrange(1000)},
                )
                for i in range(start, min(start + batch, CONTACTS))
            ]
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_contact")


def set_index(present: bool) -> None:
    name = custom_fields_index_name(Contact)
    with connection.cursor() as cursor:
        if present:
            cursor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON customers_contact USING gin (custom_fields)')
        else:
            cursor.execute(f'DROP INDEX IF EXISTS "{name}"')
        cursor.execute("ANALYZE customers_contact")


def main() -> int:
    tenant, owner = prepare()
    token = services.issue_token(owner)
    client = Client(HTTP_HOST=services.tenant_host(SUBDOMAIN))

    def request(filter: dict[str, Any]) -> Any:
        def run(_: int) -> Any:
            response = client.post(
                "/graphql/", {"query": QUERY, "variables": {"filter": filter}},
                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
            )  # fmt: skip
            body = response.json()
            if response.status_code != 200 or body.get("errors") or not body["data"]["contacts"]["totalCount"]:
                raise SystemExit(f"unexpected response: {str(body)[:500]}")
            close_old_connections()
            return body

        return run

    print(f"{CONTACTS:,} contacts; {REQUESTS} requests per figure; page of 20 with totalCount", flush=True)
    results: dict[tuple[str, bool], Stats] = {}
    inputs = list(range(REQUESTS))
    for indexed in (True, False):
        connection.set_tenant(tenant)
        set_index(indexed)
        connection.set_schema_to_public()
        for name, filter in FILTERS.items():
            [timings] = measure([request(filter)], inputs)
            label = f"{name} ({'GIN index' if indexed else 'no index'})"
            results[(name, indexed)] = stats = Stats(label, timings)
            print(stats.line(), flush=True)
    connection.set_tenant(tenant)
    set_index(True)
    connection.set_schema_to_public()

    verdicts = Verdicts()
    for name in FILTERS:
        p50 = results[(name, True)].p50
        slower = results[(name, False)].p50 / p50 if p50 else 0
        verdicts.target(
            f"filter {name} on {CONTACTS:,} contacts, with the index: p50 {p50:.1f} ms < {TARGET_MS:.0f} ms"
            f" (without it {results[(name, False)].p50:.1f} ms, {slower:.1f}x)",
            p50 < TARGET_MS,
        )
    return verdicts.report()


if __name__ == "__main__":
    sys.exit(main())
