"""Frames written straight to uvicorn's transport (``realtime.wire``): the same bytes, only when uvicorn would write.

The protocol here is uvicorn's own (websockets sans-I/O) over a transport that records what is written,
so each test compares the direct path with what uvicorn's ASGI ``send`` writes for the same text.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from uvicorn.config import Config
from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
from uvicorn.server import ServerState

import realtime.consumer
from realtime.consumer import TenantGraphQLWSConsumer
from realtime.events import records_group
from realtime.hub import hub
from realtime.wire import DirectWriter, direct_writer, text_frame_header
from tests.conftest import Workspace
from tests.realtime.helpers import RECORD_CHANGED, Subscriber, wait_for_group, write_record

write = database_sync_to_async(write_record)
Send = Callable[[dict[str, Any]], Awaitable[None]]


class RecordingTransport(asyncio.Transport):
    def __init__(self) -> None:
        super().__init__()
        self.written = bytearray()
        self.closing = False

    def write(self, data: bytes | bytearray | memoryview) -> None:
        self.written += data

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return default

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def take(self) -> bytes:
        data = bytes(self.written)
        self.written.clear()
        return data


def text_frames(data: bytes) -> list[str]:
    """The texts of the (unmasked, unfragmented) server frames in ``data``."""
    texts, position = [], 0
    while position < len(data):
        assert data[position] == 0x81, data[position : position + 10]
        size, start = data[position + 1] & 0x7F, position + 2
        if size == 126:
            size, start = int.from_bytes(data[position + 2 : position + 4], "big"), position + 4
        elif size == 127:
            size, start = int.from_bytes(data[position + 2 : position + 10], "big"), position + 10
        texts.append(data[start : start + size].decode())
        position = start + size
    return texts


async def uvicorn_connection(*, deflate: bool = False) -> tuple[WebSocketsSansIOProtocol, RecordingTransport, Send]:
    """An accepted WebSocket of uvicorn's sans-I/O protocol, and the ASGI ``send`` its application got."""
    sends: list[Send] = []
    accepted = asyncio.Event()

    async def app(scope: dict[str, Any], receive: Any, send: Send) -> None:
        await receive()
        await send({"type": "websocket.accept"})
        sends.append(send)
        accepted.set()
        while (await receive())["type"] != "websocket.disconnect":
            pass

    config = Config(app=app, ws="websockets-sansio", ws_per_message_deflate=deflate, lifespan="off")
    config.load()
    protocol = WebSocketsSansIOProtocol(config, ServerState(), {}, _loop=asyncio.get_running_loop())
    transport = RecordingTransport()
    protocol.connection_made(transport)
    key = base64.b64encode(os.urandom(16)).decode()
    extensions = "Sec-WebSocket-Extensions: permessage-deflate\r\n" if deflate else ""
    protocol.data_received(
        f"GET /graphql/ HTTP/1.1\r\nHost: alpha.localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n{extensions}\r\n".encode()
    )
    await asyncio.wait_for(accepted.wait(), 5)
    assert transport.take().startswith(b"HTTP/1.1 101")
    return protocol, transport, sends[0]


def test_text_frame_headers() -> None:
    assert text_frame_header(0) == b"\x81\x00"
    assert text_frame_header(125) == b"\x81\x7d"
    assert text_frame_header(126) == b"\x81\x7e\x00\x7e"
    assert text_frame_header(65535) == b"\x81\x7e\xff\xff"
    assert text_frame_header(65536) == b"\x81\x7f" + (65536).to_bytes(8, "big")


def test_a_direct_frame_is_the_bytes_uvicorn_would_send() -> None:
    async def scenario() -> None:
        protocol, transport, send = await uvicorn_connection()
        writer = direct_writer(send)
        assert isinstance(writer, DirectWriter)
        for size in (0, 1, 125, 126, 127, 300, 65535, 65536, 70000):
            text = ("é" + "x" * size)[:size] if size else ""  # multi-byte characters: lengths are in bytes
            await send({"type": "websocket.send", "text": text})
            by_uvicorn = transport.take()
            assert writer.write_text(text.encode())
            assert transport.take() == by_uvicorn
            assert text_frames(by_uvicorn) == [text]
        protocol.connection_lost(None)

    async_to_sync(scenario)()


