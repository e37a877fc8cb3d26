"""A real server stack for tests that need one: a fresh database and uvicorn processes.

Unlike pytest-django's test database (rolled back per test), this database is
committed to by real HTTP requests, so it is created for the test and dropped after.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import environ
import httpx

from saas.launcher import die_with
from saas.scratch_db import scratch_database

BASE_DIR = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SIGN_UP = """mutation($input: SignUpInput!) { signUp(input: $input) { token errors { code } } }"""


@dataclass
class LiveStack:
    database_url: str
    urls: list[str]

    def host_url(self, index: int = 0) -> str:
        return self.urls[index % len(self.urls)]

    def sign_up(self, client: httpx.Client, subdomain: str, password: str) -> str:
        """Sign up workspace ``subdomain`` (owner ``boss@<subdomain>.example.com``) on the public host; its token."""
        variables = {
            "input": {
                "companyName": f"{subdomain.title()} Ltd",
                "subdomain": subdomain,
                "email": f"boss@{subdomain}.example.com",
                "password": password,
                "fullName": f"{subdomain} boss",
            }
        }
        response = client.post(
            f"{self.host_url()}/graphql/",
            json={"query": SIGN_UP, "variables": variables},
            headers={"Host": "localhost"},
        )
        answer = response.json()["data"]["signUp"]
        assert answer["errors"] == [], answer
        return str(answer["token"])


@contextlib.contextmanager
def live_stack(processes: int = 1, extra_env: dict[str, str] | None = None) -> Iterator[LiveStack]:
    """A migrated database with the platform set up, and ``processes`` uvicorn servers on it."""
    with scratch_database("crm_live", template=platform_database()) as url:
        yield from _serve(url, processes, extra_env)


def stack_env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "DJANGO_ENV": "test", "DEBUG": "false", "TENANT_POOL_SIZE": "4"}


_platform_database = contextlib.ExitStack()
atexit.register(_platform_database.close)


@functools.cache
def platform_database() -> str:
    """The name of a database migrated and set up (``setup_platform``) once per test process.

    Each live stack gets a copy of it (``CREATE DATABASE … TEMPLATE``, a second or two) instead of
    replaying every migration (most of a minute on a loaded 2-core machine). It is dropped when the
    process ends.
    """
    url = _platform_database.enter_context(scratch_database("crm_live_template"))
    env = stack_env(url)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    subprocess.run([*manage, "migrate_schemas", "-v", "0"], env=env, check=True, cwd=BASE_DIR)
    subprocess.run([*manage, "setup_platform"], env=env, check=True, cwd=BASE_DIR, stdout=subprocess.DEVNULL)
    return str(environ.Env.db_url_config(url)["NAME"])


def _serve(url: str, processes: int, extra_env: dict[str, str] | None) -> Iterator[LiveStack]:
    env = {**stack_env(url), **(extra_env or {})}
    servers: list[subprocess.Popen[bytes]] = []
    try:
        urls = []
        for _ in range(processes):
            port = free_port()
            command = [sys.executable, "-m", "uvicorn", "saas.asgi:application", "--host", "127.0.0.1"]
            servers.append(
                subprocess.Popen(
                    [*command, "--port", str(port), "--log-level", "warning"],
                    env=env,
                    cwd=BASE_DIR,
                    stdout=subprocess.DEVNULL,
                    preexec_fn=functools.partial(die_with, os.getpid()),  # gone with this test process, even if killed
                )
            )
            urls.append(f"http://127.0.0.1:{port}")
        for server_url in urls:
            _wait_until_up(server_url)
        yield LiveStack(url, urls)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(10)
            if server.poll() is None:
                server.kill()


def _wait_until_up(url: str, timeout: float = 90.0) -> None:
    # A server importing the whole project on a loaded 2-core machine has taken more than 30 s.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", headers={"Host": "localhost"}, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start")
