"""Real uvicorn processes on 127.0.0.1 and a graphql-transport-ws client for them (tests and bench)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from websockets.asyncio.client import ClientConnection, connect

BASE_DIR = Path(__file__).resolve().parents[2]


def database_url(db: dict[str, Any]) -> str:
    """A DATABASE_URL for Django's ``DATABASES['default']`` (e.g. the renamed test database)."""
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    options = db.get("OPTIONS") or {}
    host = db.get("HOST") or options.get("host") or ""  # a socket directory may come as ?host=
    port = db.get("PORT") or options.get("port") or ""
    if host.startswith("/"):  # a unix socket directory
        return f"postgres://{user}{password}@/{db['NAME']}?host={host}" + (f"&port={port}" if port else "")
    return f"postgres://{user}{password}@{host}{':' + str(port) if port else ''}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class UvicornProcess:
    """``uvicorn tests.realtime.live_asgi:application`` on a random loopback port."""

    def __init__(
        self, env: dict[str, str], *, app: str = "tests.realtime.live_asgi:application", port: int | None = None
    ) -> None:
        self.port = port or free_port()  # a caller that tells the app its port (PUBLIC_URL_PORT) picks it first
        self.log = tempfile.NamedTemporaryFile(prefix="uvicorn-", suffix=".log", delete=False)  # noqa: SIM115
        command = [sys.executable, "-m", "uvicorn", app, "--host", "127.0.0.1", "--port", str(self.port)]
        command += ["--log-level", "warning", "--no-access-log", "--ws-per-message-deflate", "false"]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env={**os.environ, **env}, stdout=self.log, stderr=subprocess.STDOUT
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_ready(self, host: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"uvicorn exited: {self.output()}")
            try:
                response = httpx.get(f"http://127.0.0.1:{self.port}/healthz", headers={"Host": host}, timeout=2)
                if response.status_code == 200:
                    return
                raise RuntimeError(f"uvicorn answered {response.status_code}: {response.text[:300]} {self.output()}")
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"uvicorn not ready: {self.output()}")

    def output(self) -> str:
        return Path(self.log.name).read_text(errors="replace")[-4000:]

    def graphql(self, host: str, query: str, token: str) -> dict[str, Any]:
        response = httpx.post(
            f"http://127.0.0.1:{self.port}/graphql/",
            json={"query": query},
            headers={"Host": host, "Authorization": f"Bearer {token}"},
            timeout=10,
        )
        return dict(response.json())

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


class LiveSubscriber:
    """A graphql-transport-ws client of one tenant host, through a real socket."""

    def __init__(self, server: UvicornProcess, host: str) -> None:
        self.server, self.host = server, host
        self.ws: ClientConnection | None = None

    async def start(self, token: str) -> dict[str, Any]:
        self.ws = await connect(
            f"ws://{self.host}:{self.server.port}/graphql/",
            host="127.0.0.1",
            subprotocols=["graphql-transport-ws"],  # type: ignore[list-item]
            proxy=None,
            open_timeout=10,
            max_queue=None,
        )
        await self.ws.send(json.dumps({"type": "connection_init", "payload": {"authToken": token}}))
        return dict(json.loads(await self.ws.recv()))

    async def subscribe(self, query: str, variables: dict[str, Any] | None = None, op_id: str = "1") -> None:
        assert self.ws is not None
        message = {"id": op_id, "type": "subscribe", "payload": {"query": query, "variables": variables or {}}}
        await self.ws.send(json.dumps(message))

    async def next(self, timeout: float = 5) -> dict[str, Any]:
        import asyncio

        assert self.ws is not None
        return dict(json.loads(await asyncio.wait_for(self.ws.recv(), timeout)))

    async def stop(self) -> None:
        if self.ws is not None:
            await self.ws.close()
