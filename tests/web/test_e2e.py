"""The web client in a real browser: Playwright drives Debian's chromium against a real uvicorn.

One test per spec file (frontend/e2e/*.spec.ts): each has its own time bound and, in CI, its own
Playwright retry. Under pytest-xdist (``TEST_WORKERS``) this file is one unit of work, sent first:
one worker runs the specs one after the other (two browsers at once on a 2-core machine only slow
each other down) while the others run the rest of the suite (tests/conftest.py). The server
runs once per pytest process (each xdist worker has its own test database, so its own server) in a
subprocess on the test database (whose public tenant and schema pool the session fixture made), so
what the browser signs up is committed for real; after each spec the test removes those tenants
(dropping their schemas) and users and refills the pool, so the next test in this process finds
the database as the session fixture left it. Screenshots go to artifacts/screenshots/.

``E2E_SPECS`` narrows the run while developing, as Playwright's own arguments would: its words that
are not options pick the spec files whose path they match (``E2E_SPECS=e2e/access.spec.ts``, or
``E2E_SPECS=access``); options (``--grep=...``) go to every Playwright run.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from saas.launcher import die_with
from tenants import provisioning
from tenants.db import connection
from tenants.models import Tenant, User
from tests.conftest import TEST_POOL_SIZE

BASE_DIR: Path = settings.BASE_DIR
FRONTEND = BASE_DIR / "frontend"
SCREENSHOTS = BASE_DIR / "artifacts" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# One spec's bound: the longest spec (tour, record work: a few tests of up to 180 s each, and in CI
# one retry of each) stays well inside it on a loaded 2-core machine; it only stops a hung run.
SPEC_TIMEOUT = 900

pytestmark = pytest.mark.e2e


def playwright_arguments() -> tuple[list[str], list[str]]:
    """``E2E_SPECS`` split into Playwright's file filters (regular expressions over the path) and its options."""
    words = os.environ.get("E2E_SPECS", "").split()
    return [w for w in words if not w.startswith("-")], [w for w in words if w.startswith("-")]


def selected_specs() -> list[str]:
    """The spec files to run, as paths relative to frontend/: all of them, or those ``E2E_SPECS`` names."""
    filters, _ = playwright_arguments()
    specs = sorted(path.relative_to(FRONTEND).as_posix() for path in (FRONTEND / "e2e").glob("*.spec.ts"))
    if not filters:
        return specs
    chosen = [spec for spec in specs if any(re.search(f, str(FRONTEND / spec)) for f in filters)]
    if not chosen:  # a mistake, as Playwright's "No tests found" was
        raise pytest.UsageError(f"E2E_SPECS={' '.join(filters)} names no spec in frontend/e2e/")
    return chosen


def missing_prerequisites() -> list[str]:
    missing = []
    if not (FRONTEND / "dist" / "index.html").exists():
        missing.append("frontend/dist (make frontend)")
    if not (FRONTEND / "node_modules" / ".bin" / "playwright").exists():
        missing.append("frontend/node_modules (make frontend)")
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (make chromium)")
    if shutil.which("npx") is None:
        missing.append("npx (Node.js)")
    return missing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(db: dict[str, Any]) -> str:
    host = db.get("HOST") or db.get("OPTIONS", {}).get("host") or "127.0.0.1"
    if host.startswith("/"):
        return f"postgres://{db['USER']}@/{db['NAME']}?host={host}"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{host}:{db.get('PORT') or 5432}/{db['NAME']}"


def wait_until_up(port: int, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"uvicorn exited:\n{log.read_text()[-5000:]}")
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers={"Host": settings.BASE_DOMAIN})
        try:
            with urllib.request.urlopen(request, timeout=2) as response:
                if response.status == 200:
                    return
        except urllib.error.HTTPError as exc:
            raise AssertionError(f"uvicorn answered {exc.code}:\n{log.read_text()[-5000:]}") from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    raise AssertionError(f"uvicorn did not answer in time:\n{log.read_text()[-5000:]}")


class WebServer:
    """The e2e server of this pytest process: its public-site URL and its log (the console emails)."""

    def __init__(self, url: str, log: Path) -> None:
        self.url = url
        self.log = log


