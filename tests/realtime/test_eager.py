"""``realtime.eager.when_done``: many waiters of one future, one done-callback, in order."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync

from realtime import eager
from realtime.eager import when_done


def test_waiters_run_once_each_in_order_even_when_one_fails(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> list[Any]:
        ran: list[Any] = []
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()

        def failing(_: asyncio.Future[Any]) -> None:
            ran.append("failing")
            raise RuntimeError("boom")

        when_done(future, lambda f: ran.append(("first", f.result())))
        when_done(future, failing)
        when_done(future, lambda f: ran.append(("third", f.result())))
        assert ran == []
        future.set_result("x")
        await asyncio.sleep(0)
        when_done(future, lambda f: ran.append(("late", f.result())))  # already done: still called, once
        await asyncio.sleep(0)
        await asyncio.sleep(0)
        return ran

    assert async_to_sync(scenario)() == [("first", "x"), "failing", ("third", "x"), ("late", "x")]
    assert "callback of a realtime future failed" in caplog.text
    assert not eager._waiting  # nothing kept once done


def test_waiters_of_a_cancelled_future_run_too() -> None:
    async def scenario() -> list[bool]:
        ran: list[bool] = []
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        when_done(future, lambda f: ran.append(f.cancelled()))
        future.cancel()
        await asyncio.sleep(0)
        return ran

    assert async_to_sync(scenario)() == [True]
    assert not eager._waiting
