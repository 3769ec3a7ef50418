"""/favicon.ico for both dev server origins: a 32x32 icon (a chat bubble in the
chat page's accent colour) built here in a few lines, so browsers stop logging a
404 on every page. Classic ICO container with one 32-bit BMP image (alpha
channel, empty AND mask); every browser decodes it.
"""
from __future__ import annotations

import functools
import struct

SIZE = 32
ACCENT = (0x0b, 0x6b, 0xcb)        # --accent of devkit/static/chat/chat.css
WHITE = (0xff, 0xff, 0xff)


def _pixel(x: int, y: int) -> tuple[int, int, int, int]:
    """RGBA of the pixel at (x, y), y growing downwards: a round bubble with a
    tail at the bottom left and three white dots."""
    cx, cy, r = 16.0, 14.0, 12.5
    px, py = x + 0.5, y + 0.5
    inside = (px - cx) ** 2 + (py - cy) ** 2 <= r * r
    tail = 4 <= x <= 12 and 22 <= y <= 29 and (x - 4) >= (y - 22)   # a triangle under the bubble
    if not (inside or tail):
        return (0, 0, 0, 0)
    for dot_x in (10.0, 16.0, 22.0):
        if (px - dot_x) ** 2 + (py - cy) ** 2 <= 2.2 ** 2:
            return (*WHITE, 255)
    return (*ACCENT, 255)


@functools.cache
def favicon_ico() -> bytes:
    rows = []
    for y in range(SIZE - 1, -1, -1):                 # BMP rows run bottom-up
        row = bytearray()
        for x in range(SIZE):
            r, g, b, a = _pixel(x, y)
            row += bytes((b, g, r, a))                # BGRA
        rows.append(bytes(row))
    pixels = b''.join(rows)
    and_mask = bytes(SIZE * SIZE // 8)                # 1 bit per pixel, rows padded to 4 bytes (32 px = 4 bytes)
    header = struct.pack('<IiiHHIIiiII', 40, SIZE, SIZE * 2, 1, 32, 0, len(pixels) + len(and_mask), 0, 0, 0, 0)
    image = header + pixels + and_mask
    icon_dir = struct.pack('<HHH', 0, 1, 1)
    entry = struct.pack('<BBBBHHII', SIZE, SIZE, 0, 0, 1, 32, len(image), 6 + 16)
    return icon_dir + entry + image
