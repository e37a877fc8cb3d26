"""A full workspace export (``saas.portability``) of 100,000 contacts: records per second and peak memory.

The export goes through the services the API uses: ``start`` (as ``startWorkspaceExport``), whose
Celery task runs in this process once the transaction commits (without ``REDIS_URL`` tasks are eager).
Every registered record type is written (the contacts are nearly all of it), streamed into the zip
``CHUNK`` rows at a time. The contacts are made once (``COPY``) and kept between runs.

Production's code paths: ``DEBUG=0``. Peak memory is the process's peak resident set during the export
above what it held before (``ru_maxrss``): on a run that makes the contacts, their making sets the peak (run
it again). ``BENCH_CONTACTS`` shrinks a run while developing.
The issue names no figure for this export; the targets are ``bench_bulk_export``'s (a list export).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
os.environ.setdefault("DJANGO_ENV", "development")
os.environ["DEBUG"] = "0"
os.environ["RATE_LIMIT_ENABLED"] = "0"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402

from bench.common import Verdicts, bench_workspace  # noqa: E402
from saas.billing.models import Plan  # noqa: E402
from saas.billing.plans import subscription_for  # noqa: E402
from saas.customers.models import Contact  # noqa: E402
from saas.kernel.bulk_insert import blank_records, copy_insert  # noqa: E402
from saas.portability import services  # noqa: E402
from saas.portability.models import WorkspaceExport  # noqa: E402
from tenants.db import connection  # noqa: E402
from tenants.models import Membership  # noqa: E402

CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
SUBDOMAIN = "bench-portability"
TARGET_ROWS_PER_SECOND = 5_000
TARGET_PEAK_MB = 50


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare() -> Membership:
    tenant = bench_workspace(SUBDOMAIN, "Bench Portability Ltd")
    membership = Membership.objects.select_related("user", "tenant").get(
        tenant=tenant, user__email__startswith="owner@"
    )
    subscription = subscription_for(tenant)
    subscription.plan = Plan.objects.filter(records=None).order_by("price_per_seat").first() or subscription.plan
    subscription.save(update_fields=["plan"])
    connection.set_tenant(tenant)
    have = Contact.all_objects.count()
    if have != CONTACTS:
        Contact.all_objects.all().delete()
        for start in range(0, CONTACTS, 5_000):
            count = min(5_000, CONTACTS - start)
            records = blank_records(Contact, count)
            for n, contact in enumerate(records, start=start):
                contact.first_name, contact.last_name = f"First {n}", f"Last {n:06d}"
                contact.emails, contact.phones = [f"p{n}@export.example.com"], [f"+86{n:09d}"]
                contact.title, contact.owner_id = "Buyer", membership.user_id
                contact.derive()
            with transaction.atomic():
                copy_insert(Contact, records)
    WorkspaceExport.objects.all().delete()
    return membership


def main() -> int:
    membership = prepare()
    with tempfile.TemporaryDirectory() as folder:
        settings.WORKSPACE_EXPORT_DIR = Path(folder)
        rss_before = rss_mb()
        cpu_before = time.process_time()
        started = time.perf_counter()
        with transaction.atomic():  # as the mutation; the task runs once it commits
            export = services.start(membership)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_before
        peak_mb = rss_mb() - rss_before
        export.refresh_from_db()
        written = sum(export.counts.values())
        rate = written / elapsed if elapsed else 0.0
        print(
            f"export: {export.status}, {written:,} records ({export.counts.get('Contact', 0):,} contacts), "
            f"{export.file_size / 1e6:.1f} MB zip in {elapsed:.2f} s: {rate:,.0f} records/s",
            flush=True,
        )
        print(f"this process's CPU time: {cpu:.2f} s ({cpu / elapsed:.0%} of the wall time)", flush=True)
        print(f"peak memory during the export: +{peak_mb:.1f} MB resident (process peak {rss_mb():.0f} MB)")
        complete = export.status == WorkspaceExport.Status.COMPLETED and export.counts.get("Contact") == CONTACTS
        if complete:
            with zipfile.ZipFile(Path(folder) / export.stored_name) as archive:
                complete = sum(1 for _ in archive.open("Contact.jsonl")) == CONTACTS
    connection.set_schema_to_public()
    verdicts = Verdicts()
    verdicts.target(f"all {CONTACTS:,} contacts in the zip", complete)
    verdicts.target(f"records per second >= {TARGET_ROWS_PER_SECOND:,}: {rate:,.0f}", rate >= TARGET_ROWS_PER_SECOND)
    verdicts.target(f"peak memory growth < {TARGET_PEAK_MB} MB: +{peak_mb:.1f} MB", peak_mb < TARGET_PEAK_MB)
    return verdicts.report()


if __name__ == "__main__":
    sys.exit(main())
