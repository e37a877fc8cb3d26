"""Run a subscription event once per process for every subscriber that asks the same thing.

A thousand subscribers of one tenant with the same ``recordChanged`` selection
would otherwise execute the same selection on the same payload a thousand
times. Payloads that opt in (``share_results``: their fields depend on nothing
but the payload, never on who asks) keep the results by query text, operation
name and variables; later subscribers reuse them. Who may see which event is
decided before (``realtime.gate``), and each visible variant of an event is a
payload of its own. The encoded ``next`` payload is shared too: see
``realtime.frames`` (a subscriber whose frame is cached skips execution and
encoding altogether).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterable, AsyncIterator
from typing import Any, TypeVar

from graphql import ExecutionResult, OperationType
from graphql.pyutils import is_awaitable
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from realtime.frames import CURRENT_OPERATION, SHARED_FRAMES, FrameCache, OperationFrames

SHARED_RESULTS = "_shared_results"

T = TypeVar("T")


def share_results(payload: Any) -> Any:
    """Mark a subscription payload whose execution result may be shared by all its subscribers."""
    if getattr(payload, SHARED_RESULTS, None) is None:
        setattr(payload, SHARED_RESULTS, {})
        setattr(payload, SHARED_FRAMES, FrameCache())
    return payload


async def _deliver_shared(source: AsyncIterable[T], operation: OperationFrames, key: Any) -> AsyncIterator[T]:
    """The source events; those whose encoded result is cached go out directly instead of being yielded."""
    events = source.__aiter__()
    try:
        async for payload in events:
            frames: FrameCache | None = getattr(payload, SHARED_FRAMES, None)
            if frames is not None:
                cached = operation.cached(frames, key)
                if cached is not None:
                    await operation.send_cached(cached)  # a finished operation's event is dropped
                    continue
            operation.pending = (frames, key) if frames is not None else None
            yield payload
    finally:
        close = getattr(events, "aclose", None)  # the resolver's generator: its ``finally`` leaves the group
        if close is not None:
            await close()


class SharedEventExecutionContext(StrawberryGraphQLCoreExecutionContext):
    _shared_key: tuple[str, str, str] | bool | None = False  # False: not worked out yet
    _per_event = False

    def build_per_event_executor(self, payload: Any) -> Any:
        if self._shared_key is False:  # once per subscription; per-event executors are copies of this one
            self._shared_key = self._share_key()
        executor = super().build_per_event_executor(payload)
        executor._per_event = True  # type: ignore[attr-defined]
        return executor

    def cancellable_iterable(self, iterable: AsyncIterable[T]) -> AsyncIterable[T]:
        """The subscription's source stream (graphql-core wraps it here once, before the first event)."""
        operation = CURRENT_OPERATION.get()
        if not self._per_event and operation is not None and self.operation.operation is OperationType.SUBSCRIPTION:
            if self._shared_key is False:
                self._shared_key = self._share_key()
            if isinstance(self._shared_key, tuple):
                operation.key = self._shared_key  # lets the connection deliver cached frames itself
                iterable = _deliver_shared(iterable, operation, self._shared_key)
        return super().cancellable_iterable(iterable)

    def _share_key(self) -> tuple[str, str, str] | None:
        operation = self.operation
        if operation.operation is not OperationType.SUBSCRIPTION or operation.loc is None:
            return None
        try:
            variables = json.dumps(self.variable_values, sort_keys=True, default=str)
        except (TypeError, ValueError):
            return None
        name = operation.name.value if operation.name else ""
        return operation.loc.source.body, name, variables

    def execute_operation(self, serially: bool | None = None) -> Any:
        results: dict[tuple[str, str, str], ExecutionResult] | None = getattr(self.root_value, SHARED_RESULTS, None)
        key = self._shared_key
        if results is None or not isinstance(key, tuple):
            return super().execute_operation(serially)
        if key in results:
            return results[key]
        result = super().execute_operation(serially)
        if not is_awaitable(result):
            if isinstance(result, ExecutionResult) and not result.errors:
                results[key] = result
            return result

        async def remember() -> Any:
            value = await result
            if isinstance(value, ExecutionResult) and not value.errors:
                results[key] = value
            return value

        return remember()
