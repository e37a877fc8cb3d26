"""Draw the PWA icons (public/icon-192.png, icon-512.png): a white ring on blue. Run once; output is committed."""

import struct
import sys
import zlib
from pathlib import Path


def png(size: int) -> bytes:
    blue, white = (25, 113, 194), (255, 255, 255)
    rows = []
    c = (size - 1) / 2
    outer, inner = size * 0.30, size * 0.18
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            d = ((x - c) ** 2 + (y - c) ** 2) ** 0.5
            # A "C": the ring, open on the right.
            on_ring = inner <= d <= outer and not (x > c and abs(y - c) < size * 0.09)
            row += bytes(white if on_ring else blue)
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parent.parent / "public")
    for size in (192, 512):
        (out / f"icon-{size}.png").write_bytes(png(size))
