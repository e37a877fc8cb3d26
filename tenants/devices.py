"""What a person would call the device behind a user agent: browser, system, model.

Read with ua-parser (the maintained port of the uap-core rules), never with regexes of our own.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ua_parser import parse


@dataclass(frozen=True)
class Device:
    browser: str | None  # "Chrome 131", "curl 8"
    operating_system: str | None  # "Windows 10", "iOS 17.2"
    model: str | None  # "iPhone"; None for desktops, which user agents don't name


def _named(family: str | None, *versions: str | None) -> str | None:
    if not family or family == "Other":
        return None
    shown = ".".join(v for v in versions if v)
    return f"{family} {shown}" if shown else family


@functools.lru_cache(maxsize=512)
def describe(user_agent: str) -> Device:
    """The device ``user_agent`` names; all None when it names nothing known (cached: parsing is slow)."""
    found = parse(user_agent[:500]) if user_agent else None
    if found is None:
        return Device(None, None, None)
    browser = _named(found.user_agent.family, found.user_agent.major) if found.user_agent else None
    system = _named(found.os.family, found.os.major, found.os.minor) if found.os else None
    model = found.device.model or found.device.family if found.device else None
    return Device(browser, system, None if model in (None, "Other", "Generic Smartphone") else model)
