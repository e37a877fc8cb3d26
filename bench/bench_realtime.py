"""Realtime delivery: 1,000 WebSocket subscribers over 10 tenants, 100 writes per second.

Starts uvicorn (the production ASGI app, on 127.0.0.1) on Redis, signs up the
tenants, connects the subscribers from separate client processes
(``recordChanged``), then commits AuditEntry records at a fixed rate, spread
over the tenants, each emitting its event. Prints the delivery latency from
commit (the event's ``occurredAt``, stamped right after the commit) to client
receipt, the messages lost, and the server's memory, beside the targets.
Everything it creates is removed at the end.

    python -m saas.launcher bench bench_realtime          # or: make bench
    python bench/bench_realtime.py --seconds 10 --subscribers 200   # smaller run
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import secrets
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from typing import Any

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.common import Verdicts  # noqa: E402

TARGET_P99_MS = 100.0
OFFERED_SHARE = 0.95  # below this share of the asked write rate the run did not offer the load it measures
DRAIN_SECONDS = 60
QUERY = 'subscription { recordChanged(types: ["AuditEntry"]) { payload occurredAt } }'


# --- client processes: connect subscribers, record what arrives -----------------------------------


def client_frame(opcode: int, payload: bytes) -> bytes:
    """A masked frame, as clients must send them (only a few per connection: no need for speed)."""
    mask = os.urandom(4)
    size = len(payload)
    if size < 126:
        header = bytes([0x80 | opcode, 0x80 | size])
    elif size < 65536:
        header = bytes([0x80 | opcode, 0x80 | 126]) + size.to_bytes(2, "big")
    else:
        header = bytes([0x80 | opcode, 0x80 | 127]) + size.to_bytes(8, "big")
    return header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


class WireSubscriber(asyncio.Protocol):
    """One graphql-transport-ws subscriber, parsing frames as they arrive.

    A general-purpose client (``websockets``) costs a task wake-up and a parser generator per message, which
    on this machine made the clients, not the server, the bottleneck. This one reads the server's frames
    right in ``data_received``; what it records is unchanged: every ``next`` message, its arrival time.
    """

    def __init__(self, address: str, token: str, ready: asyncio.Event) -> None:
        loop = asyncio.get_running_loop()
        self.address, self.token, self.ready = address, token, ready
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.fragments = bytearray()
        self.upgraded = False
        self.acked: asyncio.Future[None] = loop.create_future()
        self.done: asyncio.Future[str] = loop.create_future()  # "" when the end event came, else what went wrong
        self.received: set[int] = set()
        self.latencies: list[float] = []

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # (uvloop's transports aren't asyncio.Transport)
        key = base64.b64encode(os.urandom(16)).decode()
        transport.write(  # type: ignore[attr-defined]
            f"GET /graphql/ HTTP/1.1\r\nHost: {self.address}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
            "Sec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n".encode()
        )

    def send_json(self, message: dict[str, Any]) -> None:
        assert self.transport is not None
        self.transport.write(client_frame(0x1, json.dumps(message).encode()))

    def finish(self, outcome: str) -> None:
        if not self.done.done():
            self.done.set_result(outcome)
        if not self.acked.done():
            self.acked.set_exception(ConnectionError(outcome))

    def connection_lost(self, exc: Exception | None) -> None:
        self.finish(f"connection lost: {exc}")

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        if not self.upgraded:
            head_end = buffer.find(b"\r\n\r\n")
            if head_end < 0:
                return
            head = bytes(buffer[:head_end])
            del buffer[: head_end + 4]
            if not head.startswith(b"HTTP/1.1 101"):
                self.finish(f"refused: {head[:200]!r}")
                return
            self.upgraded = True
            self.send_json({"type": "connection_init", "payload": {"authToken": self.token}})
        position, size = 0, len(buffer)
        while size - position >= 2 and not self.done.done():
            first, length = buffer[position], buffer[position + 1] & 0x7F
            start = position + 2
            if length == 126:
                if size - position < 4:
                    break
                length, start = int.from_bytes(buffer[position + 2 : position + 4], "big"), position + 4
            elif length == 127:
                if size - position < 10:
                    break
                length, start = int.from_bytes(buffer[position + 2 : position + 10], "big"), position + 10
            if start + length > size:
                break
            self.frame(first, bytes(buffer[start : start + length]))
            position = start + length
        del buffer[:position]

    def frame(self, first: int, payload: bytes) -> None:
        opcode, final = first & 0x0F, first & 0x80
        if opcode in (0x0, 0x1):
            self.fragments += payload
            if final:
                text = self.fragments.decode()
                self.fragments.clear()
                self.message(text)
        elif opcode == 0x9:  # the server's keep-alive ping
            assert self.transport is not None
            self.transport.write(client_frame(0xA, payload))
        elif opcode == 0x8:
            code = int.from_bytes(payload[:2], "big") if len(payload) >= 2 else 1005
            self.finish(f"closed by the server: {code} {payload[2:].decode(errors='replace')}")

    def message(self, text: str) -> None:
        now = time.time()
        message = json.loads(text)
        if not self.acked.done():
            if message.get("type") == "connection_ack":
                self.acked.set_result(None)
            else:
                self.finish(f"refused: {message}")
            return
        if message.get("type") != "next":
            self.finish(f"unexpected: {message}")
            return
        change = message["payload"]["data"]["recordChanged"]
        if change["payload"].get("warmup"):  # subscribed: the measured writes may start
            self.ready.set()
            return
        if change["payload"].get("end"):
            self.finish("")
            return
        self.received.add(change["payload"]["seq"])
        self.latencies.append(now - datetime.fromisoformat(change["occurredAt"]).timestamp())


async def run_subscriber(
    port: int,
    host: str,
    token: str,
    deadline: float,
    gate: asyncio.Semaphore,
    flags: tuple[asyncio.Event, asyncio.Event],
) -> tuple[set[int], list[float], str]:
    subscribed, ready = flags
    client = None
    waiting = True
    try:
        await gate.acquire()  # connect in waves, not hundreds of handshakes at once
        loop = asyncio.get_running_loop()
        _, client = await asyncio.wait_for(
            loop.create_connection(lambda: WireSubscriber(f"{host}:{port}", token, ready), "127.0.0.1", port), 60
        )
        await asyncio.wait_for(asyncio.shield(client.acked), 60)
        client.send_json({"id": "1", "type": "subscribe", "payload": {"query": QUERY}})
        gate.release()
        waiting = False
        subscribed.set()
        try:
            outcome = await asyncio.wait_for(asyncio.shield(client.done), max(0.0, deadline - time.time()))
        except TimeoutError:
            outcome = "deadline"
        return client.received, client.latencies, outcome
    except Exception as exc:
        if client is not None:
            return client.received, client.latencies, f"{type(exc).__name__}: {exc}"
        return set(), [], f"{type(exc).__name__}: {exc}"
    finally:
        if client is not None and client.transport is not None:
            client.transport.close()
        subscribed.set()
        ready.set()
        if waiting:
            gate.release()


async def client_main(config: dict[str, Any]) -> None:
    deadline = time.time() + config["timeout"]
    gate = asyncio.Semaphore(50)
    subscribed = [asyncio.Event() for _ in config["subscribers"]]
    readiness = [asyncio.Event() for _ in config["subscribers"]]

    async def announce() -> None:
        for event in subscribed:
            await event.wait()
        print("SUBSCRIBED", flush=True)
        for event in readiness:
            await event.wait()
        print("READY", flush=True)

    cpu_at_ready: list[float] = []

    async def announce_and_clock() -> None:
        await announce()
        cpu_at_ready.append(time.process_time())  # the clients' own cost is measured from here

    announcer = asyncio.create_task(announce_and_clock())
    results = await asyncio.gather(
        *(
            run_subscriber(port, host, token, deadline, gate, flags)
            for (port, host, token), flags in zip(
                config["subscribers"], zip(subscribed, readiness, strict=True), strict=True
            )
        )
    )
    await announcer
    print(
        json.dumps(
            {
                "received": [sorted(r[0]) for r in results],
                "latencies": [lat for r in results for lat in r[1]],
                "errors": [r[2] for r in results if r[2]],
                "cpu_seconds": time.process_time() - (cpu_at_ready[0] if cpu_at_ready else 0.0),
            }
        ),
        flush=True,
    )


# --- the benchmark ---------------------------------------------------------------------------------


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--tenants", type=int, default=10)
    parser.add_argument("--rate", type=float, default=100.0, help="writes per second, over all tenants")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument(
        "--server-processes",
        type=int,
        default=2,
        help="uvicorn processes on Redis, subscribers spread over them (production runs several: infra/Dockerfile)",
    )
    parser.add_argument("--client", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        try:
            import uvloop

            loop_factory: Any = uvloop.new_event_loop
        except ImportError:
            loop_factory = None
        with asyncio.Runner(loop_factory=loop_factory) as runner:
            runner.run(client_main(json.loads(Path(args.client).read_text())))
        return 0

    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        print(f"not run: needs Redis at {redis_url} ({exc}); set REDIS_URL")
        print("-- targets")
        print("MISSED realtime delivery: not measured (no Redis)")
        return 1
    os.environ["REDIS_URL"] = redis_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "saas.settings")
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ["RATE_LIMIT_ENABLED"] = "0"  # the bench measures delivery, not the buckets
    from saas import launcher

    launcher.ensure_database()
    launcher.prepare_database()

    import django

    django.setup()
    from asgiref.sync import sync_to_async

    from realtime import events
    from realtime.tenancy import tenant_schema
    from saas.access.registry import register
    from saas.audit.models import AuditEntry
    from tenants import provisioning, services
    from tenants.models import User
    from tests.realtime.live import UvicornProcess

    register(AuditEntry, owner_field=None, sensitive_fields=())
    provisioning.refill_pool_soon = lambda: None  # no background cloning during the run
    tag = secrets.token_hex(3)
    workspaces: list[services.SignUpResult] = []
    servers: list[UvicornProcess] = []
    clients: list[subprocess.Popen[str]] = []
    try:
        started = time.monotonic()
        for n in range(args.tenants):
            workspaces.append(
                services.sign_up(
                    company_name=f"Bench {n}",
                    subdomain=f"bench-{tag}-{n}",
                    email=f"owner{n}@bench-{tag}.example.com",
                    password="a-strong-bench-password-2026",
                    full_name=f"Owner {n}",
                )
            )
        print(f"signed up {args.tenants} tenants in {time.monotonic() - started:.1f} s", flush=True)
        hosts = [services.tenant_host(w.tenant.subdomain) for w in workspaces]

        env = {
            "REDIS_URL": redis_url,
            "DEBUG": "0",
            "RATE_LIMIT_ENABLED": "0",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": os.environ["DATABASE_URL"],
        }
        for _ in range(args.server_processes):
            servers.append(UvicornProcess(env))
        for server in servers:
            server.wait_ready(hosts[0])

        def server_rss() -> float:
            return sum(rss_mb(server.pid) for server in servers)

        def server_cpu() -> float:
            return sum(cpu_seconds(server.pid) for server in servers)

        idle_rss = server_rss()

        # Subscribers: round-robin over tenants, split over the client processes. Like a load balancer, which
        # knows no tenants, each tenant's subscribers are spread over the server processes.
        subscribers = [
            (
                servers[(i // args.tenants) % len(servers)].port,
                hosts[i % args.tenants],
                workspaces[i % args.tenants].token,
            )
            for i in range(args.subscribers)
        ]
        timeout = args.seconds + DRAIN_SECONDS + 30  # + warm-up
        for c in range(args.client_processes):
            config = Path(f"/tmp/bench-realtime-{tag}-{c}.json")
            config.write_text(json.dumps({"subscribers": subscribers[c :: args.client_processes], "timeout": timeout}))
            clients.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--client", str(config)], stdout=subprocess.PIPE, text=True, cwd=BASE_DIR
                )
            )
        started = time.monotonic()

        def warm_up() -> None:
            for workspace in workspaces:
                with tenant_schema(workspace.tenant):
                    events.emit("created", "AuditEntry", 0, {"warmup": True})

        # Connected and subscribed (client side), then: until every subscriber has heard a warm-up event,
        # it may not be listening yet. Warm-ups are few, so they leave no backlog behind.
        lines = [[threading.Event(), threading.Event()] for _ in clients]

        def follow(client: subprocess.Popen[str], flags: list[threading.Event]) -> None:
            assert client.stdout is not None
            for flag in flags:
                client.stdout.readline()
                flag.set()

        for client, flags in zip(clients, lines, strict=True):
            threading.Thread(target=follow, args=(client, flags), daemon=True).start()
        for step in (0, 1):
            while not all(flags[step].is_set() for flags in lines):
                if time.monotonic() - started > 300:
                    print("subscribers not all connected after 300 s")
                    return 1
                if step == 1:
                    warm_up()
                time.sleep(1.0)
        time.sleep(2)
        connected_rss = server_rss()
        cpu_before = server_cpu()
        print(f"connected {args.subscribers} subscribers in {time.monotonic() - started:.1f} s", flush=True)

        def write(n: int) -> None:
            workspace = workspaces[n % args.tenants]
            with tenant_schema(workspace.tenant):
                entry = AuditEntry.objects.create(action="create", record_type="BenchThing", record_id=str(n))
                events.emit("created", "AuditEntry", entry.pk, {"seq": n})  # published on commit (autocommit)

        def finish() -> None:
            for workspace in workspaces:
                with tenant_schema(workspace.tenant):
                    events.emit("created", "AuditEntry", 0, {"end": True})

        total = int(args.rate * args.seconds)
        peak_rss = connected_rss

        async def writer() -> float:
            nonlocal peak_rss
            write_async = sync_to_async(write)
            loop = asyncio.get_running_loop()
            begin = loop.time()
            next_sample = begin
            for n in range(total):
                delay = begin + n / args.rate - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                await write_async(n)
                if loop.time() >= next_sample:
                    peak_rss = max(peak_rss, server_rss())
                    next_sample += 1
            elapsed = loop.time() - begin
            await asyncio.sleep(3)  # stragglers
            peak_rss = max(peak_rss, server_rss())
            await sync_to_async(finish)()
            return elapsed

        elapsed = asyncio.run(writer())
        received: list[list[int]] = []
        latencies: list[float] = []
        errors: list[str] = []
        client_cpu = 0.0
        for client in clients:
            out, _ = client.communicate(timeout=timeout)
            result = json.loads(out.strip().splitlines()[-1])
            received += result["received"]
            latencies += result["latencies"]
            errors += result["errors"]
            client_cpu += result["cpu_seconds"]
        # Results come back per client process, in the order its subscribers were given.
        tenant_of = [i % args.tenants for i in range(args.subscribers)]
        result_tenants = [t for c in range(args.client_processes) for t in tenant_of[c :: args.client_processes]]
        writes_of = [sum(1 for n in range(total) if n % args.tenants == t) for t in range(args.tenants)]
        expected = sum(writes_of[t] for t in result_tenants)
        delivered = sum(len(row) for row in received)
        wrong_tenant = sum(
            1 for t, row in zip(result_tenants, received, strict=True) for seq in row if seq % args.tenants != t
        )
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        print(
            f"{args.subscribers} subscribers over {args.tenants} tenants, {len(servers)} uvicorn process(es) on Redis, "
            f"{total} writes in {elapsed:.1f} s ({total / elapsed:.0f}/s)"
        )
        worst = max(latencies, default=0) * 1000
        print(f"delivery latency commit -> client: p50 {p50:.1f} ms, p99 {p99:.1f} ms, max {worst:.1f} ms")
        print(
            f"messages delivered {delivered} of {expected}, lost {expected - delivered} (target 0; not delivered "
            f"within {DRAIN_SECONDS} s after the last write counts as lost), to the wrong tenant {wrong_tenant}"
        )
        busy = server_cpu() - cpu_before
        print(
            f"server CPU (all processes) from the first write to the last delivery: {busy:.1f} s "
            f"({busy / max(delivered, 1) * 1e6:.0f} us per delivered message); load average {os.getloadavg()[0]:.1f} "
            f"on {os.cpu_count()} CPUs"
        )
        print(
            f"client CPU ({args.client_processes} processes, same machine): {client_cpu:.1f} s "
            f"({client_cpu / max(delivered, 1) * 1e6:.0f} us per received message)"
        )
        print(
            f"server RSS (all processes): idle {idle_rss:.0f} MB, with subscribers {connected_rss:.0f} MB, "
            f"peak while writing {peak_rss:.0f} MB"
        )
        if errors:
            print(f"client errors ({len(errors)}): {errors[:3]}")
        offered = total / elapsed
        if offered < args.rate * OFFERED_SHARE:
            print(
                f"the writer offered {offered:.0f} writes/s of the {args.rate:.0f} asked: this machine (load average"
                f" {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs) could not generate the load, so the figures"
                " above are for a lighter load than the target's"
            )
        verdicts = Verdicts()
        verdicts.target(
            f"offered load: {offered:.0f} writes/s (asked {args.rate:.0f}/s; the machine's limit when missed)",
            offered >= args.rate * OFFERED_SHARE,
        )
        verdicts.target(f"delivery p99 {p99:.1f} ms (target < {TARGET_P99_MS:.0f} ms)", p99 < TARGET_P99_MS)
        verdicts.target(f"messages lost: {expected - delivered} (target 0)", delivered == expected)
        verdicts.target(f"messages to the wrong tenant: {wrong_tenant} (target 0)", wrong_tenant == 0)
        verdicts.target(f"client errors: {len(errors)} (target 0)", not errors)
        return verdicts.report()
    finally:
        for client in clients:
            if client.poll() is None:
                client.kill()
        for server in servers:
            server.stop()
        for workspace in workspaces:
            workspace.tenant.delete(force_drop=True)
            User.objects.filter(pk=workspace.user.pk).delete()
        for path in Path("/tmp").glob(f"bench-realtime-{tag}-*.json"):
            path.unlink()


if __name__ == "__main__":
    sys.exit(main())
