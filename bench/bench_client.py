"""The web client's own operations, as its pages send them, on 10,000 contacts across 2,000 companies.

Each operation is read from ``frontend/src/modules/*/operations.ts`` at run time (bench/operations.py),
run through Django's whole HTTP request path in process (every middleware, the token lookup, GraphQL,
the JSON response) and printed as p50 / p99 / req/s beside its floor: the same rows (and for a list page
the total it shows, as the client asks for ``totalCount``) fetched by one raw
SQL query and serialised to JSON (for the create, one INSERT). The two sides take turns of 25
requests, so that on a shared machine both see the same load.

Settings as in production where they matter for speed: DEBUG off (no query log), GraphiQL off, argon2
password hashing, persistent database connections. Without REDIS_URL the cache and channel layer are
in process (this machine's Redis is shared); with it, they are Redis, as in production.

Targets (issue 19): every list page within 3x of its floor; the contacts page under 25 ms p50, one
record by id (the client's record page) under 10 ms p50, a create under 20 ms p50. One line per target,
MET or MISSED; the exit status is 1 when any is missed.

``BENCH_OFF=sqlpages,plans,uuids,connections`` switches fast paths off (bench/README.md's table).
"""

from __future__ import annotations

import json
import os
import random
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
OFF = {name for name in os.environ.get("BENCH_OFF", "").split(",") if name}
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DJANGO_ENV", "development")  # production's code paths without its Redis / HTTPS checks
os.environ["DEBUG"] = "0"  # no query log, as in production
os.environ["GRAPHIQL"] = "0"
os.environ["RATE_LIMIT_ENABLED"] = "0"  # the bench measures the API, not the buckets it would empty
if "connections" in OFF:
    os.environ["CONN_MAX_AGE"] = "0"

import django  # noqa: E402

django.setup()

from contextlib import ExitStack  # noqa: E402

from django.conf import settings  # noqa: E402
from django.db import close_old_connections  # noqa: E402
from django.test import Client  # noqa: E402

from bench.common import Stats, Verdicts, bench_workspace, measure  # noqa: E402
from bench.operations import operation  # noqa: E402
from graphql_schema.core import plans, sqlpages  # noqa: E402
from saas import fastpaths as switches  # noqa: E402
from saas.customers.models import Company, Contact, Interaction, Tag  # noqa: E402
from tenants import services  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Role, Tenant, User  # noqa: E402

SUBDOMAIN = "bench-client"
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "10000"))
COMPANIES = CONTACTS // 5
TAGS = 20
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
LIST_RATIO = 3.0
CONTACTS_PAGE_MS, RECORD_MS, CREATE_MS = 25.0, 10.0, 20.0
PAGE = {"active": True, "pool": False, "deleted": False, "first": 100}  # what CustomerList.tsx asks


def prepare() -> tuple[Tenant, User]:
    tenant = bench_workspace(SUBDOMAIN, "Bench Client Ltd")
    owner = Membership.objects.filter(tenant=tenant, role=Role.OWNER).select_related("user").get().user
    for i in range(4):
        email = f"seller{i}@{SUBDOMAIN}.example.com"
        user = User.objects.filter(email=email).first() or User.objects.create_user(
            email=email, password="bench-password-2026", full_name=f"Seller {i}"
        )
        Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": Role.SALES})
    load(tenant)
    connection.set_schema_to_public()
    return tenant, owner


