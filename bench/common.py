"""What every benchmark shares: timing in turns, the summary line, and the verdict (MET / MISSED) per target."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Stats:
    name: str
    timings: list[float]

    @property
    def p50(self) -> float:
        return statistics.median(self.timings) * 1000

    @property
    def p99(self) -> float:
        ordered = sorted(self.timings)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000

    @property
    def rps(self) -> float:
        return len(self.timings) / sum(self.timings)

    def line(self) -> str:
        return f"{self.name:<34} {self.rps:8.1f} req/s   p50 {self.p50:8.2f} ms   p99 {self.p99:8.2f} ms"


def measure(
    sides: Sequence[Callable[[int], object]], inputs: list[int], turn: int = 25, warm_up: int = 5
) -> list[list[float]]:
    """Each side's time per input. The sides take turns of ``turn`` requests: on a shared machine all
    see the same load over the run, and within a turn each runs warm, as it would alone."""
    timings: list[list[float]] = [[] for _ in sides]
    for start in range(0, len(inputs), turn):
        for run, side in zip(sides, timings, strict=True):
            for value in inputs[start : start + turn][:warm_up]:
                run(value)  # not timed: the other side ran last
            for value in inputs[start : start + turn]:
                started = time.perf_counter()
                run(value)
                side.append(time.perf_counter() - started)
    return timings


@dataclass
class Verdicts:
    """One line per target at the end of a benchmark; the exit status says whether all were met."""

    lines: list[tuple[str, bool]] = field(default_factory=list)

    def target(self, description: str, met: bool) -> None:
        self.lines.append((description, met))

    def report(self) -> int:
        print("-- targets", flush=True)
        for description, met in self.lines:
            print(f"{'MET   ' if met else 'MISSED'} {description}", flush=True)
        return 0 if all(met for _, met in self.lines) else 1


def bench_workspace(subdomain: str, company_name: str) -> Any:
    """The benchmark's workspace (a ``Tenant``), signed up on the first run: the database migrated first.

    Call it after ``django.setup()``; imports are local so this module stays importable without Django.
    """
    from django.core.management import call_command

    from tenants import services
    from tenants.models import Tenant

    call_command("migrate_schemas", executor="standard", verbosity=0)
    call_command("setup_platform", verbosity=0)
    tenant = Tenant.objects.filter(schema_name=subdomain.replace("-", "_")).first()
    if tenant is None:
        tenant = services.sign_up(
            company_name=company_name,
            subdomain=subdomain,
            email=f"owner@{subdomain}.example.com",
            password="bench-password-2026",
            full_name="Bench Owner",
        ).tenant
    return tenant
