"""The web client as a member feels it: Debian's chromium, driven by Playwright, against uvicorn.

Starts the production ASGI app (``saas.asgi``, DEBUG off, GraphiQL off, the built client from
frontend/dist served by WhiteNoise) on a free loopback port, signs up a workspace with 300 companies,
then runs frontend/scripts/bench-browser.mjs, which signs in through the login page and measures:

- list load: from navigation start (the page's time origin) to the moment the companies list's first
  page of 100 rows is in the document; the first visit is a warm-up (it fills the service worker's
  cache, as any returning member's browser has it);
- live edit: from Enter in an inline edit on a company's page in one browser context to the new value
  in the companies list open in a second context (mutation, commit, realtime event over the socket,
  the list's refetch, render).

Without REDIS_URL the channel layer is in process (one server process, as here); with it, Redis.
Everything it creates is removed at the end.

    python -m saas.launcher bench bench_browser          # or: make bench
    BENCH_LOADS=5 BENCH_EDITS=5 python -m saas.launcher bench bench_browser   # a quicker run
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import Verdicts  # noqa: E402

FRONTEND = BASE_DIR / "frontend"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
COMPANIES = 300
ROWS = 100  # the list's first page (CustomerList.tsx asks for 100)
LOADS = int(os.environ.get("BENCH_LOADS", "15"))
EDITS = int(os.environ.get("BENCH_EDITS", "10"))
LIST_MS = 1000.0  # navigation to the first 100 rows, p50
LIVE_MS = 500.0  # an inline edit to its appearance in another member's open list, p50
PASSWORD = "a-strong-bench-password-2026"


def missing_prerequisites() -> list[str]:
    missing = []
    if not (FRONTEND / "dist" / "index.html").exists():
        missing.append("frontend/dist (make frontend)")
    if not (FRONTEND / "node_modules" / "@playwright" / "test").exists():
        missing.append("frontend/node_modules (make frontend)")
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (make chromium)")
    if shutil.which("node") is None:
        missing.append("node (Node.js)")
    return missing


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def line(name: str, values: list[float]) -> str:
    return (
        f"{name:<44} p50 {statistics.median(values):8.1f} ms   p90 {percentile(values, 0.9):8.1f} ms"
        f"   min {min(values):8.1f} ms   ({len(values)} runs)"
    )


def main() -> int:
    verdicts = Verdicts()
    missing = missing_prerequisites()
    if missing:
        print("not run: missing " + ", ".join(missing))
        verdicts.target(f"list load < {LIST_MS:.0f} ms p50: not measured", False)
        verdicts.target(f"live inline edit < {LIVE_MS:.0f} ms p50: not measured", False)
        return verdicts.report()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
    os.environ.setdefault("DJANGO_ENV", "development")  # production's code paths without its Redis / HTTPS checks
    os.environ["DEBUG"] = "0"
    os.environ["GRAPHIQL"] = "0"
    os.environ["RATE_LIMIT_ENABLED"] = "0"  # the bench measures the client, not the buckets it would empty
    os.environ["LOG_LEVEL"] = "WARNING"
    from saas import launcher

    launcher.ensure_database()
    launcher.prepare_database()

    import django

    django.setup()
    from django.conf import settings

    from saas.customers.models import Company
    from tenants import provisioning, services
    from tenants.db import connection
    from tenants.models import User
    from tests.realtime.live import UvicornProcess, free_port

    provisioning.refill_pool_soon = lambda: None  # no background cloning during the run
    tag = secrets.token_hex(3)
    email = f"owner@bench-browser-{tag}.example.com"
    workspace = services.sign_up(
        company_name="Bench Browser Ltd",
        subdomain=f"bench-browser-{tag}",
        email=email,
        password=PASSWORD,
        full_name="Bench Owner",
    )
    server: UvicornProcess | None = None
    try:
        connection.set_tenant(workspace.tenant)
        stages = ["prospect", "active", "dormant", "lost"]
        companies = Company.objects.bulk_create(
            [
                Company(
                    name=f"Company {i:03d}", normalized_name=f"company {i:03d}", search_text=f"Company {i:03d}",
                    industry="Software", region="East", country="CN", owner_id=workspace.user.pk,
                    lifecycle_stage=stages[i % 4], website=f"https://c{i}.example.com",
                )
                for i in range(COMPANIES)
            ]
        )  # fmt: skip
        connection.set_schema_to_public()

        port = free_port()
        server = UvicornProcess(
            {
                "DJANGO_ENV": os.environ["DJANGO_ENV"],
                "DEBUG": "0",
                "GRAPHIQL": "0",
                "RATE_LIMIT_ENABLED": "0",
                "LOG_LEVEL": "WARNING",
                "DATABASE_URL": os.environ["DATABASE_URL"],
                "PUBLIC_URL_PORT": str(port),
            },
            app="saas.asgi:application",
            port=port,
        )
        host = services.tenant_host(workspace.tenant.subdomain)
        server.wait_ready(host)
        # The newest company is the list's first row, so the reader sees the edit without scrolling.
        newest = max(companies, key=lambda c: (c.created_at, str(c.pk)))
        config = {
            "workspace": f"http://{host}:{port}",
            "email": email,
            "password": PASSWORD,
            "listPath": "/customers/companies",
            "recordPath": f"/customers/companies/{company_node_id(newest.pk)}",
            "rows": ROWS,
            "loads": LOADS,
            "edits": EDITS,
        }
        print(
            f"{COMPANIES} companies; uvicorn (saas.asgi, DEBUG=0, {settings.DJANGO_ENV} settings) on :{port}; "
            f"chromium {CHROMIUM}",
            flush=True,
        )
        started = time.monotonic()
        result = subprocess.run(
            ["node", "scripts/bench-browser.mjs", json.dumps(config)],
            cwd=FRONTEND,
            env={**os.environ, "CHROMIUM_PATH": CHROMIUM},
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            print(f"the browser run failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}\n{server.output()}")
            verdicts.target(f"list load < {LIST_MS:.0f} ms p50: not measured", False)
            verdicts.target(f"live inline edit < {LIVE_MS:.0f} ms p50: not measured", False)
            return verdicts.report()
        timings = json.loads(result.stdout.strip().splitlines()[-1])
        print(f"browser run: {time.monotonic() - started:.0f} s", flush=True)
        loads, edits = timings["loads"], timings["edits"]
        print(line(f"navigation to the first {ROWS} rows", loads), flush=True)
        print(line("inline edit visible in a second context", edits), flush=True)
        list_p50, live_p50 = statistics.median(loads), statistics.median(edits)
        verdicts.target(f"list load < {LIST_MS:.0f} ms p50 ({list_p50:.0f} ms)", list_p50 < LIST_MS)
        verdicts.target(f"live inline edit < {LIVE_MS:.0f} ms p50 ({live_p50:.0f} ms)", live_p50 < LIVE_MS)
        return verdicts.report()
    finally:
        if server is not None:
            server.stop()
        connection.set_schema_to_public()
        workspace.tenant.delete(force_drop=True)
        User.objects.filter(pk=workspace.user.pk).delete()


def company_node_id(pk: object) -> str:
    """The company's global id, as the web client puts it in a record page's address."""
    from urllib.parse import quote

    from graphql_schema.core.mutations import global_id

    return quote(str(global_id("Company", pk)), safe="")


if __name__ == "__main__":
    sys.exit(main())
