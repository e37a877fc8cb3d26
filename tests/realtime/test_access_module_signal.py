"""Access changes announced by the access module (team seats, custom roles, keys) reach open WebSockets."""

from __future__ import annotations

import pytest

from saas.access import signals as access_signals


def test_access_module_announcements_make_realtime_recheck_those_users(monkeypatch: pytest.MonkeyPatch) -> None:
    rechecked: list[int] = []
    monkeypatch.setattr("realtime.signals.access_changed", rechecked.append)

    access_signals.access_changed.send(sender=None, user_ids=[3, 7], reason="team_seat")

    assert rechecked == [3, 7]
