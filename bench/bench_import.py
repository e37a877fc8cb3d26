"""Bulk import of 100,000 contacts from a CSV file: rows per second and peak memory.

The file goes through the services the API uses: ``saas.imports.services.upload`` (as ``POST
/imports/upload`` calls it: kept, read and counted), then ``start`` with the suggested mapping (as
``startImport``), whose Celery task runs in this process once the transaction commits (without
``REDIS_URL`` tasks are eager; with it, the same ``run`` runs in a worker). Each row is checked by
the contact service's own validation, written by ``COPY`` in batches of 2,000, with its undo record
and one audit entry. The import is then undone (timed too), so every run starts from the same state.

Production's code paths: ``DEBUG=0`` (no query log). Peak memory is the process's peak resident set
during the import above what it held before (``ru_maxrss``; no tracing, which would slow the rows).
``BENCH_CONTACTS`` shrinks a run while developing.
"""

from __future__ import annotations

import csv
import os
import resource
import sys
import tempfile
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

from django.core.files import File  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.common import Verdicts, bench_workspace  # noqa: E402
from saas.billing.models import Plan  # noqa: E402
from saas.billing.plans import subscription_for  # noqa: E402
from saas.customers.models import Contact  # noqa: E402
from saas.imports import files, services  # noqa: E402
from saas.imports.models import DataImport  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership, Tenant  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
SUBDOMAIN = "bench-import"
TARGET_ROWS_PER_SECOND = 10_000


def rss_mb() -> float:
    """The process's peak resident set so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def postgres_cpu() -> float | None:
    """CPU seconds PostgreSQL's processes have used so far (all backends, ended ones too); None if not local.

    The postmaster's own time and its ended children's (``cutime`` / ``cstime``), plus its live children's.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        tick = os.sysconf("SC_CLK_TCK")

        def stat(pid: int | str) -> list[str]:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

        postmaster = int(stat(backend)[1])
        fields = stat(postmaster)
        total = sum(int(f) for f in fields[11:15])
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    child = stat(entry.name)
                except OSError:
                    continue
                if int(child[1]) == postmaster:
                    total += int(child[11]) + int(child[12])
        return total / tick
    except (OSError, IndexError, ValueError):
        return None


def write_csv(path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["First name", "Last name", "Email", "Phone", "Title", "Birthday", "Email consent"])
        for n in range(CONTACTS):
            writer.writerow(
                [
                    f"First {n}",
                    f"Last {n:06d}",
                    f"p{n}@import.example.com",
                    f"+86{n:09d}",
                    "Buyer",
                    f"1980-{n % 12 + 1:02d}-{n % 28 + 1:02d}",
                    "yes" if n % 2 else "no",
                ]
            )


def prepare() -> tuple[Tenant, Membership]:
    tenant = bench_workspace(SUBDOMAIN, "Bench Import Ltd")
    membership = Membership.objects.select_related("user", "tenant").get(
        tenant=tenant, user__email__startswith="owner@"
    )
    # A plan without a record limit: 100,000 contacts are the whole of a Pro plan's allowance.
    subscription = subscription_for(tenant)
    subscription.plan = Plan.objects.filter(records=None).order_by("price_per_seat").first() or subscription.plan
    subscription.save(update_fields=["plan"])
    connection.set_tenant(tenant)
    getattr(Contact, "all_objects", Contact.objects).all().delete()
    DataImport.objects.all().delete()
    # An earlier run's 100,000 rows, deleted above, stay in the table and its GIN indexes as dead entries until
    # a vacuum: each run starts from the clean table a first run has (not measured).
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM ANALYZE {connection.ops.quote_name(Contact._meta.db_table)}")
    return tenant, membership


def main() -> int:
    _, membership = prepare()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "contacts.csv"
        write_csv(path)
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        with path.open("rb") as handle, transaction.atomic():
            data_import = services.upload(membership, "Contact", "contacts.csv", File(handle, name="contacts.csv"))
        uploaded = time.perf_counter() - started
    print(f"upload: {CONTACTS:,} rows, {size_mb:.1f} MB, read and counted in {uploaded:.2f} s", flush=True)

    rss_before = rss_mb()
    pg_before = postgres_cpu()
    cpu_before = time.process_time()
    started = time.perf_counter()
    with transaction.atomic():  # as the mutation; the task runs once it commits
        services.start(membership, data_import.pk, data_import.mapping, DataImport.Dedupe.SKIP, dry_run=False)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_before
    pg_after = postgres_cpu()
    peak_mb = rss_mb() - rss_before
    data_import.refresh_from_db()
    rate = data_import.created_count / elapsed if elapsed else 0.0
    print(
        f"import: {data_import.status}, {data_import.created_count:,} created, {data_import.error_count} errors "
        f"in {elapsed:.2f} s: {rate:,.0f} rows/s",
        flush=True,
    )
    print(
        f"this process's CPU time: {cpu:.2f} s ({cpu / elapsed:.0%} of the wall time; "
        "the rest: PostgreSQL, and waiting for a CPU on a busy machine)",
        flush=True,
    )
    if pg_before is not None and pg_after is not None:
        pg_cpu = pg_after - pg_before
        print(
            f"PostgreSQL's CPU time: {pg_cpu:.2f} s; on two free cores (this process on one, PostgreSQL on the "
            f"other, batches pipelined) the import needs about {max(cpu, pg_cpu):.1f} s: "
            f"{CONTACTS / max(cpu, pg_cpu, 1e-9):,.0f} rows/s (not the target's measure: the wall time above is)",
            flush=True,
        )
    print(f"peak memory during the import: +{peak_mb:.1f} MB resident (process peak {rss_mb():.0f} MB)", flush=True)
    if data_import.error_message:
        print(f"error: {data_import.error_code}: {data_import.error_message}", flush=True)
    file_removed = not data_import.stored_name or not files.storage().exists(data_import.stored_name)

    started = time.perf_counter()
    cpu_before, pg_before = time.process_time(), postgres_cpu()
    services.undo(membership, data_import.pk)
    undone = time.perf_counter() - started
    cpu, pg_after = time.process_time() - cpu_before, postgres_cpu()
    left = Contact.objects.count()
    pg_undo = f", PostgreSQL {pg_after - pg_before:.2f} s" if pg_before is not None and pg_after is not None else ""
    print(f"undo: {undone:.2f} s (CPU: this process {cpu:.2f} s{pg_undo}), {left} contacts left", flush=True)
    connection.set_schema_to_public()

    verdicts = Verdicts()
    complete = data_import.status == DataImport.Status.COMPLETED and data_import.created_count == CONTACTS
    verdicts.target(f"all {CONTACTS:,} contacts imported: {data_import.created_count:,}", complete)
    verdicts.target(
        f"rows per second over {TARGET_ROWS_PER_SECOND:,}: {rate:,.0f}", complete and rate > TARGET_ROWS_PER_SECOND
    )
    verdicts.target("the uploaded file removed once the import finished", file_removed)
    verdicts.target(f"undo leaves no imported contact: {left}", left == 0)
    return verdicts.report()


if __name__ == "__main__":
    sys.exit(main())
