"""Run a coroutine right away, in the caller, until it first has to wait.

Writing a frame to a healthy socket never waits (uvicorn's send only waits
when the client doesn't read and the buffer is full), so the hub's fan-out
writes frames from a callback, without a task per frame; only a write that
does wait gets a task for its remainder.
"""

from __future__ import annotations

from collections.abc import Coroutine, Generator
from typing import Any


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
