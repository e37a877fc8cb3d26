"""Keyset cursors: page 1 and page 500 of ``contacts(first: 100, orderBy: lastName)`` over 100,000 contacts.

With offset cursors page 500 was an ``OFFSET 49900`` scan; a keyset page starts where the index on
(last_name, id) points (graphql_schema/core/keyset.py, customers migration 0005), so it should cost
what page 1 costs. Both run through Django's whole HTTP request path in process (as bench_client.py),
taking turns of 25 requests; p50 of each is printed.

Target (issue 18): page 500's p50 within 20 % of page 1's. MET / MISSED; exit status 1 when missed.
Production settings where they matter for speed (DEBUG off, persistent connections), as bench_client.py.
"""

from __future__ import annotations

import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DJANGO_ENV", "development")  # production's code paths without its Redis / HTTPS checks
os.environ["DEBUG"] = "0"  # no query log, as in production
os.environ["GRAPHIQL"] = "0"
os.environ["RATE_LIMIT_ENABLED"] = "0"  # the bench measures the API, not the buckets it would empty

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.common import Stats, Verdicts, bench_workspace, measure  # noqa: E402
from graphql_schema.core import keyset  # noqa: E402
from saas.customers.models import Contact  # noqa: E402
from tenants import services  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Role, Tenant, User  # noqa: E402

SUBDOMAIN = "bench-cursors"
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "100"))
PAGE, DEEP_PAGE = 100, 500
TARGET_RATIO = 1.2
QUERY = """query($after: String) { contacts(first: 100, after: $after, orderBy: [{lastName: ASC}]) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id firstName lastName title } } } }"""


def prepare() -> tuple[Tenant, User]:
    tenant = bench_workspace(SUBDOMAIN, "Bench Cursors Ltd")
    owner = Membership.objects.filter(tenant=tenant, role=Role.OWNER).select_related("user").get().user
    connection.set_tenant(tenant)
    if Contact.objects.count() < CONTACTS:
        now = datetime.now(UTC)
        Contact.objects.bulk_create(
            [
                Contact(
                    first_name=f"First{i}", last_name=f"Last{(i * 7919) % 9973:05d}", title="Buyer",
                    search_text=f"First{i}", created_at=now - timedelta(seconds=i),
                )
                for i in range(CONTACTS - Contact.objects.count())
            ],
            batch_size=5000,
        )  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    connection.set_schema_to_public()
    return tenant, owner


def deep_cursor(tenant: Tenant) -> str:
    """The cursor page 499 ends with (what a client holds after paging 499 times), made as the API makes it."""
    connection.set_tenant(tenant)
    ordered = Contact.objects.order_by("last_name", "pk")
    keys = keyset.ordering_keys(ordered)
    row = ordered.values_list("last_name", "pk")[(DEEP_PAGE - 1) * PAGE - 1]
    cursor = keyset.encode(keyset.fingerprint(Contact, keys), row)
    connection.set_schema_to_public()
    return cursor


def main() -> int:
    tenant, owner = prepare()
    token = services.issue_token(owner)
    client = Client(HTTP_HOST=services.tenant_host(SUBDOMAIN))
    after = deep_cursor(tenant)

    def fetch(cursor: str | None) -> dict[str, Any]:
        response = client.post(
            "/graphql/",
            {"query": QUERY, "variables": {"after": cursor}},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        body = response.json()
        assert "errors" not in body, body["errors"]
        return body["data"]["contacts"]

    deep = fetch(after)
    assert len(deep["edges"]) == PAGE and deep["totalCount"] >= CONTACTS, "page 500 is not a full page"
    print(
        f"{CONTACTS:,} contacts; {REQUESTS} requests per page; DEBUG={settings.DEBUG},"
        f" CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']}",
        flush=True,
    )
    first, deepest = measure([lambda _: fetch(None), lambda _: fetch(after)], list(range(REQUESTS)))
    page_1, page_500 = Stats("contacts page 1 (lastName)", first), Stats("contacts page 500 (lastName)", deepest)
    print(page_1.line(), flush=True)
    print(page_500.line(), flush=True)
    ratio = page_500.p50 / page_1.p50
    verdicts = Verdicts()
    verdicts.target(
        f"page 500 p50 {page_500.p50:.2f} ms = {ratio:.2f}x page 1 p50 {page_1.p50:.2f} ms (target <= {TARGET_RATIO}x)",
        ratio <= TARGET_RATIO,
    )
    return verdicts.report()


if __name__ == "__main__":
    sys.exit(main())