def load(tenant: Tenant) -> None:
    """The data set, once per database (the ORM's bulk inserts: they follow the models as they change)."""
    connection.set_tenant(tenant)
    if Contact.objects.count() >= CONTACTS:
        return
    rng = random.Random(7)
    members = list(Membership.objects.filter(tenant=tenant).values_list("user_id", flat=True))
    tags = Tag.objects.bulk_create([Tag(name=f"tag-{i}") for i in range(TAGS)])
    now = datetime.now(UTC).replace(microsecond=123456)
    stages, sources = ["prospect", "active", "dormant", "lost"], ["website", "referral", "", "partner"]
    companies = Company.objects.bulk_create(
        [
            Company(
                name=f"Company {i}", normalized_name=f"company {i}", search_text=f"Company {i}",
                industry="Software", region="East", country="CN", owner_id=rng.choice([*members, None]),
                lifecycle_stage=stages[i % 4], source=sources[i % 4], level=["", "a", "b"][i % 3],
                website=f"https://c{i}.example.com", created_at=now - timedelta(minutes=i),
                last_interaction_at=now - timedelta(hours=i) if i % 2 else None,
            )
            for i in range(COMPANIES)
        ],
        batch_size=2000,
    )  # fmt: skip
    contacts = Contact.objects.bulk_create(
        [
            Contact(
                first_name=f"First{i}", last_name=f"Last{i % 997}", title="Buyer",
                company=rng.choice(companies), owner_id=rng.choice(members), emails=[f"person{i}@example.com"],
                phones=[f"+86138{i:08d}"], search_text=f"First{i} Last{i % 997} person{i}@example.com",
                created_at=now - timedelta(seconds=i, microseconds=i % 3), updated_at=now,
                last_interaction_at=now - timedelta(days=i % 30) if i % 3 else None,
            )
            for i in range(CONTACTS)
        ],
        batch_size=2000,
    )  # fmt: skip
    links = Contact.tags.through
    links.objects.bulk_create(
        [links(contact_id=c.pk, tag_id=t.pk) for c in contacts for t in rng.sample(tags, 2)], batch_size=5000
    )
    Interaction.objects.bulk_create(
        [
            Interaction(
                kind="call", occurred_at=now - timedelta(days=d), subject=f"Call {d}", body="Talked about renewal.",
                performed_by_id=rng.choice(members), contact=c, company_id=c.company_id,
            )
            for c in contacts[:200]
            for d in range(5)
        ]
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def raw_json(sql: str, params: list[Any]) -> str:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        columns = [c.name for c in cursor.description]
        return json.dumps([dict(zip(columns, row, strict=True)) for row in cursor.fetchall()], default=str)


CONTACT_ROWS = """
SELECT p.id, p.first_name, p.last_name, p.title, p.emails, p.phones, p.last_interaction_at, p.created_at, p.deleted_at,
       co.id AS company_id, co.name AS company_name, u.id AS owner_id, u.full_name, u.email,
       (SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
        FROM customers_contact_tags ct JOIN customers_tag t ON t.id = ct.tag_id WHERE ct.contact_id = p.id) AS tags,
       (SELECT count(*) FROM customers_contact WHERE deleted_at IS NULL {where}) AS total
FROM (SELECT * FROM customers_contact WHERE deleted_at IS NULL {where} ORDER BY created_at DESC, id LIMIT %s) p
LEFT JOIN customers_company co ON co.id = p.company_id LEFT JOIN tenants_user u ON u.id = p.owner_id
ORDER BY p.created_at DESC, p.id"""
COMPANY_ROWS = """
SELECT p.id, p.name, p.industry, p.website, p.phone, p.region, p.country, p.lifecycle_stage, p.level, p.source,
       p.last_interaction_at, p.created_at, p.deleted_at, u.id AS owner_id, u.full_name, u.email,
       (SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
        FROM customers_company_tags ct JOIN customers_tag t ON t.id = ct.tag_id WHERE ct.company_id = p.id) AS tags,
       (SELECT count(*) FROM customers_company WHERE deleted_at IS NULL) AS total
FROM (SELECT * FROM customers_company WHERE deleted_at IS NULL ORDER BY created_at DESC, id LIMIT 100) p
LEFT JOIN tenants_user u ON u.id = p.owner_id ORDER BY p.created_at DESC, p.id"""
RECORD_ROWS = """
SELECT p.*, co.name AS company_name, u.full_name, u.email,
  (SELECT json_agg(json_build_object('id', t.id, 'name', t.name) ORDER BY t.name)
   FROM customers_contact_tags ct JOIN customers_tag t ON t.id = ct.tag_id WHERE ct.contact_id = p.id) AS tags,
  (SELECT json_agg(i ORDER BY i.occurred_at DESC) FROM (SELECT i.*, pu.full_name AS by FROM customers_interaction i
   LEFT JOIN tenants_user pu ON pu.id = i.performed_by_id WHERE i.contact_id = p.id LIMIT 50) i) AS interactions
FROM customers_contact p LEFT JOIN customers_company co ON co.id = p.company_id
LEFT JOIN tenants_user u ON u.id = p.owner_id WHERE p.id = %s"""
SEARCH_ROWS = """
SELECT c.id, c.name, c.industry FROM customers_company c
WHERE c.deleted_at IS NULL AND to_tsvector('simple', c.search_text) @@ to_tsquery('simple', %s)
ORDER BY c.created_at DESC, c.id LIMIT 5"""
STATISTICS_ROWS = """
SELECT (SELECT count(*) FROM customers_company WHERE deleted_at IS NULL) AS companies,
       (SELECT count(*) FROM customers_contact WHERE deleted_at IS NULL) AS contacts,
       (SELECT json_agg(s) FROM (SELECT source, count(*) FROM customers_company WHERE deleted_at IS NULL
        GROUP BY source) s) AS by_source,
       (SELECT json_agg(s) FROM (SELECT lifecycle_stage, count(*) FROM customers_company WHERE deleted_at IS NULL
        GROUP BY lifecycle_stage) s) AS by_stage"""


def main() -> int:
    tenant, owner = prepare()
    if "uuids" in OFF:
        import psycopg2.extras

        psycopg2.extras.register_uuid()  # Django's own UUID caster instead of tenants/uuids.py
    if "gc" not in OFF:
        from saas.gc_tuning import tune_for_serving

        tune_for_serving()  # as every server process does (saas/asgi.py)
    token = services.issue_token(owner)
    client = Client(HTTP_HOST=services.tenant_host(SUBDOMAIN))
    connection.set_tenant(tenant)
    record_ids = [
        str(pk)
        for pk in Contact.objects.filter(interactions__isnull=False).distinct().values_list("pk", flat=True)[:50]
    ]
    connection.set_schema_to_public()
    rng = random.Random(11)
    inputs = [rng.randrange(50) for _ in range(REQUESTS)]
    off = ExitStack()
    if "sqlpages" in OFF:
        off.enter_context(sqlpages.sql_pages_disabled())
    if "plans" in OFF:
        off.enter_context(plans.plans_disabled())
    print(
        f"{CONTACTS:,} contacts, {COMPANIES:,} companies; {REQUESTS} requests per side; DEBUG={settings.DEBUG},"
        f" hasher={settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]},"
        f" CONN_MAX_AGE={settings.DATABASES['default']['CONN_MAX_AGE']},"
        f" off: {', '.join(sorted(OFF)) or 'nothing'}",
        flush=True,
    )

    def graphql(name: str, variables: Any, check: Any) -> Any:
        text = operation(name)

        def run(_: int) -> Any:
            response = client.post(
                "/graphql/", {"query": text, "variables": variables if not callable(variables) else variables(_)},
                content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token}",
            )  # fmt: skip
            body = response.json()
            if response.status_code != 200 or body.get("errors") or not check(body["data"]):
                raise SystemExit(f"{name}: unexpected response: {str(body)[:500]}")
            close_old_connections()  # what Django does after every request (persistent connections: kept)
            return body

        return run

    def floor(sql: str, params: Any) -> Any:
        def run(i: int) -> str:
            connection.set_tenant(tenant)
            text = raw_json(sql, params(i) if callable(params) else params)
            connection.set_schema_to_public()
            return text

        return run

    created = iter(range(10**9))
    operations: list[tuple[str, Any, Any]] = [
        ("contacts list page", graphql("CustomerContacts", PAGE, lambda d: len(d["contacts"]["edges"]) == 100),
         floor(CONTACT_ROWS.format(where=""), [100])),
        ("companies list page", graphql("CustomerCompanies", PAGE, lambda d: len(d["companies"]["edges"]) == 100),
         floor(COMPANY_ROWS, [])),
        ("record page (contact by id)",
         graphql("CustomerContact", lambda i: {"id": services_gid("Contact", record_ids[i % len(record_ids)])},
                 lambda d: d["node"] is not None),
         floor(RECORD_ROWS, lambda i: [record_ids[i % len(record_ids)]])),
        ("global search", graphql("CustomerSearch", {"q": "company"}, lambda d: len(d["companies"]["edges"]) == 5),
         floor(SEARCH_ROWS, ["company:*"])),
        ("home page statistics", graphql("CustomerStatistics", {}, lambda d: d["customerStatistics"]["contacts"] > 0),
         floor(STATISTICS_ROWS, [])),
        ("create contact",
         graphql("CustomerCreateContact",
                 lambda i: {"input": {"firstName": f"New{next(created)}", "lastName": "Bench"}},
                 lambda d: d["createContact"]["contact"] is not None),
         floor("INSERT INTO customers_contact (id, created_at, updated_at, first_name, last_name, title, buying_role,"
               " emails, phones, wechat_id, social_handles, preferences, email_consent, sms_consent, search_text,"
               " custom_fields) VALUES (%s, now(), now(), %s, 'Bench', '', '', '{}', '{}', '', '[]', '{}', false,"
               " false, '', '{}')"
               " RETURNING id, first_name, last_name", lambda i: [str(uuid.uuid4()), f"Floor{i}"])),
    ]  # fmt: skip
    results: dict[str, tuple[Stats, Stats]] = {}
    before = switches.fallback_counts()
    with off:
        for name, api, raw in operations:
            floor_timings, api_timings = measure([raw, api], inputs)
            results[name] = (
                Stats("  floor (raw SQL + JSON)", floor_timings),
                Stats("  GraphQL over HTTP", api_timings),
            )
            print(f"{name}:", flush=True)
            for stats in results[name]:
                print(stats.line(), flush=True)
            print(f"  {results[name][1].p50 / results[name][0].p50:.1f}x the floor (p50)", flush=True)
    fallbacks = {k: v - before.get(k, 0) for k, v in switches.fallback_counts().items() if v != before.get(k, 0)}
    print(f"fast-path fallbacks during the run: {fallbacks or 'none'}", flush=True)

    verdicts = Verdicts()
    for name in ("contacts list page", "companies list page"):
        floor_stats, api_stats = results[name]
        ratio = api_stats.p50 / floor_stats.p50
        verdicts.target(f"{name}: p50 {ratio:.1f}x its floor (target <= {LIST_RATIO:.0f}x)", ratio <= LIST_RATIO)
    for name, limit in (("contacts list page", CONTACTS_PAGE_MS), ("record page (contact by id)", RECORD_MS),
                        ("create contact", CREATE_MS)):  # fmt: skip
        p50 = results[name][1].p50
        verdicts.target(f"{name}: p50 {p50:.1f} ms (target < {limit:.0f} ms)", p50 < limit)
    if CONTACTS != 10_000:
        print(f"(the millisecond targets are stated for 10,000 contacts; this run has {CONTACTS:,})")
    return verdicts.report()


def services_gid(type_name: str, pk: str) -> str:
    from strawberry import relay

    return relay.to_base64(type_name, pk)


if __name__ == "__main__":
    sys.exit(main())