def test_no_direct_write_while_uvicorn_would_wait_or_is_closing() -> None:
    async def scenario() -> None:
        protocol, transport, send = await uvicorn_connection()
        writer = direct_writer(send)
        assert writer is not None
        protocol.pause_writing()  # the transport's buffer is over its high-water mark: the client lags
        assert not writer.write_text(b"wait")
        protocol.resume_writing()
        assert writer.write_text(b"now")
        assert text_frames(transport.take()) == ["now"]
        await send({"type": "websocket.close", "code": 4429, "reason": "too slow"})
        transport.take()
        assert not writer.write_text(b"after the close")
        assert transport.take() == b""
        protocol.connection_lost(None)

    async_to_sync(scenario)()


def test_no_direct_writer_with_compression_or_another_server() -> None:
    async def scenario() -> None:
        protocol, _, send = await uvicorn_connection(deflate=True)
        assert protocol.conn.extensions  # negotiated: frames must be compressed by websockets
        assert direct_writer(send) is None
        protocol.connection_lost(None)

    async def plain_send(message: dict[str, Any]) -> None:
        pass

    async_to_sync(scenario)()
    assert direct_writer(plain_send) is None
    assert direct_writer(None) is None


@pytest.mark.django_db
def test_frames_wait_while_the_socket_is_full_and_too_many_close_with_4429(
    workspace_a: Workspace,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
    connections: list[TenantGraphQLWSConsumer],
    stalled_writes: list[TenantGraphQLWSConsumer],
) -> None:
    """Frames go straight to the socket; one that stays full makes them queue, and too many close it (4429).

    Each connection's direct writer is a uvicorn protocol over a recording transport, paused (as if its
    buffer were full) until the test resumes it; meanwhile frames take the ASGI send (Channels' communicator
    here), which for the slow connection never completes in time, as for a client that doesn't read.
    """
    settings.REALTIME_MAX_PENDING_EVENTS = 5
    sockets: list[tuple[WebSocketsSansIOProtocol, RecordingTransport]] = []
    stalled = stalled_writes

    async def scenario() -> tuple[int, list[str]]:
        free: list[tuple[WebSocketsSansIOProtocol, RecordingTransport]] = []
        for _ in range(2):
            protocol, transport, _ = await uvicorn_connection()
            protocol.pause_writing()
            free.append((protocol, transport))

        def paused_writer(send: Any) -> DirectWriter | None:  # asked once per connection, at its first frame
            protocol, transport = free.pop(0)
            sockets.append((protocol, transport))
            return direct_writer(protocol.send)

        monkeypatch.setattr(realtime.consumer, "direct_writer", paused_writer)
        slow, fast = Subscriber("alpha.localhost"), Subscriber("alpha.localhost")
        await slow.start({"authToken": workspace_a.token})
        await fast.start({"authToken": workspace_a.token})
        await slow.subscribe(RECORD_CHANGED)
        await fast.subscribe(RECORD_CHANGED)
        await wait_for_group(records_group("alpha"), 2)
        await write(workspace_a.tenant, "created", 1)
        await slow.next()
        await fast.next()
        stalled.append(connections[0])  # the slow one: its socket stays full, its ASGI send doesn't return
        fast_protocol, fast_socket = sockets[1]
        fast_protocol.resume_writing()  # the fast one's frames go straight to its socket from now on
        for n in range(2, 32):
            await write(workspace_a.tenant, "created", n)
        code = await slow.close_code(timeout=5)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 5
        while len(text_frames(bytes(fast_socket.written))) < 30 and loop.time() < deadline:
            await asyncio.sleep(0.01)
        frames = [json.loads(text) for text in text_frames(bytes(fast_socket.written))]
        assert await fast.nothing(0.1)  # none of its frames took the ASGI send meanwhile
        for client in (slow, fast):
            await client.stop()
        for protocol, _ in sockets:
            protocol.connection_lost(None)
        return code, [frame["payload"]["data"]["recordChanged"]["recordId"] for frame in frames]

    code, fast_got = async_to_sync(scenario)()
    assert code == 4429
    assert fast_got == [str(n) for n in range(2, 32)]  # all of them, in order, straight to its socket
    assert hub.listening(records_group("alpha")) == 0
