"""``contacts(first: 100)`` with company, owner and tags, against 100,000 contacts in one tenant.

Prints requests/s and p50/p99 latency of the real GraphQL HTTP path (Django's request
handler with every middleware, in process) beside the floor: the same 100 rows fetched
by one raw SQL query and serialised to JSON. Target: GraphQL within 3x of the floor. The two
sides take turns of 25 requests, so that on a shared machine both see the same load.

Run with ``make bench`` (uses the launcher's DATABASE_URL). The data set is loaded once
(COPY) into the tenant ``bench-contacts`` and reused by later runs.
"""

from __future__ import annotations

import io
import json
import os
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DEBUG", "0")  # no query log, as in production
os.environ.setdefault("GRAPHIQL", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from saas.customers.models import Contact, Tag  # noqa: E402
from tenants import services  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Role, Tenant, User  # noqa: E402

SUBDOMAIN = "bench-contacts"
CONTACTS = 100_000
COMPANIES = 2_000
TAGS = 20
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
WARM_UP = 10
TARGET_RATIO = 3.0

QUERY = """query Contacts($after: String) { contacts(first: 100, after: $after) { edges { node {
  id firstName lastName emails phones title
  company { id name }
  owner { id email fullName }
  tags { id name }
} } } }"""

FLOOR_SQL = """
WITH page AS (
  SELECT id, created_at, first_name, last_name, emails, phones, title, company_id, owner_id
  FROM customers_contact WHERE deleted_at IS NULL
  ORDER BY created_at DESC, id LIMIT 100 OFFSET %s
)
SELECT p.id, p.first_name, p.last_name, p.emails, p.phones, p.title,
       co.id, co.name, u.id, u.email, u.full_name, COALESCE(tags.list, '[]')
FROM page p
LEFT JOIN customers_company co ON co.id = p.company_id
LEFT JOIN tenants_user u ON u.id = p.owner_id
LEFT JOIN LATERAL (
  SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name) AS list
  FROM customers_contact_tags ct JOIN customers_tag t ON t.id = ct.tag_id WHERE ct.contact_id = p.id
) tags ON true
ORDER BY p.created_at DESC, p.id
"""


def prepare_platform() -> None:
    call_command("migrate_schemas", executor="standard", verbosity=0)
    call_command("setup_platform", verbosity=0)


def bench_tenant() -> tuple[Tenant, User]:
    tenant = Tenant.objects.filter(schema_name=SUBDOMAIN.replace("-", "_")).first()
    if tenant is None:
        result = services.sign_up(
            company_name="Bench Contacts Ltd",
            subdomain=SUBDOMAIN,
            email=f"owner@{SUBDOMAIN}.example.com",
            password="bench-password-2026",
            full_name="Bench Owner",
        )
        tenant = result.tenant
    owner = Membership.objects.filter(tenant=tenant, role=Role.OWNER).select_related("user").get().user
    for i in range(4):
        user = User.objects.filter(email=f"seller{i}@{SUBDOMAIN}.example.com").first() or User.objects.create_user(
            email=f"seller{i}@{SUBDOMAIN}.example.com", password="bench-password-2026", full_name=f"Seller {i}"
        )
        Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": Role.SALES})
    return tenant, owner


def copy_rows(table: str, columns: list[str], rows: Sequence[Sequence[object]]) -> None:
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None else str(v) for v in row) + "\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)  # type: ignore[attr-defined]


