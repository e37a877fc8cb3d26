"""Run a coroutine right away, in the caller, until it first has to wait; one callback for many waiters.

Writing a frame to a healthy socket never waits (uvicorn's send only waits
when the client doesn't read and the buffer is full), so the hub's fan-out
writes frames from a callback, without a task per frame; only a write that
does wait gets a task for its remainder.

Hundreds of subscriptions of a process wait on the same future (an event's
permission check, a frame another subscription encodes). ``when_done`` runs
all of them from one done-callback, in the order they were added, instead of
the event loop scheduling a callback (a handle and a context) for each.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Generator
from typing import Any

logger = logging.getLogger(__name__)


class _Rest:
    """The remainder of a coroutine already started by hand, as an awaitable (for a task to finish)."""

    def __init__(self, coroutine: Coroutine[Any, Any, Any], waiting_on: Any) -> None:
        self.coroutine = coroutine
        self.waiting_on = waiting_on

    def __await__(self) -> Generator[Any, Any, Any]:
        coroutine, waiting_on = self.coroutine, self.waiting_on
        while True:
            try:
                value = yield waiting_on
            except GeneratorExit:
                coroutine.close()
                raise
            except BaseException as exc:  # cancellation included: handed on to the coroutine
                try:
                    waiting_on = coroutine.throw(exc)
                except StopIteration as stop:
                    return stop.value
            else:
                try:
                    waiting_on = coroutine.send(value)
                except StopIteration as stop:
                    return stop.value


async def _finish(rest: _Rest) -> Any:
    return await rest


def run_eagerly(coroutine: Coroutine[Any, Any, Any]) -> Coroutine[Any, Any, Any] | None:
    """Run ``coroutine`` until it finishes (None) or waits (a coroutine of the rest, to run in a task).

    Exceptions it raises before waiting are raised here.
    """
    try:
        waiting_on = coroutine.send(None)
    except StopIteration:
        return None
    return _finish(_Rest(coroutine, waiting_on))


class _Waiters:
    __slots__ = ("callbacks",)

    def __init__(self) -> None:
        self.callbacks: list[Callable[[asyncio.Future[Any]], None]] = []

    def __call__(self, future: asyncio.Future[Any]) -> None:
        _waiting.pop(future, None)
        for callback in self.callbacks:
            try:
                callback(future)
            except Exception:
                logger.exception("callback of a realtime future failed")


# Futures with waiters, until done (a done future's callbacks always run, cancelled or not).
_waiting: dict[asyncio.Future[Any], _Waiters] = {}


def when_done(future: asyncio.Future[Any], callback: Callable[[asyncio.Future[Any]], None]) -> None:
    """``future.add_done_callback(callback)``, sharing one done-callback with the future's other waiters."""
    waiters = _waiting.get(future)
    if waiters is None:
        waiters = _waiting[future] = _Waiters()
        future.add_done_callback(waiters)
    waiters.callbacks.append(callback)
