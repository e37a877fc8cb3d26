"""Text frames written straight to the connection's socket, past the ASGI server's per-message path.

A server-to-client WebSocket frame is a few header bytes and the payload, unmasked. Under uvicorn's
websockets (sans-I/O) protocol, ``send({"type": "websocket.send", "text": ...})`` costs an awaited
coroutine, a ``websockets`` frame object, its serialisation and a join, per frame; with a thousand
subscribers per event that was the largest single cost of the fan-out. ``DirectWriter`` writes the
same bytes to the transport itself, and only while the protocol is in a state where uvicorn's own
send would write them at once: handshake done, nothing closing, no close sent, no compression
negotiated, and the transport not asking to pause (its write buffer under the high-water mark). In
any other state ``write_text`` returns False and the frame takes the normal ASGI send (which waits
for the buffer to drain), so backpressure, closing codes, pings and the handshake stay uvicorn's.
Anything else than that protocol (another server, Channels' test communicator): no direct writer.
"""

from __future__ import annotations

import logging
from typing import Any

from saas.fastpaths import fell_back

logger = logging.getLogger(__name__)


def text_frame_header(size: int) -> bytes:
    """FIN + text opcode, unmasked, and the payload length (RFC 6455, 5.2)."""
    if size < 126:
        return bytes((0x81, size))
    if size < 65536:
        return b"\x81\x7e" + size.to_bytes(2, "big")
    return b"\x81\x7f" + size.to_bytes(8, "big")


def text_frame(data: bytes) -> bytes:
    return text_frame_header(len(data)) + data


class DirectWriter:
    """Writes whole text frames to one uvicorn WebSocket connection's transport, when that is safe now."""

    __slots__ = ("_open", "protocol")

    def __init__(self, protocol: Any, open_state: Any) -> None:
        self.protocol = protocol
        self._open = open_state

    def writable(self) -> bool:
        protocol = self.protocol
        return bool(
            protocol.handshake_complete
            and not protocol.close_sent
            and not protocol.disconnected
            and protocol.initial_response is None
            and protocol.writable.is_set()  # cleared by pause_writing: the client isn't reading fast enough
            and protocol.conn.state is self._open
            and not protocol.transport.is_closing()
        )

    def write_text(self, data: bytes) -> bool:
        """Write ``data`` (UTF-8 text) as one frame now; False (nothing written) when it must take the ASGI send."""
        if not self.writable():
            fell_back("realtime.wire", "not writable now: the ASGI send")
            return False
        self.protocol.transport.write(text_frame(data))
        return True


def direct_writer(send: Any) -> DirectWriter | None:
    """A direct writer for the connection behind an ASGI ``send``, if it is uvicorn's sans-I/O protocol."""
    protocol = getattr(send, "__self__", None)
    if protocol is None:
        return None
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import WebSocketsSansIOProtocol
        from websockets.protocol import State
    except ImportError:  # pragma: no cover  (uvicorn and websockets are dependencies)
        return None
    if not isinstance(protocol, WebSocketsSansIOProtocol) or send != protocol.send:
        fell_back("realtime.wire", f"server protocol {type(protocol).__name__}")
        return None
    if protocol.conn.extensions:  # per-message deflate: frames are compressed by websockets
        fell_back("realtime.wire", "compression negotiated")
        return None
    return DirectWriter(protocol, State.OPEN)