def load(tenant: Tenant) -> None:
    connection.set_tenant(tenant)
    if Contact.objects.count() >= CONTACTS:
        print(f"data: {CONTACTS:,} contacts already loaded", flush=True)
        return
    started = time.perf_counter()
    rng = random.Random(7)
    members = list(Membership.objects.filter(tenant=tenant).values_list("user_id", flat=True))
    tags = [Tag.objects.create(name=f"tag-{i}") for i in range(TAGS)]
    now = datetime.now(UTC)
    company_ids = [uuid.uuid4() for _ in range(COMPANIES)]
    copy_rows(
        "customers_company",
        [
            "id",
            "created_at",
            "updated_at",
            "owner_id",
            "search_text",
            "name",
            "normalized_name",
            "industry",
            "size",
            "website",
            "phone",
            "addresses",
            "region",
            "country",
            "level",
            "category",
            "lifecycle_stage",
            "source",
            "credit_rating",
            "credit_currency",
        ],
        [
            [
                cid,
                now,
                now,
                rng.choice(members),
                f"Company {i}",
                f"Company {i}",
                f"company{i}",
                "Software",
                "",
                "",
                "",
                "[]",
                "East",
                "CN",
                "",
                "",
                "active",
                "website",
                "",
                "USD",
            ]
            for i, cid in enumerate(company_ids)
        ],
    )
    contact_rows, tag_rows = [], []
    for i in range(CONTACTS):
        pk = uuid.uuid4()
        first, last = f"First{i}", f"Last{i % 997}"
        email = f"person{i}@example.com"
        contact_rows.append(
            [
                pk,
                now - timedelta(seconds=i),
                now,
                rng.choice(members),
                f"{first} {last} {email}",
                first,
                last,
                rng.choice(company_ids),
                "Buyer",
                "",
                "{" + email + "}",
                "{+86138" + f"{i:08d}" + "}",
                "",
                "[]",
                "{}",
                "f",
                "f",
            ]
        )
        for tag in rng.sample(tags, 2):
            tag_rows.append([pk, tag.pk])
    copy_rows(
        "customers_contact",
        [
            "id",
            "created_at",
            "updated_at",
            "owner_id",
            "search_text",
            "first_name",
            "last_name",
            "company_id",
            "title",
            "buying_role",
            "emails",
            "phones",
            "wechat_id",
            "social_handles",
            "preferences",
            "email_consent",
            "sms_consent",
        ],
        contact_rows,
    )
    copy_rows("customers_contact_tags", ["contact_id", "tag_id"], tag_rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE customers_contact; ANALYZE customers_company; ANALYZE customers_contact_tags")
    print(
        f"data: loaded {CONTACTS:,} contacts, {COMPANIES:,} companies in {time.perf_counter() - started:.1f}s",
        flush=True,
    )


def measure(sides: Sequence[Callable[[int], object]], pages: list[int], turn: int = 25) -> list[list[float]]:
    """Each side's time per page. The sides take turns of ``turn`` requests: on a shared machine both
    see the same load over the run, and within a turn each runs warm, as it would alone."""
    timings: list[list[float]] = [[] for _ in sides]
    for start in range(0, len(pages), turn):
        for run, side in zip(sides, timings, strict=True):
            for page in pages[start : start + turn][:WARM_UP]:
                run(page)  # not timed: the other side ran last
            for page in pages[start : start + turn]:
                started = time.perf_counter()
                run(page)
                side.append(time.perf_counter() - started)
    return timings


def summary(name: str, timings: list[float]) -> dict[str, float]:
    ordered = sorted(timings)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    rps = len(timings) / sum(timings)
    print(f"{name:<28} {rps:9.1f} req/s   p50 {p50:8.2f} ms   p99 {p99:8.2f} ms", flush=True)
    return {"rps": rps, "p50": p50, "p99": p99}


def main() -> int:
    prepare_platform()
    tenant, owner = bench_tenant()
    load(tenant)
    connection.set_schema_to_public()
    token = services.issue_token(owner)
    client = Client(HTTP_HOST=services.tenant_host(SUBDOMAIN))
    # Pages spread over the first 50 (offset cursors): the same pages for both sides.
    rng = random.Random(11)
    pages = [rng.randrange(50) for _ in range(REQUESTS)]

    def graphql(page: int) -> object:
        after = services_cursor(page * 100 - 1) if page else None
        response = client.post(
            "/graphql/",
            {"query": QUERY, "variables": {"after": after}},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        body = response.json()
        if response.status_code != 200 or body.get("errors") or len(body["data"]["contacts"]["edges"]) != 100:
            raise SystemExit(f"unexpected response: {str(body)[:500]}")
        return body

    def floor(page: int) -> object:
        connection.set_tenant(tenant)
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [page * 100])
            rows = cursor.fetchall()
        connection.set_schema_to_public()
        return json.dumps(
            [
                {
                    "id": str(r[0]),
                    "firstName": r[1],
                    "lastName": r[2],
                    "emails": r[3],
                    "phones": r[4],
                    "title": r[5],
                    "company": {"id": str(r[6]), "name": r[7]} if r[6] else None,
                    "owner": {"id": r[8], "email": r[9], "fullName": r[10]} if r[8] else None,
                    "tags": r[11],
                }
                for r in rows
            ]
        )

    print(f"contacts(first: 100) with company, owner, tags; {CONTACTS:,} contacts; {REQUESTS} requests each")
    floor_timings, api_timings = measure([floor, graphql], pages)
    floor_stats = summary("floor (raw SQL + JSON)", floor_timings)
    api_stats = summary("GraphQL over HTTP", api_timings)
    with CaptureQueriesContext(connection) as captured:
        graphql(7)
    data_queries = [q for q in captured.captured_queries if not q["sql"].startswith("SET search_path")]
    sql_ms = sum(float(q["time"]) for q in captured.captured_queries) * 1000
    print(
        f"one GraphQL request: {len(data_queries)} data queries (+{len(captured) - len(data_queries)} SET search_path),"
        f" {sql_ms:.1f} ms in SQL; the rest is Python (middleware, GraphQL execution, JSON)",
        flush=True,
    )
    ratio = api_stats["p50"] / floor_stats["p50"]
    verdict = "meets" if ratio <= TARGET_RATIO else "MISSES"
    print(f"GraphQL p50 is {ratio:.1f}x the floor; target <= {TARGET_RATIO:.0f}x: {verdict} the target", flush=True)
    return 0


def services_cursor(offset: int) -> str:
    import base64

    return base64.b64encode(f"arrayconnection:{offset}".encode()).decode()


if __name__ == "__main__":
    sys.exit(main())
