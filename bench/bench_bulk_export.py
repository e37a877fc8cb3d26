"""Bulk export of 100,000 contacts: rows per second and peak memory of the export task.

The export runs as its Celery task does (``graphql_schema.core.bulk_exports.run_bulk_export``, in
process, with the garbage collector tuned as in a worker process: saas/celery.py), as a marketing member
(e-mails and phones hidden: field rules applied on every row), with a nested company. Peak memory is the
process's peak resident set during the export above what it held before (``ru_maxrss``, as bench_import and
bench_workspace_export measure it; no tracing, which would slow every allocation), which is what grows if
rows were kept: the file is written as they come. On a run that makes the contacts, their making sets the
peak (run it twice). Beside the rows per second, the process's CPU time: on a shared machine the wall clock
also measures the queue for a CPU. ``BENCH_CONTACTS`` shrinks a run.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DJANGO_ENV", "development")
os.environ["DEBUG"] = "0"  # no query log, as in production
os.environ["RATE_LIMIT_ENABLED"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from bench.common import Verdicts, bench_workspace  # noqa: E402
from graphql_schema.core.bulk_exports import run_bulk_export  # noqa: E402
from saas.customers.models import Company, Contact  # noqa: E402
from saas.kernel.models import BulkExport  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Role, Tenant, User  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
SUBDOMAIN = "bench-export"
QUERY = (
    "{ contacts(orderBy: [{lastName: ASC}]) { edges { node {"
    " id firstName lastName title emails phones createdAt company { name } } } } }"
)
TARGET_ROWS_PER_SECOND = 5_000
TARGET_PEAK_MB = 50


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def prepare() -> tuple[Tenant, User]:
    tenant = bench_workspace(SUBDOMAIN, "Bench Export Ltd")
    email = f"marketing@{SUBDOMAIN}.example.com"
    user = User.objects.filter(email=email).first() or User.objects.create_user(
        email=email, password="bench-password-2026", full_name="Marketer"
    )
    Membership.objects.get_or_create(user=user, tenant=tenant, defaults={"role": Role.MARKETING})
    connection.set_tenant(tenant)
    if Contact.objects.count() < CONTACTS:
        Contact.objects.all().delete()
        companies = Company.objects.bulk_create(
            [Company(name=f"Company {i}", normalized_name=f"company {i}") for i in range(1000)]
        )
        for start in range(0, CONTACTS, 10_000):
            Contact.objects.bulk_create(
                [
                    Contact(
                        first_name=f"First {n}",
                        last_name=f"Last {n:06d}",
                        title="Buyer",
                        emails=[f"p{n}@example.com"],
                        phones=[f"+86{n:09d}"],
                        company=companies[n % len(companies)],
                    )
                    for n in range(start, min(start + 10_000, CONTACTS))
                ],
                batch_size=5_000,
            )
    BulkExport.objects.all().delete()
    with connection.cursor() as cursor:  # fresh bulk inserts: statistics as autovacuum would have them
        cursor.execute("ANALYZE customers_contact; ANALYZE customers_company")
    connection.set_schema_to_public()
    return tenant, user


def main() -> int:
    tenant, user = prepare()
    import graphql_schema.schema  # noqa: F401  # a worker builds the schema once, at its first export
    from saas.gc_tuning import tune_for_serving

    tune_for_serving()  # as every worker process does (saas/celery.py)
    connection.set_tenant(tenant)
    export = BulkExport.objects.create(query=QUERY, requested_by_id=user.pk)
    rss_before = rss_mb()
    started, cpu_started = time.perf_counter(), time.process_time()
    run_bulk_export.run(str(export.pk))  # the task's body, in this process
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    peak_mb = rss_mb() - rss_before
    export.refresh_from_db()
    path = settings.BULK_EXPORT_DIR / tenant.schema_name / export.file_name
    rate = export.row_count / elapsed if elapsed else 0.0
    print(f"bulk export: {export.status}, {export.row_count} rows in {elapsed:.2f} s, {rate:,.0f} rows/s", flush=True)
    print(
        f"CPU time of this process: {cpu:.2f} s ({export.row_count / cpu if cpu else 0:,.0f} rows per CPU-second);"
        f" load average {os.getloadavg()[0]:.1f}",
        flush=True,
    )
    print(
        f"peak memory during the export: +{peak_mb:.1f} MB resident (process peak {rss_mb():.0f} MB);"
        f" file {export.file_size / 1e6:.1f} MB",
        flush=True,
    )
    if export.error_message:
        print(f"error: {export.error_code}: {export.error_message}", flush=True)
    if path.exists():
        path.unlink()
    verdicts = Verdicts()
    complete = export.status == BulkExport.Status.COMPLETED and export.row_count == CONTACTS
    verdicts.target(f"all {CONTACTS} contacts exported: {export.row_count}", complete)
    verdicts.target(
        f"rows per second >= {TARGET_ROWS_PER_SECOND:,}: {rate:,.0f}", complete and rate >= TARGET_ROWS_PER_SECOND
    )
    verdicts.target(f"peak memory growth < {TARGET_PEAK_MB} MB: +{peak_mb:.1f} MB", peak_mb < TARGET_PEAK_MB)
    return verdicts.report()


if __name__ == "__main__":
    sys.exit(main())