@pytest.fixture(scope="session")
def web_server(
    django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebServer]:
    """A real uvicorn on a free port, on this process's test database, for every spec it runs."""
    missing = missing_prerequisites()
    if missing:
        message = "end-to-end prerequisites missing: " + ", ".join(missing)
        if os.environ.get("E2E_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    with django_db_blocker.unblock():
        db = dict(connection.settings_dict)
    port = free_port()
    tmp_path = tmp_path_factory.mktemp("e2e-server")
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    env.update(
        DATABASE_URL=database_url(db),
        DJANGO_ENV="test",
        PUBLIC_URL_PORT=str(port),
        # The test refills the pool itself after each spec.
        TENANT_POOL_SIZE="0",
        # A failed payment makes the workspace read-only at once (billing.spec.ts), no week of grace.
        BILLING_GRACE_DAYS="0",
        # Files attached in attachments.spec.ts stay with the test run, not in the worktree's .data/.
        ATTACHMENT_DIR=str(tmp_path / "attachments"),
    )
    log = tmp_path / "uvicorn.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "saas.asgi:application", "--host", "127.0.0.1", "--port", str(port)],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=functools.partial(die_with, os.getpid()),  # gone with this process, even if it is killed
        )
    try:
        wait_until_up(port, server, log)
        yield WebServer(f"http://{settings.BASE_DOMAIN}:{port}", log)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def browser_workspaces(web_server: WebServer, django_db_blocker: Any) -> Iterator[WebServer]:
    """The server, and afterwards none of what the spec signed up on it: its tenants and users are removed."""
    with django_db_blocker.unblock():
        tenants_before = set(Tenant.objects.values_list("pk", flat=True))
        users_before = set(User.objects.values_list("pk", flat=True))
    try:
        yield web_server
    finally:
        with django_db_blocker.unblock():
            connection.set_schema_to_public()
            for tenant in Tenant.objects.exclude(pk__in=tenants_before):
                tenant.delete()  # drops its schema (auto_drop_schema)
            # From the template schema: its search path shows the tenant apps' (empty) tables too, so
            # the cascade's look-ups into them (e.g. saved views owned by a user) find what they need.
            connection.set_schema(provisioning.template_schema())
            User.objects.exclude(pk__in=users_before).delete()
            connection.set_schema_to_public()
            provisioning.refill_pool(TEST_POOL_SIZE)


@pytest.mark.parametrize("spec", selected_specs())
def test_web_client_in_chromium(spec: str, browser_workspaces: WebServer) -> None:
    """Runs one of frontend/e2e/*.spec.ts: signup, login/logout, keyboard, tenant isolation, phone, PWA, axe,
    settings (invitations, roles, API keys, 2FA), live updates, a CSAT survey link answered signed out
    (surveys.spec.ts), attachments on a company page (attachments.spec.ts), and every module's pages."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    server = browser_workspaces
    env = dict(os.environ, E2E_BASE_URL=server.url, E2E_SCREENSHOTS=str(SCREENSHOTS), CHROMIUM_PATH=CHROMIUM)
    # The server's console email backend writes invitation emails there (the spec reads the link).
    env["E2E_SERVER_LOG"] = str(server.log)
    env["PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD"] = "1"
    _, options = playwright_arguments()
    # Playwright empties its output directory when it starts: each spec has its own, so runs side by
    # side (xdist workers) keep each other's failure screenshots.
    output = f"test-results/{Path(spec).name.removesuffix('.spec.ts')}"
    try:
        result = subprocess.run(
            ["npx", "playwright", "test", spec, f"--output={output}", *options],
            cwd=FRONTEND,
            env=env,
            capture_output=True,
            text=True,
            timeout=SPEC_TIMEOUT,
        )
    except subprocess.TimeoutExpired as exc:
        # What passed before the bound, so a slow run says where it was.
        done = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        pytest.fail(f"Playwright ran past {exc.timeout:.0f} s:\n{done[-20000:]}")
    print(result.stdout[-20000:])
    assert result.returncode == 0, f"Playwright failed:\n{result.stdout[-20000:]}\n{result.stderr[-5000:]}"
